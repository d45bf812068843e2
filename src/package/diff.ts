import type { CatalogRecord } from '../model/record.js';
import { contentHash, recordKey } from '../model/identity.js';

export interface RecordChange {
  key: string;
  title: string;
  /** Content hash before (changed/withdrawn) and after (added/changed). */
  oldHash?: string;
  newHash?: string;
}

export interface CatalogDiff {
  added: RecordChange[];
  changed: RecordChange[];
  withdrawn: RecordChange[];
  unchanged: number;
  /** Records with no key on either side: they cannot be compared (reported, not diffed). */
  unkeyed: { side: 'old' | 'new'; index: number; title: string }[];
}

/**
 * Compare two catalogues by record key (model/identity.ts recordKey) and content hash (canonical JSON,
 * provenance ignored). Results are sorted by key. When a key repeats, the last record wins.
 */
export function diffRecords(oldRecords: Iterable<CatalogRecord>, newRecords: Iterable<CatalogRecord>): CatalogDiff {
  const unkeyed: CatalogDiff['unkeyed'] = [];
  const index = (records: Iterable<CatalogRecord>, side: 'old' | 'new') => {
    const m = new Map<string, { hash: string; title: string }>();
    let i = 0;
    for (const r of records) indexRecord(m, unkeyed, r, side, i++);
    return m;
  };
  return compareIndexes(index(oldRecords, 'old'), index(newRecords, 'new'), unkeyed);
}

/** The diff of two indexes built with indexRecord. */
export function compareIndexes(before: Map<string, { hash: string; title: string }>, after: Map<string, { hash: string; title: string }>, unkeyed: CatalogDiff['unkeyed']): CatalogDiff {
  const out: CatalogDiff = { added: [], changed: [], withdrawn: [], unchanged: 0, unkeyed };
  for (const [key, n] of after) {
    const o = before.get(key);
    if (!o) out.added.push({ key, title: n.title, newHash: n.hash });
    else if (o.hash !== n.hash) out.changed.push({ key, title: n.title, oldHash: o.hash, newHash: n.hash });
    else out.unchanged++;
  }
  for (const [key, o] of before) if (!after.has(key)) out.withdrawn.push({ key, title: o.title, oldHash: o.hash });
  const byKey = (a: RecordChange, b: RecordChange) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  out.added.sort(byKey);
  out.changed.sort(byKey);
  out.withdrawn.sort(byKey);
  return out;
}

/** Add one record to a diff side's index (key → content hash and title); records without a key are listed. */
export function indexRecord(m: Map<string, { hash: string; title: string }>, unkeyed: CatalogDiff['unkeyed'], r: CatalogRecord, side: 'old' | 'new', index: number): void {
  const k = recordKey(r);
  if (k === undefined) unkeyed.push({ side, index, title: r.title });
  else m.set(k, { hash: contentHash(r), title: r.title });
}

/**
 * diffRecords for streams: `before` is the old side's index (indexRecord); the new records are read once.
 * Memory holds the two indexes (key, hash, title), never the records.
 */
export async function diffAgainst(before: Map<string, { hash: string; title: string }>, unkeyed: CatalogDiff['unkeyed'], newRecords: AsyncIterable<CatalogRecord> | Iterable<CatalogRecord>): Promise<CatalogDiff> {
  const after = new Map<string, { hash: string; title: string }>();
  let i = 0;
  for await (const r of newRecords as AsyncIterable<CatalogRecord>) indexRecord(after, unkeyed, r, 'new', i++);
  return compareIndexes(before, after, unkeyed);
}

/** The records an incremental package must carry: added + changed ones from `newRecords`. */
export function incrementalRecords(diff: CatalogDiff, newRecords: CatalogRecord[]): CatalogRecord[] {
  const keep = new Set([...diff.added, ...diff.changed].map((c) => c.key));
  return newRecords.filter((r) => { const k = recordKey(r); return k !== undefined && keep.has(k); });
}
