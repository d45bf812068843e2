import { packageLedgerId, type Ledger } from './ledger.js';
import { changeKind, planRun, type PackageUnit, type RunPlan } from './plan.js';
import { RemoteError, withRetry, type RetryOptions } from './retry.js';
import { isFatal, type StepContext } from './step.js';
import { uploadPackage } from './upload.js';
import { batchesOf, foreignRecords, sendBatch } from './batches.js';
import { withdrawKey } from './withdraw.js';
import type { PublishProgress, PublishResult, RejectedRecord } from './result.js';
import type { BatchAnswer, PackageAnswer, PackageUpload, PublishItem, PublishTarget, Reason } from './target.js';
import { ref } from '../issues/text.js';

export type { PackageOutcome, PublishProgress, PublishResult, RejectedRecord } from './result.js';

export interface PublishOptions {
  target: PublishTarget;
  items: PublishItem[];
  /** The open ledger (writes), or for a dry run just its state. */
  ledger: Ledger | { published: ReadonlyMap<string, string>; packages?: ReadonlySet<string> };
  withdrawMissing?: boolean;
  /** Records refused before sending (collectInput's `refused`): reported as rejected, never sent. */
  refused?: RejectedRecord[];
  /**
   * Keys to withdraw whatever the ledger says. Keys a package of `packages` lists in its manifest.withdrawn are
   * handled with that package (the centre withdraws them when it takes the package) and ignored here.
   */
  withdrawKeys?: string[];
  /**
   * Registration packages (collectInput's `packages`; their records are in `items` too). Each is uploaded whole
   * (POST /api/v1/packages: the centre verifies its checksums and signature) when the target can take packages,
   * unless `unpack`; its records go through the records API in batches otherwise, or when the target finds the
   * package too large (413) or has no package endpoint (404).
   */
  packages?: PackageUpload[];
  /** Send packages' records through the records API (`--batch-size` per request) instead of uploading them whole. */
  unpack?: boolean;
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

function isLedger(l: PublishOptions['ledger']): l is Ledger {
  return typeof (l as Ledger).recordPut === 'function';
}

/** The running account of one publish run: the result being built, progress, and which keys are settled. */
interface Tally {
  result: PublishResult;
  progress: PublishProgress;
  resolved: Set<string>;
  published: ReadonlyMap<string, string>;
  changedKeys: Set<string>;
  emit: () => void;
}

/** A record the target (or we, knowing the token's provider) refused: counted once. */
function rejectItem(tally: Tally, it: PublishItem, reasons: Reason[]): void {
  if (tally.resolved.has(it.key)) return;
  tally.result.rejected.push({ key: it.key, source: it.source, reasons });
  tally.resolved.add(it.key);
  if (changeKind(tally.published, it) === 'unchanged') tally.result.unchanged--;
  else {
    tally.progress.rejected++;
    tally.progress.done++;
  }
}

/** Account a package's answer; returns what the ledger must record (acknowledged records, withdrawn keys). */
function applyPackageAnswer(tally: Tally, unit: PackageUnit, answer: PackageAnswer, withdrawnByPackage: ReadonlySet<string>): { put: { key: string; hash: string }[]; withdrawn: string[] } {
  const { pkg } = unit;
  const mine = new Map(unit.items.map((i) => [i.key, i]));
  const put: { key: string; hash: string }[] = [];
  const settle = (key: string, as: 'accepted' | 'unchanged') => {
    const it = mine.get(key);
    if (!it || tally.resolved.has(it.key)) return;
    put.push({ key: it.key, hash: it.hash });
    tally.resolved.add(it.key);
    if (changeKind(tally.published, it) === 'unchanged') return;
    if (as === 'accepted') {
      tally.result.accepted.push({ key: it.key, change: tally.changedKeys.has(it.key) ? 'changed' : 'added' });
      tally.progress.accepted++;
    } else {
      tally.result.unchanged++;
      tally.progress.unchanged++;
    }
    tally.progress.done++;
  };
  for (const a of answer.accepted) settle(a.key, 'accepted');
  for (const a of answer.unchanged) settle(a.key, 'unchanged');
  for (const r of answer.rejected) {
    const key = r.index !== undefined && pkg.keys[r.index] !== undefined ? pkg.keys[r.index] : r.key;
    const it = key !== undefined ? mine.get(key) : undefined;
    if (it) rejectItem(tally, it, r.reasons);
  }
  unit.outcome.status = answer.status ?? (answer.rejected.length ? 'partial' : 'accepted');
  return { put, withdrawn: pkg.withdrawn.filter((k) => withdrawnByPackage.has(k)) };
}

/** Account a batch's answer; returns what the ledger must record and the records to send again on their own. */
function applyBatchAnswer(tally: Tally, batch: PublishItem[], answer: BatchAnswer): { acked: { key: string; hash: string }[]; again: PublishItem[] } {
  const { result, progress, resolved } = tally;
  const mine = new Map(batch.map((i) => [i.key, i]));
  const acked: { key: string; hash: string }[] = [];
  for (const a of answer.accepted) {
    const it = mine.get(a.key);
    if (!it) continue;
    acked.push({ key: it.key, hash: it.hash });
    result.accepted.push({ key: it.key, change: tally.changedKeys.has(it.key) ? 'changed' : 'added' });
    resolved.add(it.key);
  }
  for (const u of answer.unchanged) {
    const it = mine.get(u.key);
    if (!it) continue;
    acked.push({ key: it.key, hash: it.hash });
    result.unchanged++;
    progress.unchanged++;
    resolved.add(it.key);
  }
  for (const r of answer.rejected) {
    const it = mine.get(r.key);
    if (!it || resolved.has(it.key)) continue;
    result.rejected.push({ key: it.key, source: it.source, reasons: r.reasons });
    resolved.add(it.key);
  }
  progress.accepted += answer.accepted.length;
  progress.rejected += answer.rejected.length;
  const again = (answer.unprocessed ?? []).map((k) => mine.get(k)).filter((it): it is PublishItem => !!it && !resolved.has(it.key));
  progress.done += batch.length - again.length;
  // The target wrote nothing because of the rejected records; the rest go again, once, on their own.
  return { acked, again: again.length < batch.length ? again : [] };
}

/** What the send and withdraw phases share: the target, the ledger, the tally and how to stop. */
interface Run {
  target: PublishTarget;
  ledger: Ledger;
  tally: Tally;
  ctx: StepContext;
  concurrency: number;
  log: (line: string) => void;
  /** Record a remote failure; a fatal one stops the run. */
  fail: (err: RemoteError | undefined) => void;
  stopped: () => boolean;
  /** The provider the token acts for, once the target said so (a 403 provider mismatch). */
  actsFor?: string;
}

type Work = { kind: 'package'; unit: PackageUnit } | { kind: 'batch'; items: PublishItem[] };

/** Upload one package and account for it; a package too large or without endpoint goes on the queue as batches. */
async function runUpload(run: Run, plan: RunPlan, unit: PackageUnit, queue: Work[], size: number): Promise<void> {
  const { tally, log } = run;
  const { pkg } = unit;
  const out = await uploadPackage(run.target, pkg, run.ctx);
  if (out.kind === 'fallback') {
    const fresh = unit.items.filter((it) => changeKind(tally.published, it) !== 'unchanged');
    unit.outcome.via = 'records';
    unit.outcome.fallback = { code: out.code, wording: out.wording };
    log(`package ${pkg.file}: HTTP ${out.status} ${out.code}; sending its ${fresh.length} added/changed records through the records API`);
    for (const b of batchesOf(fresh, size)) queue.push({ kind: 'batch', items: b });
    for (const k of pkg.withdrawn) if (plan.withdrawnByPackage.delete(k)) plan.deleteKeys.push(k);
    return;
  }
  if (out.kind === 'refused') {
    // Nothing of it was registered: every record of it is rejected with the centre's reasons.
    run.actsFor ??= out.actsFor;
    unit.outcome.status = 'refused';
    unit.outcome.reasons = out.reasons;
    log(`package ${pkg.file}: refused (HTTP ${out.status} ${out.reasons[0].code})`);
    for (const it of unit.items) rejectItem(tally, it, out.perRecord.get(it.key)?.length ? out.perRecord.get(it.key)! : out.reasons);
    tally.emit();
    return;
  }
  if (out.kind === 'failed') {
    unit.outcome.status = 'pending';
    run.fail(out.error);
    return;
  }
  const { put, withdrawn } = applyPackageAnswer(tally, unit, out.answer, plan.withdrawnByPackage);
  run.ledger.recordPackage({ id: pkg.packageId, hash: pkg.hash }, put, withdrawn);
  tally.result.withdrawn.push(...withdrawn);
  const a = out.answer;
  log(`package ${pkg.file}: ${a.status ?? 'answered'}: ${a.accepted.length} accepted, ${a.unchanged.length} unchanged, ${a.rejected.length} rejected, ${withdrawn.length} withdrawn`);
  tally.emit();
}

/** Send one batch and account for it; halves and records to send again go to the front of the queue. */
async function runBatch(run: Run, items: PublishItem[], queue: Work[]): Promise<void> {
  const { tally, log } = run;
  let batch = items;
  const foreign = foreignRecords(batch, run.actsFor);
  if (foreign.length) {
    for (const it of foreign) rejectItem(tally, it, [{ code: 'provider-mismatch', path: '/provider/code', wording: ref('publish.provider-mismatch-known', { provider: it.record.provider!.code, token: run.actsFor }) }]);
    log(`${foreign.length} records of another provider than ${run.actsFor} not sent`);
    tally.emit();
    batch = batch.filter((it) => !tally.resolved.has(it.key));
    if (!batch.length) return;
  }
  const out = await sendBatch(run.target, batch, run.ctx);
  if (out.kind === 'refused') {
    run.actsFor ??= out.actsFor;
    if (out.whole) log(`batch of ${batch.length} refused (HTTP ${out.status} ${out.reason.code})`);
    for (const it of batch) rejectItem(tally, it, [out.reason]);
    tally.emit();
    return;
  }
  if (out.kind === 'split') {
    log(`batch of ${batch.length} refused (HTTP ${out.status} ${out.code ?? ''}); splitting`);
    queue.unshift({ kind: 'batch', items: out.halves[0] }, { kind: 'batch', items: out.halves[1] });
    return;
  }
  if (out.kind === 'failed') return run.fail(out.error);
  if (out.answer.actsFor) run.actsFor ??= out.answer.actsFor;
  const { acked, again } = applyBatchAnswer(tally, batch, out.answer);
  run.ledger.recordPut(acked);
  if (again.length) queue.unshift({ kind: 'batch', items: again });
  const a = out.answer;
  log(`batch of ${batch.length}: ${a.accepted.length} accepted, ${a.unchanged.length} unchanged, ${a.rejected.length} rejected${again.length ? `, ${again.length} to send again without them` : ''}`);
  tally.emit();
}

/** Work off the queue (packages first, then batches) with `concurrency` workers until done or stopped. */
async function runSends(run: Run, plan: RunPlan, size: number): Promise<void> {
  const queue: Work[] = plan.uploads.map((unit) => ({ kind: 'package' as const, unit }));
  for (const b of batchesOf(plan.batched, size)) queue.push({ kind: 'batch', items: b });
  run.tally.emit();
  const worker = async () => {
    while (!run.stopped()) {
      const work = queue.shift();
      if (!work) return;
      if (work.kind === 'package') await runUpload(run, plan, work.unit, queue, size);
      else await runBatch(run, work.items, queue);
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  for (const u of plan.uploads) if (!u.outcome.status && u.outcome.via === 'package') u.outcome.status = 'pending';
}

/** Withdraw keys one by one, after the sends (a record moved to a new key is published before the old one goes). */
async function runWithdrawals(run: Run, deleteKeys: string[]): Promise<void> {
  const { tally } = run;
  if (run.stopped() || !deleteKeys.length) return;
  Object.assign(tally.progress, { phase: 'withdraw', done: 0, total: deleteKeys.length });
  tally.emit();
  const keys = [...deleteKeys].sort();
  const worker = async () => {
    while (!run.stopped()) {
      const key = keys.shift();
      if (key === undefined) return;
      const out = await withdrawKey(run.target, key, run.ctx);
      if (out.kind === 'withdrawn') {
        run.ledger.recordWithdraw([key]);
        tally.result.withdrawn.push(key);
      } else if (out.kind === 'refused') tally.result.rejected.push({ key, reasons: [out.reason] });
      else run.fail(out.error);
      tally.progress.done++;
      tally.emit();
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
}

/**
 * A package whose records went through the records API (too large, no package endpoint, --unpack), every one
 * acknowledged and every withdrawal done, is remembered too, so the next run does not upload it again.
 */
function rememberUnpacked(ledger: Ledger, packages: PackageUpload[], plan: RunPlan, items: PublishItem[], withdrawn: string[]): void {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const withdrawnNow = new Set(withdrawn);
  packages.forEach((pkg, i) => {
    if (plan.outcomes[i].via !== 'records' || pkg.refusedLocally || ledger.packages.has(packageLedgerId(pkg.packageId, pkg.hash))) return;
    const stored = pkg.keys.every((k) => ledger.published.get(k) === byKey.get(k)?.hash);
    if (stored && pkg.withdrawn.every((k) => byKey.has(k) || withdrawnNow.has(k))) ledger.recordPackage({ id: pkg.packageId, hash: pkg.hash }, [], []);
  });
}

/** Pending keys, rejections in input order (answers arrive in any order; local refusals stay first), ok. */
function finish(result: PublishResult, items: PublishItem[], toSend: PublishItem[], resolved: ReadonlySet<string>, o: { fatal: boolean; interrupted: boolean }): PublishResult {
  for (const it of toSend) if (!resolved.has(it.key)) result.pending.push(it.key);
  result.withdrawn = [...new Set(result.withdrawn)].sort(); // two packages may list the same key
  const position = new Map(items.map((it, i) => [it.key, i]));
  const remote = result.rejected.slice(result.refused);
  const rank = (r: RejectedRecord) => (r.source && r.key !== undefined ? position.get(r.key) ?? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
  remote.sort((a, b) => rank(a) - rank(b));
  result.rejected.splice(result.refused, remote.length, ...remote);
  result.interrupted = o.interrupted;
  result.ok = !o.fatal && !result.interrupted && result.rejected.length === 0 && result.pending.length === 0
    && result.withdrawn.length === result.plan.withdraw.length && !result.packages.some((p) => p.status === 'refused' || p.status === 'pending');
  return result;
}

/** The result before anything is sent: the plan, local refusals, every package's planned route. */
function initialResult(o: PublishOptions, plan: RunPlan): PublishResult {
  const p = plan.plan;
  return {
    target: { kind: o.target.kind, url: o.target.url },
    dryRun: !!o.dryRun,
    plan: { added: p.added.map((i) => i.key), changed: p.changed.map((i) => i.key), unchanged: p.unchanged.length, withdraw: [...new Set([...p.withdraw, ...plan.withdrawnByPackage])].sort() },
    accepted: [],
    rejected: [...(o.refused ?? [])],
    refused: o.refused?.length ?? 0,
    unchanged: p.unchanged.length,
    withdrawn: [],
    pending: [],
    packages: plan.outcomes,
    errors: [],
    interrupted: false,
    ok: false,
  };
}

/**
 * Publish items to a target: plan against the ledger (planRun), upload packages whole (uploadPackage) and send
 * the other added + changed records in batches (sendBatch), with bounded concurrency and retries, ledger every
 * acknowledgement durably, then withdraw (withdrawKey). Re-running after any interruption sends only what the
 * ledger does not hold; the target's own idempotency (record key + content hash; package id + content hash)
 * covers the gap between its answer and our ledger write.
 */
export async function publish(o: PublishOptions): Promise<PublishResult> {
  const published = o.ledger.published;
  const plan = planRun({ target: o.target, items: o.items, published, ledgerPackages: o.ledger.packages ?? new Set(), packages: o.packages, withdrawKeys: o.withdrawKeys, withdrawMissing: o.withdrawMissing, unpack: o.unpack });
  const result = initialResult(o, plan);
  const toSend = [...plan.plan.added, ...plan.plan.changed];
  if (o.dryRun) {
    result.ok = result.rejected.length === 0;
    return result;
  }
  if (!isLedger(o.ledger)) throw new Error('publish: a writable Ledger is needed unless dryRun');
  const log = o.onLog ?? (() => {});
  const retry: RetryOptions = { ...o.retry, signal: o.signal, onRetry: (r) => { log(`retry ${r.attempt} in ${r.delayMs} ms: ${r.error.message}`); o.retry?.onRetry?.(r); } };
  const progress: PublishProgress = { phase: 'send', done: 0, total: toSend.length, accepted: 0, rejected: 0, unchanged: 0 };
  const tally: Tally = { result, progress, resolved: new Set(), published, changedKeys: new Set(plan.plan.changed.map((i) => i.key)), emit: () => o.onProgress?.({ ...progress }) };
  let fatal: RemoteError | undefined;
  const run: Run = {
    target: o.target, ledger: o.ledger, tally, log, ctx: { retry, signal: o.signal }, concurrency: Math.max(1, o.concurrency ?? 2),
    stopped: () => !!fatal || !!o.signal?.aborted,
    fail: (err) => {
      if (!err) return;
      result.errors.push({ code: err.options.code ?? err.kind, message: err.message, ...(err.status ? { status: err.status } : {}) });
      if (isFatal(err)) fatal ??= err;
    },
  };
  if (toSend.length || result.plan.withdraw.length || plan.uploads.length) {
    try {
      await withRetry(() => o.target.check({ signal: o.signal }), retry);
    } catch (err) {
      if (err instanceof RemoteError) run.fail(err);
      else if (!o.signal?.aborted) throw err;
    }
  }
  await runSends(run, plan, Math.max(1, Math.min(o.batchSize ?? 200, o.target.maxBatchSize)));
  await runWithdrawals(run, plan.deleteKeys);
  rememberUnpacked(o.ledger, o.packages ?? [], plan, o.items, result.withdrawn);
  return finish(result, o.items, toSend, tally.resolved, { fatal: !!fatal, interrupted: !!o.signal?.aborted });
}
