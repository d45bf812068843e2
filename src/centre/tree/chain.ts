import type { CentreStore, StoredRecord } from '../store.js';
import { treeStoreOf } from './store.js';

/**
 * A harvested record's origin chain: the base URLs of the centres it passed through, origin first (district →
 * city …); the centre holding it is not in its own chain. A record registered here has none. Chains are bounded
 * (MAX_CHAIN) and may not contain this centre itself (a loop in the tree: the record came back to where it was).
 */
export const MAX_CHAIN = 8;

/**
 * A centre base URL in the one form chains, sources and loops are compared in: origin + path, no trailing slash,
 * no /oai; the query string is kept (another vendor's OAI-PMH provider may need one, `…/oai?set=x` names a set).
 */
export function normalUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return undefined;
  return (u.origin + u.pathname).replace(/\/+$/, '').replace(/\/oai$/, '') + u.search;
}

/**
 * The URL of `path` (starting with "/") at the centre whose base URL (normalUrl) is `base`: the path goes before the
 * base's query string, which is kept (`http://h?t=a` + `/api/v1/centre` → `http://h/api/v1/centre?t=a`), where
 * plain concatenation would put the path inside the query and ask the centre's home page.
 */
export function centrePath(base: string, path: string): string {
  const q = base.indexOf('?');
  return q < 0 ? `${base}${path}` : `${base.slice(0, q)}${path}${base.slice(q)}`;
}

/** The chain a source sent (space-separated URLs in the catalog format's `chain` attribute); undefined when malformed. */
export function parseChain(attr: string | undefined): string[] | undefined {
  if (!attr?.trim()) return [];
  const parts = attr.trim().split(/\s+/);
  if (parts.length > MAX_CHAIN) return undefined;
  const urls = parts.map(normalUrl);
  return urls.every((u): u is string => !!u) ? urls : undefined;
}

/**
 * Why a record reaching this centre with chain `chain` must not be taken (a message code), or undefined: a chain
 * malformed or longer than MAX_CHAIN, or one that passes through this centre already.
 */
export function chainProblem(chain: string[] | undefined, self: ReadonlySet<string>): string | undefined {
  if (!chain || chain.length > MAX_CHAIN) return 'tree.chain-too-long';
  if (chain.some((u) => self.has(u))) return 'tree.chain-loop';
  return undefined;
}

/** `store` with each record read by OAI-PMH (list, getRecord) carrying its origin chain (recordToCatalogXml sends it). */
export async function withChains(store: CentreStore): Promise<CentreStore> {
  const tree = await treeStoreOf(store);
  const attach = async (rs: StoredRecord[]) => {
    const chains = await tree.getChains(rs.filter((r) => r.origin !== 'local').map((r) => r.key));
    return rs.map((r) => (chains.has(r.key) ? { ...r, chain: chains.get(r.key) } : r));
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'list') return async (q: Parameters<CentreStore['list']>[0]) => attach(await target.list(q));
      if (prop === 'getRecord') return async (key: string) => { const r = await target.getRecord(key); return r ? (await attach([r]))[0] : r; };
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
