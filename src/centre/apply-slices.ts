import { yielder } from './batch-body.js';
import type { CentreStore, RecordChange, StoredRecord } from './store.js';

/** Most record JSON (bytes, about) written in one store transaction. */
const SLICE_BYTES = 64 * 1024;

/**
 * Apply `changes` in slices of about SLICE_BYTES of records, giving way to other requests between slices: writing
 * (and indexing for search) a 30 MB batch in one SQLite transaction held the event loop for seconds. Each slice is
 * one transaction; a failure in a later slice leaves the earlier ones written, which is safe because registration
 * is idempotent per record (sending the batch again reports them unchanged and writes the rest).
 */
export async function applyInSlices(store: CentreStore, changes: RecordChange[]): Promise<StoredRecord[]> {
  const pause = yielder(0);
  const out: StoredRecord[] = [];
  let slice: RecordChange[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!slice.length) return;
    if (out.length) await pause();
    out.push(...(await store.applyChanges(slice)));
    slice = [];
    bytes = 0;
  };
  // the stores write one call in descending key order (search, newest first, then lists a batch in key order);
  // slicing the changes already in that order keeps it across slices (stable: two changes to a key keep theirs)
  const ordered = [...changes].sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  for (const c of ordered) {
    const size = JSON.stringify(c.record).length;
    if (slice.length && bytes + size > SLICE_BYTES) await flush();
    slice.push(c);
    bytes += size;
  }
  await flush();
  return out;
}
