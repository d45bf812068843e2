import type { CentreStore, StoredRecord } from '../store.js';
import type { CatalogRecord } from '../../model/record.js';
import { TreeError } from './error.js';
import { fetchJson } from './fetch-json.js';
import { fetchPeer } from './join.js';
import { centrePath } from './chain.js';
import type { PeerDescription } from './describe.js';
import { LEVELS, type CentreLevel } from './level.js';
import { treeStoreOf, type CentreIdentity } from './store.js';

/**
 * Locate (定位) a resource: which centre registered it (its origin), which centres hold copies (its origin chain
 * and this centre), who provides it, how it is shared and how to ask for it (the record's sharing, service and
 * online-resource fields), and its URL at the origin centre. The chain's centres are asked for their own
 * self-descriptions (bounded, in parallel), and the origin whether it still publishes the record, so the answer
 * follows the record across tiers; a centre that does not answer is reported as unreachable, not fatal.
 */
export interface CentreRef {
  url: string;
  role: 'origin' | 'relay' | 'here';
  id?: string;
  name?: string;
  level?: { code: CentreLevel; zh: string; en: string };
  division?: string;
  recordUrl: string;
  reachable: boolean;
}

export interface LocateAnswer {
  resourceCode: string;
  key: string;
  title: string;
  provider: { code?: string; name?: string };
  sharing: CatalogRecord['sharing'] | null;
  openness: CatalogRecord['openness'] | null;
  access: { service: CatalogRecord['service'] | null; onlineResources: string[] };
  origin: CentreRef & { status: 'published' | 'withdrawn' | 'missing' | 'unknown' };
  holders: CentreRef[];
}

/** Peers asked per locate answer within this time each (a locate must answer promptly even when a tier is down). */
const PEER_TIMEOUT_MS = 3000;

/**
 * `follow` false: no peer is asked (the chain's centres are listed by URL, reachable unknown = false, origin status
 * unknown). Peer self-descriptions and the origin's answer about a record are cached for PEER_CACHE_MS, so anonymous
 * locate requests cannot make this centre send more than one request per chain centre (and one per record to its
 * origin) per minute (the chain came from harvested data: a lying member could
 * put any URL in it, and only fixed paths are ever requested there).
 */
export async function locate(store: CentreStore, code: string, base: string, fallbackName?: string, follow = true): Promise<LocateAnswer> {
  const r = await store.getRecord(code);
  if (!r || r.status !== 'published') throw new TreeError('tree.locate-not-found', { code }, 404);
  const tree = await treeStoreOf(store);
  const me = await tree.identity();
  const chain = r.origin === 'local' ? [] : ((await tree.getChains([r.key])).get(r.key) ?? [r.origin]);
  const recordPath = `/api/v1/records/${encodeURIComponent(r.key)}`;
  const here: CentreRef = { url: me.url ?? base, role: 'here', id: me.id, name: me.name ?? fallbackName, ...levelOf(me), recordUrl: `${base}${recordPath}`, reachable: true };
  const peers = await Promise.all(chain.map((url, i) => peerRef(url, i === 0 ? 'origin' : 'relay', recordPath, follow)));
  const holders = [...peers, here];
  const origin = { ...holders[0], role: 'origin' as const, status: !chain.length ? 'published' as const : follow ? await originStatus(holders[0]) : 'unknown' as const };
  return {
    resourceCode: r.record.resourceCode ?? r.key, key: r.key, title: r.record.title,
    provider: { code: r.record.provider?.code ?? r.provider, name: r.record.provider?.name },
    sharing: r.record.sharing ?? null, openness: r.record.openness ?? null,
    access: { service: r.record.service ?? null, onlineResources: r.record.onlineResources ?? [] },
    origin, holders,
  };
}

function levelOf(me: Pick<CentreIdentity, 'level' | 'division'>): Pick<CentreRef, 'level' | 'division'> {
  return { ...(me.level ? { level: { code: me.level, ...LEVELS[me.level] } } : {}), ...(me.division ? { division: me.division } : {}) };
}

const PEER_CACHE_MS = 60_000;
const PEER_CACHE_MAX = 1000;
const peerCache = new Map<string, { at: number; answer: Promise<unknown> }>();

/**
 * What `ask` answers for `key` (a peer's description, or the origin's status of one record), asked at most once per
 * PEER_CACHE_MS per key: the promise is kept at once, so a burst of concurrent locate requests shares one request.
 */
function cached<T>(key: string, ask: () => Promise<T>): Promise<T> {
  const hit = peerCache.get(key);
  if (hit && Date.now() - hit.at < PEER_CACHE_MS) return hit.answer as Promise<T>;
  const answer = ask();
  if (peerCache.size >= PEER_CACHE_MAX) peerCache.delete(peerCache.keys().next().value!);
  peerCache.set(key, { at: Date.now(), answer });
  return answer;
}

/** A peer's description (undefined: it did not answer). */
const cachedPeer = (url: string): Promise<PeerDescription | undefined> => cached(`peer ${url}`, () => withTimeout(fetchPeer(url)).catch(() => undefined));

async function peerRef(url: string, role: CentreRef['role'], recordPath: string, follow: boolean): Promise<CentreRef> {
  const ref = { url, role, recordUrl: centrePath(url, recordPath) };
  const p = follow ? await cachedPeer(url) : undefined;
  return p ? { ...ref, id: p.id, name: p.name, ...levelOf(p), reachable: true } : { ...ref, reachable: false };
}

function originStatus(origin: CentreRef): Promise<LocateAnswer['origin']['status']> {
  if (!origin.reachable) return Promise.resolve('unknown');
  return cached(`record ${origin.recordUrl}`, () => askOrigin(origin));
}

async function askOrigin(origin: CentreRef): Promise<LocateAnswer['origin']['status']> {
  try {
    const { status, json } = await fetchJson(origin.recordUrl, { timeoutMs: PEER_TIMEOUT_MS, maxBytes: 4 * 1024 * 1024 });
    if (status === 404) return 'missing';
    const s = (json as Partial<StoredRecord>)?.status;
    return s === 'published' || s === 'withdrawn' ? s : 'unknown';
  } catch {
    return 'unknown';
  }
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), PEER_TIMEOUT_MS).unref())]);
}
