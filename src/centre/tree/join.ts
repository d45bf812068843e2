import type { CentreStore } from '../store.js';
import { describeCentre, readPeerDescription, type CentreDescription, type PeerDescription } from './describe.js';
import { TreeError } from './error.js';
import { fetchJson, short } from './fetch-json.js';
import { divisionWithin, LEVELS } from './level.js';
import { centrePath, MAX_CHAIN, normalUrl } from './chain.js';
import { treeStoreOf, type CentreIdentity, type HarvestSource } from './store.js';

/** What a parent answers a join (POST /api/v1/centres). */
export interface JoinAnswer {
  member: HarvestSource;
  parent: CentreDescription;
  /** The centres above the child, parent first (the child stores them and never harvests them). */
  ancestors: { id: string; url: string }[];
}

/** A peer's self-description, fetched from `url` (its base URL) within the peer limits. */
export async function fetchPeer(url: string): Promise<PeerDescription> {
  const { status, json } = await fetchJson(centrePath(url, '/api/v1/centre'));
  if (status !== 200) throw new TreeError('tree.peer-bad-answer', { url: short(url), detail: `GET /api/v1/centre answered HTTP ${status}` }, 502);
  return readPeerDescription(json, url);
}

/**
 * Why `peer` (at `url`) may not be harvested by the centre `me` (at `selfUrls`), or undefined: it is this centre
 * (same id or URL), or one of its ancestors (a loop in the tree).
 */
export function loopProblem(me: CentreIdentity, selfUrls: string[], peer: { id?: string; url: string }): TreeError | undefined {
  if ((peer.id && peer.id === me.id) || selfUrls.includes(peer.url)) return new TreeError('tree.join-self', { url: peer.url });
  const up = (me.ancestors ?? []).find((a) => a.id === peer.id || a.url === peer.url);
  if (up) return new TreeError('tree.join-loop', { url: peer.url, ancestor: up.url });
  return undefined;
}

/**
 * The parent's side of a join: read the child's self-description from the URL it gave (never trusting the body for
 * more than the URL), refuse itself, its ancestors, a level not below its own and a division outside its own,
 * and register (or update) the child as a member centre, harvested from then on.
 */
export async function acceptMember(store: CentreStore, body: unknown, self: { base: string; urls: string[]; name?: string }): Promise<JoinAnswer> {
  const tree = await treeStoreOf(store);
  const raw = (body ?? {}) as { url?: unknown };
  const url = typeof raw.url === 'string' && raw.url.length <= 2000 ? normalUrl(raw.url) : undefined;
  if (!url) throw new TreeError('tree.join-bad-url', { url: short(String(raw.url ?? '')) }, 400);
  const me = await tree.identity();
  const early = loopProblem(me, self.urls, { url });
  if (early) throw early;
  const peer = await fetchPeer(url);
  const loop = loopProblem(me, self.urls, { id: peer.id, url });
  if (loop) throw loop;
  if (me.level && peer.level && LEVELS[peer.level].rank <= LEVELS[me.level].rank) throw new TreeError('tree.join-level', { url, level: peer.level, own: me.level }, 422);
  if (me.division && peer.division && !divisionWithin(peer.division, me.division)) throw new TreeError('tree.join-division', { url, division: peer.division, own: me.division }, 422);
  const taken = (await tree.listSources()).find((s) => s.centreId === peer.id && s.url !== url);
  if (taken) throw new TreeError('tree.centre-id-taken', { id: peer.id, url: taken.url });
  const old = await tree.getSource(url);
  const member = await tree.putSource({ url, kind: 'member', centreId: peer.id, name: peer.name, level: peer.level, division: peer.division, everyMs: old?.everyMs });
  const ancestors = [{ id: me.id, url: me.url ?? self.base }, ...(me.ancestors ?? [])].slice(0, MAX_CHAIN);
  return { member, parent: await describeCentre(store, me, self.base, self.name), ancestors };
}

/** The child's side: ask the parent at `parentUrl` to take this centre (at `ownUrl`) as a member, and remember the parent. */
export async function joinParent(store: CentreStore, parentUrl: string, token: string, ownUrl: string): Promise<JoinAnswer> {
  const parent = normalUrl(parentUrl);
  if (!parent) throw new TreeError('tree.join-bad-url', { url: short(parentUrl) }, 400);
  const { status, json } = await fetchJson(centrePath(parent, '/api/v1/centres'), { method: 'POST', token, body: { url: ownUrl }, timeoutMs: 30_000 });
  if (status !== 200) {
    const err = (json as { error?: { code?: unknown; message?: unknown } })?.error;
    throw new TreeError('tree.join-refused', { url: parent, status, detail: short(String(err?.message ?? err?.code ?? '')) }, status);
  }
  const answer = json as JoinAnswer;
  const ancestors = (Array.isArray(answer.ancestors) ? answer.ancestors : []).slice(0, MAX_CHAIN)
    .filter((a) => typeof a?.id === 'string' && typeof a?.url === 'string' && normalUrl(a.url))
    .map((a) => ({ id: short(a.id, 80), url: normalUrl(a.url)! }));
  await (await treeStoreOf(store)).setIdentity({ parent, ancestors, url: normalUrl(ownUrl) });
  return answer;
}
