import type { Ledger } from './ledger.js';
import { planPublish, type PublishPlan } from './plan.js';
import { RemoteError, withRetry, type RetryOptions } from './retry.js';
import type { ItemSource, PublishItem, PublishTarget, Reason } from './target.js';

export interface PublishOptions {
  target: PublishTarget;
  items: PublishItem[];
  /** The open ledger (writes), or for a dry run just its state. */
  ledger: Ledger | { published: ReadonlyMap<string, string> };
  withdrawMissing?: boolean;
  /** Records refused before sending (collectInput's `refused`): reported as rejected, never sent. */
  refused?: RejectedRecord[];
  /** Keys to withdraw whatever the ledger says (an incremental package's manifest.withdrawn). */
  withdrawKeys?: string[];
  /** Records per request (default 200, capped at the target's maximum). */
  batchSize?: number;
  /** Requests in flight at once (default 2). */
  concurrency?: number;
  /** Plan only: no request is sent, the ledger is not touched. */
  dryRun?: boolean;
  retry?: RetryOptions;
  signal?: AbortSignal;
  onProgress?: (p: PublishProgress) => void;
  /** One line per request outcome and retry (for --verbose); never carries headers or the token. */
  onLog?: (line: string) => void;
}

export interface PublishProgress {
  phase: 'send' | 'withdraw';
  done: number;
  total: number;
  accepted: number;
  rejected: number;
  unchanged: number;
}

export interface RejectedRecord {
  key?: string;
  /** Absent for a withdrawal the target refused. */
  source?: ItemSource;
  reasons: Reason[];
}

export interface PublishResult {
  target: { kind: string; url: string };
  dryRun: boolean;
  /** The plan relative to the ledger. */
  plan: { added: string[]; changed: string[]; unchanged: number; withdraw: string[] };
  /** Acknowledged as stored by the target in this run. */
  accepted: { key: string; change: 'added' | 'changed' }[];
  rejected: RejectedRecord[];
  /** How many of `rejected` were refused locally (no key, duplicate key) and never sent. */
  refused: number;
  /** Known unchanged: from the ledger, or the target said so in this run. */
  unchanged: number;
  withdrawn: string[];
  /** Not acknowledged (remote failure, interrupted): sent again by the next run. */
  pending: string[];
  /** Remote failures (after retries), in order. */
  errors: { code: string; message: string; status?: number }[];
  interrupted: boolean;
  /** True when every record was accepted or unchanged and every withdrawal done. */
  ok: boolean;
}

function isLedger(l: PublishOptions['ledger']): l is Ledger {
  return typeof (l as Ledger).recordPut === 'function';
}

/** Failures that stop the whole run: the target cannot be reached or refuses our credentials. */
function isFatal(err: RemoteError): boolean {
  if (err.options.recordLevel) return false;
  return err.kind === 'unreachable' || err.retryable || err.status === 401 || err.status === 403 || err.kind === 'protocol';
}

/**
 * Publish items to a target: plan against the ledger, send added + changed records in batches with bounded
 * concurrency and retries, ledger every acknowledgement durably, then withdraw. Re-running after any
 * interruption sends only what the ledger does not hold; the target's own key+hash idempotency covers the gap
 * between its answer and our ledger write.
 */
export async function publish(o: PublishOptions): Promise<PublishResult> {
  const { target } = o;
  const plan: PublishPlan = planPublish(o.items, o.ledger.published, { withdrawMissing: o.withdrawMissing, withdrawKeys: o.withdrawKeys });
  const result: PublishResult = {
    target: { kind: target.kind, url: target.url },
    dryRun: !!o.dryRun,
    plan: { added: plan.added.map((i) => i.key), changed: plan.changed.map((i) => i.key), unchanged: plan.unchanged.length, withdraw: plan.withdraw },
    accepted: [],
    rejected: [...(o.refused ?? [])],
    refused: o.refused?.length ?? 0,
    unchanged: plan.unchanged.length,
    withdrawn: [],
    pending: [],
    errors: [],
    interrupted: false,
    ok: false,
  };
  const toSend = [...plan.added, ...plan.changed];
  if (o.dryRun) {
    result.ok = result.rejected.length === 0;
    return result;
  }
  if (!isLedger(o.ledger)) throw new Error('publish: a writable Ledger is needed unless dryRun');
  const ledger = o.ledger;
  const changedKeys = new Set(plan.changed.map((i) => i.key));
  const log = o.onLog ?? (() => {});
  const retry: RetryOptions = {
    ...o.retry,
    signal: o.signal,
    onRetry: (r) => {
      log(`retry ${r.attempt} in ${r.delayMs} ms: ${r.error.message}`);
      o.retry?.onRetry?.(r);
    },
  };
  const progress: PublishProgress = { phase: 'send', done: 0, total: toSend.length, accepted: 0, rejected: 0, unchanged: 0 };
  const emit = () => o.onProgress?.({ ...progress });
  let fatal: RemoteError | undefined;
  const stopped = () => !!fatal || !!o.signal?.aborted;
  const fail = (err: unknown) => {
    if (err instanceof RemoteError) {
      result.errors.push({ code: err.options.code ?? err.kind, message: err.message, ...(err.status ? { status: err.status } : {}) });
      if (isFatal(err)) fatal ??= err;
      return;
    }
    if (o.signal?.aborted) return;
    throw err;
  };

  if (toSend.length || plan.withdraw.length) {
    try {
      await withRetry(() => target.check({ signal: o.signal }), retry);
    } catch (err) {
      fail(err);
    }
  }

  // Send batches with bounded concurrency. A batch refused as too large (413) is split in two.
  const size = Math.max(1, Math.min(o.batchSize ?? 200, target.maxBatchSize));
  const queue: PublishItem[][] = [];
  for (let i = 0; i < toSend.length; i += size) queue.push(toSend.slice(i, i + size));
  emit();
  const resolved = new Set<string>();
  const sendOne = async (batch: PublishItem[]) => {
    let answer;
    try {
      answer = await withRetry(() => target.send(batch, { signal: o.signal }), retry);
    } catch (err) {
      if (err instanceof RemoteError && (err.status === 413 || err.options.recordLevel) && batch.length > 1) {
        // Too large, or refused because of some record in it: split in two until the culprits stand alone.
        log(`batch of ${batch.length} refused (HTTP ${err.status} ${err.options.code ?? ''}); splitting`);
        const mid = Math.ceil(batch.length / 2);
        queue.unshift(batch.slice(0, mid), batch.slice(mid));
        return;
      }
      if (err instanceof RemoteError && !isFatal(err)) {
        // A 4xx refusal (malformed, another provider's record, conflict): each record is rejected with that reason.
        const reason: Reason = { code: err.options.code ?? `http-${err.status}`, message: err.options.detail ? `HTTP ${err.status} ${err.options.detail}` : err.message };
        for (const it of batch) {
          result.rejected.push({ key: it.key, source: it.source, reasons: [reason] });
          resolved.add(it.key);
        }
        progress.rejected += batch.length;
        progress.done += batch.length;
        emit();
        return;
      }
      fail(err);
      return;
    }
    const byKey = new Map(batch.map((i) => [i.key, i]));
    const acked: { key: string; hash: string }[] = [];
    for (const a of answer.accepted) {
      const it = byKey.get(a.key);
      if (!it) continue;
      acked.push({ key: it.key, hash: it.hash });
      result.accepted.push({ key: it.key, change: changedKeys.has(it.key) ? 'changed' : 'added' });
    }
    for (const u of answer.unchanged) {
      const it = byKey.get(u.key);
      if (!it) continue;
      acked.push({ key: it.key, hash: it.hash });
      result.unchanged++;
      progress.unchanged++;
    }
    ledger.recordPut(acked);
    for (const r of answer.rejected) {
      const it = byKey.get(r.key);
      if (!it) continue;
      result.rejected.push({ key: it.key, source: it.source, reasons: r.reasons });
    }
    for (const x of [...answer.accepted, ...answer.unchanged, ...answer.rejected]) resolved.add(x.key);
    progress.accepted += answer.accepted.length;
    progress.rejected += answer.rejected.length;
    progress.done += batch.length;
    log(`batch of ${batch.length}: ${answer.accepted.length} accepted, ${answer.unchanged.length} unchanged, ${answer.rejected.length} rejected`);
    emit();
  };
  const worker = async () => {
    while (!stopped()) {
      const batch = queue.shift();
      if (!batch) return;
      await sendOne(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));

  // Withdrawals, after the sends (a record moved to a new key is published before the old one is withdrawn).
  if (!stopped() && plan.withdraw.length) {
    progress.phase = 'withdraw';
    progress.done = 0;
    progress.total = plan.withdraw.length;
    emit();
    const keys = [...plan.withdraw];
    const wworker = async () => {
      while (!stopped()) {
        const key = keys.shift();
        if (key === undefined) return;
        try {
          await withRetry(() => target.withdraw(key, { signal: o.signal }), retry);
          ledger.recordWithdraw([key]);
          result.withdrawn.push(key);
        } catch (err) {
          if (err instanceof RemoteError && err.options.recordLevel) {
            result.rejected.push({ key, reasons: [{ code: err.options.code ?? 'withdraw-refused', message: err.options.detail ? `HTTP ${err.status} ${err.options.detail}` : err.message }] });
          } else fail(err);
        }
        progress.done++;
        emit();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, wworker));
  }

  // Whatever was not answered stays pending for the next run.
  for (const it of toSend) if (!resolved.has(it.key)) result.pending.push(it.key);
  result.withdrawn.sort();
  result.interrupted = !!o.signal?.aborted;
  result.ok = !fatal && !result.interrupted && result.rejected.length === 0 && result.pending.length === 0 && result.withdrawn.length === plan.withdraw.length;
  return result;
}
