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
    for (const r of records) {
      const k = recordKey(r);
      if (k === undefined) unkeyed.push({ side, index: i, title: r.title });
      else m.set(k, { hash: contentHash(r), title: r.title });
      i++;
    }
    return m;
  };
  const before = index(oldRecords, 'old');
  const after = index(newRecords, 'new');
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

/** The records an incremental package must carry: added + changed ones from `newRecords`. */
export function incrementalRecords(diff: CatalogDiff, newRecords: CatalogRecord[]): CatalogRecord[] {
  const keep = new Set([...diff.added, ...diff.changed].map((c) => c.key));
  return newRecords.filter((r) => { const k = recordKey(r); return k !== undefined && keep.has(k); });
}
