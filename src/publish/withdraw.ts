import { RemoteError, withRetry } from './retry.js';
import { reasonOf, rethrowUnlessRemote, type StepContext } from './step.js';
import type { PublishTarget, Reason } from './target.js';

/** How withdrawing one key went: withdrawn (or already absent), refused by the target, or no answer. */
export type WithdrawOutcome = { kind: 'withdrawn' } | { kind: 'refused'; reason: Reason } | { kind: 'failed'; error?: RemoteError };

/** Withdraw one key at the target (with retries) and say how it went; writes nothing locally. */
export async function withdrawKey(target: PublishTarget, key: string, ctx: StepContext): Promise<WithdrawOutcome> {
  try {
    await withRetry(() => target.withdraw(key, { signal: ctx.signal }), { ...ctx.retry, signal: ctx.signal });
    return { kind: 'withdrawn' };
  } catch (e) {
    const err = rethrowUnlessRemote(e, ctx.signal);
    if (!err) return { kind: 'failed' };
    if (err.options.recordLevel) return { kind: 'refused', reason: reasonOf(err, 'withdraw-refused', true) };
    return { kind: 'failed', error: err };
  }
}
