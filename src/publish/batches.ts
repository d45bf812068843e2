import { RemoteError, withRetry } from './retry.js';
import { actsForOf, isFatal, reasonOf, rethrowUnlessRemote, type StepContext } from './step.js';
import type { BatchAnswer, PublishItem, PublishTarget, Reason } from './target.js';

/**
 * How sending one batch went:
 * - answered: the target answered per record;
 * - refused: refused as a whole for a reason that holds for every record of it;
 * - split: too large, or refused because of some record in it: send its halves instead;
 * - failed: no answer (remote failure after retries, interrupted).
 */
export type BatchOutcome =
  | { kind: 'answered'; answer: BatchAnswer }
  | { kind: 'refused'; status?: number; whole: boolean; reason: Reason; actsFor?: string }
  | { kind: 'split'; status?: number; code?: string; halves: [PublishItem[], PublishItem[]] }
  | { kind: 'failed'; error?: RemoteError };

/** Batches of at most `size` records, each of one profile (the profile is sent with the batch), in input order per profile. */
export function batchesOf(items: PublishItem[], size: number): PublishItem[][] {
  const out: PublishItem[][] = [];
  for (const profile of new Set(items.map((it) => it.profile))) {
    const same = items.filter((it) => it.profile === profile);
    for (let i = 0; i < same.length; i += size) out.push(same.slice(i, i + size));
  }
  return out;
}

/** Records of another provider than the one the token acts for: the target would only refuse them. */
export function foreignRecords(items: PublishItem[], actsFor: string | undefined): PublishItem[] {
  if (!actsFor) return [];
  return items.filter((it) => typeof it.record.provider?.code === 'string' && it.record.provider.code && it.record.provider.code !== actsFor);
}

/** Send one batch through the records API (with retries) and say how it went; writes nothing locally. */
export async function sendBatch(target: PublishTarget, batch: PublishItem[], ctx: StepContext): Promise<BatchOutcome> {
  try {
    return { kind: 'answered', answer: await withRetry(() => target.send(batch, { signal: ctx.signal }), { ...ctx.retry, signal: ctx.signal }) };
  } catch (e) {
    const err = rethrowUnlessRemote(e, ctx.signal);
    if (!err) return { kind: 'failed' };
    if (err.options.wholeBatch) {
      // Refused as a whole for a reason that holds for every record (a 403 without a per-record list).
      const actsFor = actsForOf(err.options.body);
      return { kind: 'refused', status: err.status, whole: true, reason: reasonOf(err, `http-${err.status}`, false), ...(actsFor ? { actsFor } : {}) };
    }
    if ((err.status === 413 || err.options.recordLevel) && batch.length > 1) {
      const mid = Math.ceil(batch.length / 2);
      return { kind: 'split', status: err.status, code: err.options.code, halves: [batch.slice(0, mid), batch.slice(mid)] };
    }
    // A 4xx refusal (malformed, conflict): each record is rejected with that reason.
    if (!isFatal(err)) return { kind: 'refused', status: err.status, whole: false, reason: reasonOf(err, `http-${err.status}`, true) };
    return { kind: 'failed', error: err };
  }
}
