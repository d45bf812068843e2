import type { StoredRecord } from './store.js';

/** The `records` table row as both SQL stores return it (the record itself kept as JSON text). */
export interface RecordRow {
  key: string; provider: string; hash: string; status: string; datestamp: string; origin: string; record: string;
}

export const toRecord = (r: RecordRow): StoredRecord => ({
  key: r.key, provider: r.provider, hash: r.hash, status: r.status as StoredRecord['status'], datestamp: r.datestamp, origin: r.origin,
  record: JSON.parse(r.record),
});
