import type { RecordChange } from './store.js';

/** What a store holds for a key when a change arrives (absent: no row). */
export interface StoredState {
  provider: string;
  hash: string;
  status: string;
  origin: string;
}

/**
 * What a store does with one change, decided the same way by every store:
 * - skip: the stored state already is the change's target, nothing is written and no history line is added;
 * - conflict: `expectHash` is stale, the whole applyChanges call fails with StoreConflictError, nothing written;
 * - write: the change is written with its history line. `keepStored`: a withdrawal of an existing record
 *   withdraws the content the row holds now (never rolls it back to what the caller read).
 */
export type ChangeDecision = { kind: 'skip' } | { kind: 'conflict' } | { kind: 'write'; keepStored: boolean };

export const isWithdrawal = (c: RecordChange): boolean => c.status === 'withdrawn' && (c.action === 'withdraw' || c.action === 'harvest-withdraw');

/**
 * The one rule for applying a change (docs/centre.md, "How a change is applied"), in this order:
 * 1. no-op first: a withdrawal of a withdrawn record, or a change whose hash, status, origin and provider equal
 *    the stored ones, is skipped, whatever `expectHash` says. A client retrying a write whose answer it lost
 *    holds a stale `expectHash` for content that is already there: it gets "done", not a 409 it can never
 *    get past, and two processes registering the same package at once converge on one history line;
 * 2. then `expectHash` (null = "the record did not exist"): when given and not the stored hash → conflict;
 * 3. else write (a withdrawal of an existing record keeps the stored content).
 */
export function decideChange(cur: StoredState | undefined, ch: RecordChange): ChangeDecision {
  if (cur && isWithdrawal(ch) && cur.status === 'withdrawn') return { kind: 'skip' };
  if (cur && !isWithdrawal(ch) && cur.hash === ch.hash && cur.status === ch.status && cur.origin === ch.origin && cur.provider === ch.provider) return { kind: 'skip' };
  if (ch.expectHash !== undefined && (cur?.hash ?? null) !== ch.expectHash) return { kind: 'conflict' };
  return { kind: 'write', keepStored: !!cur && isWithdrawal(ch) };
}
