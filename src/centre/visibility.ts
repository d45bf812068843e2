import type { CentreStore, HistoryEntry, StoredRecord, TokenInfo } from './store.js';

/**
 * Who may see a record that was never published (status submitted or returned, or withdrawn before it was ever
 * published) and the unpublished states in any record's history: the provider that submitted it and admins.
 * Everyone else gets 404 record-not-found, the same answer as for a key that does not exist.
 */
export function seesUnpublished(caller: TokenInfo | undefined, r: Pick<StoredRecord, 'provider'>): boolean {
  return !!caller && (caller.admin || caller.provider === r.provider);
}

/** History states only the submitter and admins see: content waiting for review or returned from it. */
const unpublishedState = (h: HistoryEntry) => h.status === 'submitted' || h.status === 'returned';

/** Was the record ever public (published now, or withdrawn after being published)? `history`: its history, if read. */
export async function everPublished(store: CentreStore, r: StoredRecord, history?: HistoryEntry[]): Promise<boolean> {
  if (r.status === 'published') return true;
  if (r.status !== 'withdrawn') return false;
  return (history ?? await store.history(r.key)).some((h) => h.status === 'published');
}

/** The record as `caller` may see it, or undefined (answer 404). */
export async function visibleRecord(store: CentreStore, caller: TokenInfo | undefined, r: StoredRecord | undefined): Promise<StoredRecord | undefined> {
  if (!r) return undefined;
  return seesUnpublished(caller, r) || (await everPublished(store, r)) ? r : undefined;
}

/** The history of record `r` as `caller` may see it, or undefined (answer 404). */
export async function visibleHistory(store: CentreStore, caller: TokenInfo | undefined, r: StoredRecord | undefined): Promise<HistoryEntry[] | undefined> {
  if (!r) return undefined;
  const items = await store.history(r.key);
  if (seesUnpublished(caller, r)) return items;
  if (!(await everPublished(store, r, items))) return undefined;
  return items.filter((h) => !unpublishedState(h));
}
