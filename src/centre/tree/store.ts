import { LOCAL_ORIGIN, type CentreStore, type StoredRecord } from '../store.js';
import type { CentreLevel } from './level.js';

/**
 * What a centre keeps about its place in the tree of centres (issue 19), beside the records: its own identity,
 * the sources it harvests (member centres that joined it, and sources added by hand), each harvest run, which
 * tokens are centre tokens, and each harvested record's origin chain. Kept in tables of its own (SQLite: created
 * if missing; PostgreSQL: migration 7) so the record store's write path is unchanged.
 */

/** This centre as it describes itself (GET /api/v1/centre); `id` is made once, at first use, and never changes. */
export interface CentreIdentity {
  id: string;
  name?: string;
  level?: CentreLevel;
  division?: string;
  /** Base URL of the parent centre this one joined (centre join). */
  parent?: string;
  /** This centre's public base URL, as last served (centre serve) or given to centre join --url. */
  url?: string;
  /** The centres above this one (parent first), as the parent said when this centre joined: never harvested. */
  ancestors?: { id: string; url: string }[];
}

export type SourceKind = 'member' | 'source';

export interface HarvestSource {
  url: string;
  /** `member`: a centre that joined this one (centre join); `source`: added by hand (centre source add). */
  kind: SourceKind;
  centreId?: string;
  name?: string;
  level?: CentreLevel;
  division?: string;
  /** Harvest interval of this source in ms; unset: the serve process's --harvest-every. */
  everyMs?: number;
  added: string;
  lastAttempt?: string;
  lastSuccess?: string;
  lastError?: string;
  lastErrorAt?: string;
  /** Failed runs since the last success. */
  failures: number;
}

export type NewSource = Pick<HarvestSource, 'url' | 'kind'> & Partial<Pick<HarvestSource, 'centreId' | 'name' | 'level' | 'division' | 'everyMs'>>;

/** One harvest run of a source (kept: the last RUNS_KEPT per source, limits.ts). Times are ISO with milliseconds. */
export interface HarvestRun {
  source: string;
  started: string;
  finished: string;
  ok: boolean;
  error?: string;
  received: number;
  created: number;
  updated: number;
  withdrawn: number;
  /** Which process ran it (host:pid), so runs of several serve processes can be told apart. */
  runner: string;
}

export interface TreeStore {
  identity(): Promise<CentreIdentity>;
  setIdentity(patch: Partial<Omit<CentreIdentity, 'id'>>): Promise<CentreIdentity>;
  listSources(): Promise<HarvestSource[]>;
  getSource(url: string): Promise<HarvestSource | undefined>;
  /** Add or update a source's description (its harvest status is kept). */
  putSource(s: NewSource): Promise<HarvestSource>;
  removeSource(url: string): Promise<boolean>;
  /** Record a run and move the source's status (last attempt, success or error, failures). */
  noteRun(run: HarvestRun): Promise<void>;
  listRuns(source: string, limit?: number): Promise<HarvestRun[]>;
  markCentreToken(tokenId: string): Promise<void>;
  isCentreToken(tokenId: string): Promise<boolean>;
  /** Origin chains of harvested records (`via` = the last centre of the chain, the source harvested from). */
  setChains(rows: { key: string; chain: string[] }[]): Promise<void>;
  getChains(keys: string[]): Promise<Map<string, string[]>>;
  /** Published records per source they were harvested from. */
  countVia(): Promise<Map<string, number>>;
  /**
   * Run `fn` holding this source's harvest lock; undefined (fn not run) when another process holds it.
   * PostgreSQL: a session advisory lock, so several serve processes on one database never harvest one source at once.
   */
  withSourceLock<T>(url: string, fn: () => Promise<T>): Promise<T | undefined>;
}

const cache = new WeakMap<CentreStore, TreeStore>();

/** The tree store over the same database as `store` (one per store). */
export async function treeStoreOf(store: CentreStore): Promise<TreeStore> {
  const hit = cache.get(store);
  if (hit) return hit;
  const tree = await openTreeStore(store);
  cache.set(store, tree);
  return tree;
}

/** The origin chain kept beside a harvested record (src/centre/tree/chain.ts); none for a local one. */
export async function chainOf(store: CentreStore, r: Pick<StoredRecord, 'key' | 'origin'>): Promise<string[] | undefined> {
  if (r.origin === LOCAL_ORIGIN) return undefined;
  return (await (await treeStoreOf(store)).getChains([r.key])).get(r.key);
}

async function openTreeStore(store: CentreStore): Promise<TreeStore> {
  // imported lazily: a SQLite centre never loads pg, and the reverse
  if ('db' in store) {
    const sqlite = store as unknown as { db: import('better-sqlite3').Database; whenWritable(): Promise<void> };
    return new (await import('./sqlite.js')).SqliteTreeStore(sqlite.db, () => sqlite.whenWritable());
  }
  if ('pool' in store) return new (await import('./pg.js')).PgTreeStore((store as unknown as { pool: import('pg').Pool }).pool);
  throw new Error('this centre store keeps no tree of centres');
}
