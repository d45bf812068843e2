import { packageLedgerId, type Ledger } from './ledger.js';
import { planPublish, type PublishPlan } from './plan.js';
import { RemoteError, withRetry, type RetryOptions } from './retry.js';
import type { ItemSource, PackageAnswer, PackageUpload, PublishItem, PublishTarget, Reason } from './target.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';

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
  /** Language of the messages publish itself writes (default en). */
  lang?: Lang;
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

/** What happened to one registration package. */
export interface PackageOutcome {
  file: string;
  packageId: string;
  signed: boolean;
  records: number;
  /**
   * package: uploaded whole (in a dry run: would be); records: its records went through the records API;
   * none: nothing sent (the ledger holds this package and every record of it unchanged).
   */
  via: 'package' | 'records' | 'none';
  /**
   * The target's answer: accepted | partial | rejected | submitted; refused: the package itself was refused
   * (signature, checksums, provider); pending: no answer (remote failure, interrupted).
   */
  status?: string;
  /** Why its records went through the records API instead of the package endpoint. */
  fallback?: { code: string; message: string };
  /** Why the target refused the package. */
  reasons?: Reason[];
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
  /** Registration packages among the inputs and how each went. */
  packages: PackageOutcome[];
  /** Remote failures (after retries), in order. */
  errors: { code: string; message: string; status?: number }[];
  interrupted: boolean;
  /** True when every record was accepted or unchanged, every package taken and every withdrawal done. */
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

/** Reasons of the centre's verify issues / a 403's per-record list, from an error body. */
function reasonList(v: unknown): Reason[] {
  return (Array.isArray(v) ? v : []).map((i: any) => ({ code: String(i?.code ?? 'rejected'), message: String(i?.message ?? i?.code ?? ''), ...(typeof i?.path === 'string' && i.path ? { path: i.path } : {}) }));
}

/** A whole package travelling to the target, with its records and how it went. */
interface PackageUnit {
  pkg: PackageUpload;
  items: PublishItem[];
  outcome: PackageOutcome;
}

/**
 * Publish items to a target: plan against the ledger, upload packages whole and send the other added + changed
 * records in batches, with bounded concurrency and retries, ledger every acknowledgement durably, then withdraw.
 * Re-running after any interruption sends only what the ledger does not hold; the target's own idempotency
 * (record key + content hash; package id + content hash) covers the gap between its answer and our ledger write.
 */
export async function publish(o: PublishOptions): Promise<PublishResult> {
  const { target } = o;
  const lang = o.lang ?? 'en';
  const published = o.ledger.published;
  const ledgerPackages: ReadonlySet<string> = o.ledger.packages ?? new Set();
  const byKey = new Map(o.items.map((i) => [i.key, i]));
  const kindOf = (it: PublishItem): 'added' | 'changed' | 'unchanged' => {
    const h = published.get(it.key);
    return h === undefined ? 'added' : h !== it.hash ? 'changed' : 'unchanged';
  };
  const present = new Set(o.items.map((i) => i.key));

  // Packages: whole (upload), none (nothing changed since the ledgered upload) or records (batches).
  const units: PackageUnit[] = [];
  const outcomes: PackageOutcome[] = [];
  const packageWithdrawn = new Set((o.packages ?? []).flatMap((p) => p.withdrawn));
  const withdrawKeys = (o.withdrawKeys ?? []).filter((k) => !packageWithdrawn.has(k));
  /** Keys the centre withdraws as part of a package upload (not DELETEd one by one). */
  const withdrawnByPackage = new Set<string>();
  for (const pkg of o.packages ?? []) {
    const outcome: PackageOutcome = { file: pkg.file, packageId: pkg.packageId, signed: pkg.signed, records: pkg.keys.length, via: 'records' };
    outcomes.push(outcome);
    const items = pkg.refusedLocally ? [] : pkg.keys.map((k) => byKey.get(k)!);
    if (!pkg.refusedLocally && ledgerPackages.has(packageLedgerId(pkg.packageId, pkg.hash)) && items.every((it) => kindOf(it) === 'unchanged')) {
      // Taken before with this content and nothing changed since: nothing to send. Its withdrawals were done then;
      // a withdrawn key published again since (by another input) is withdrawn one by one.
      outcome.via = 'none';
      withdrawKeys.push(...pkg.withdrawn.filter((k) => published.has(k)));
      continue;
    }
    const fallback = pkg.refusedLocally > 0 ? 'refused-locally' : o.unpack ? 'unpack' : !target.sendPackage ? 'no-package-api' : undefined;
    if (fallback) {
      outcome.fallback = { code: fallback, message: t(`publish.fallback.${fallback}`, lang, { kind: target.kind }) };
      withdrawKeys.push(...pkg.withdrawn);
      continue;
    }
    outcome.via = 'package';
    units.push({ pkg, items, outcome });
    for (const k of pkg.withdrawn) if (!present.has(k)) withdrawnByPackage.add(k);
  }

  const plan: PublishPlan = planPublish(o.items, published, { withdrawMissing: o.withdrawMissing, withdrawKeys });
  const deleteKeys = plan.withdraw.filter((k) => !withdrawnByPackage.has(k));
  const result: PublishResult = {
    target: { kind: target.kind, url: target.url },
    dryRun: !!o.dryRun,
    plan: { added: plan.added.map((i) => i.key), changed: plan.changed.map((i) => i.key), unchanged: plan.unchanged.length, withdraw: [...new Set([...plan.withdraw, ...withdrawnByPackage])].sort() },
    accepted: [],
    rejected: [...(o.refused ?? [])],
    refused: o.refused?.length ?? 0,
    unchanged: plan.unchanged.length,
    withdrawn: [],
    pending: [],
    packages: outcomes,
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
  const inPackage = new Set(units.flatMap((u) => u.items.map((i) => i.key)));
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

  if (toSend.length || result.plan.withdraw.length || units.length) {
    try {
      await withRetry(() => target.check({ signal: o.signal }), retry);
    } catch (err) {
      fail(err);
    }
  }

  const resolved = new Set<string>();
  /** The provider the token acts for, once the target said so (a 403 provider mismatch). */
  let actsFor: string | undefined;
  const learn = (body: unknown) => {
    const a = (body as any)?.error?.details?.actsFor;
    if (typeof a === 'string' && a) actsFor ??= a;
  };
  const reject = (it: PublishItem, reasons: Reason[]) => {
    if (resolved.has(it.key)) return;
    result.rejected.push({ key: it.key, source: it.source, reasons });
    resolved.add(it.key);
    if (kindOf(it) === 'unchanged') result.unchanged--;
    else {
      progress.rejected++;
      progress.done++;
    }
  };

  // Work: packages first (whole uploads), then batches of the other records. A batch refused as too large (413)
  // is split in two; a package refused as too large goes as batches.
  const size = Math.max(1, Math.min(o.batchSize ?? 200, target.maxBatchSize));
  type Work = { kind: 'package'; unit: PackageUnit } | { kind: 'batch'; items: PublishItem[] };
  const queue: Work[] = units.map((unit) => ({ kind: 'package' as const, unit }));
  const batched = toSend.filter((it) => !inPackage.has(it.key));
  const pushBatches = (items: PublishItem[]) => {
    for (let i = 0; i < items.length; i += size) queue.push({ kind: 'batch', items: items.slice(i, i + size) });
  };
  pushBatches(batched);
  emit();

  const sendPackage = async (u: PackageUnit) => {
    const { pkg } = u;
    const fresh = u.items.filter((it) => kindOf(it) !== 'unchanged');
    let answer: PackageAnswer;
    try {
      answer = await withRetry(() => target.sendPackage!(pkg, { signal: o.signal }), retry);
    } catch (err) {
      if (err instanceof RemoteError && (err.status === 413 || err.status === 405 || (err.status === 404 && err.options.code === 'not-found'))) {
        // Larger than the target takes, or no package endpoint: the records go through the records API.
        const code = err.status === 413 ? 'body-too-large' : 'no-package-api';
        u.outcome.via = 'records';
        u.outcome.fallback = { code, message: t(`publish.fallback.${code}`, lang, { detail: err.options.detail ?? err.message, kind: target.kind }) };
        log(`package ${pkg.file}: HTTP ${err.status} ${err.options.code ?? ''}; sending its ${fresh.length} added/changed records through the records API`);
        pushBatches(fresh);
        for (const k of pkg.withdrawn) if (withdrawnByPackage.delete(k)) deleteKeys.push(k);
        return;
      }
      if (err instanceof RemoteError && err.status !== undefined && err.status >= 400 && err.status < 500 && !err.retryable && err.status !== 401) {
        // The package itself refused (signature, checksums, manifest, another provider): every record of it is
        // rejected with the centre's reasons; nothing of it was registered.
        const body = err.options.body as any;
        learn(body);
        const top: Reason = { code: err.options.code ?? `http-${err.status}`, message: err.options.detail ?? err.message };
        const issues = reasonList(body?.error?.details?.issues);
        const perRecord = new Map<string, Reason[]>();
        for (const r of Array.isArray(body?.error?.details?.rejected) ? body.error.details.rejected : []) {
          const key = Number.isInteger(r?.index) ? pkg.keys[r.index] : r?.key;
          if (typeof key === 'string') perRecord.set(key, reasonList(r?.issues));
        }
        u.outcome.status = 'refused';
        u.outcome.reasons = [top, ...issues];
        log(`package ${pkg.file}: refused (HTTP ${err.status} ${top.code})`);
        for (const it of u.items) reject(it, perRecord.get(it.key)?.length ? perRecord.get(it.key)! : [top, ...issues]);
        emit();
        return;
      }
      u.outcome.status = 'pending';
      fail(err);
      return;
    }
    const mine = new Map(u.items.map((i) => [i.key, i]));
    const put: { key: string; hash: string }[] = [];
    for (const a of answer.accepted) {
      const it = mine.get(a.key);
      if (!it || resolved.has(it.key)) continue;
      put.push({ key: it.key, hash: it.hash });
      resolved.add(it.key);
      if (kindOf(it) === 'unchanged') continue;
      result.accepted.push({ key: it.key, change: changedKeys.has(it.key) ? 'changed' : 'added' });
      progress.accepted++;
      progress.done++;
    }
    for (const a of answer.unchanged) {
      const it = mine.get(a.key);
      if (!it || resolved.has(it.key)) continue;
      put.push({ key: it.key, hash: it.hash });
      resolved.add(it.key);
      if (kindOf(it) === 'unchanged') continue;
      result.unchanged++;
      progress.unchanged++;
      progress.done++;
    }
    for (const r of answer.rejected) {
      const key = r.index !== undefined && pkg.keys[r.index] !== undefined ? pkg.keys[r.index] : r.key;
      const it = key !== undefined ? mine.get(key) : undefined;
      if (it) reject(it, r.reasons);
    }
    const withdrawn = pkg.withdrawn.filter((k) => withdrawnByPackage.has(k));
    ledger.recordPackage({ id: pkg.packageId, hash: pkg.hash }, put, withdrawn);
    result.withdrawn.push(...withdrawn);
    u.outcome.status = answer.status ?? (answer.rejected.length ? 'partial' : 'accepted');
    log(`package ${pkg.file}: ${answer.status ?? 'answered'}: ${answer.accepted.length} accepted, ${answer.unchanged.length} unchanged, ${answer.rejected.length} rejected, ${withdrawn.length} withdrawn`);
    emit();
  };

  const sendBatch = async (items: PublishItem[]) => {
    let batch = items;
    if (actsFor) {
      // The target said which provider the token acts for: records of another provider would only be refused.
      const foreign = batch.filter((it) => typeof it.record.provider?.code === 'string' && it.record.provider.code && it.record.provider.code !== actsFor);
      for (const it of foreign) reject(it, [{ code: 'provider-mismatch', path: '/provider/code', message: t('publish.provider-mismatch-known', lang, { provider: it.record.provider!.code, token: actsFor }) }]);
      if (foreign.length) {
        log(`${foreign.length} records of another provider than ${actsFor} not sent`);
        emit();
        batch = batch.filter((it) => !resolved.has(it.key));
      }
      if (!batch.length) return;
    }
    let answer;
    try {
      answer = await withRetry(() => target.send(batch, { signal: o.signal }), retry);
    } catch (err) {
      if (err instanceof RemoteError && err.options.wholeBatch) {
        // Refused as a whole for a reason that holds for every record (a 403 without a per-record list).
        learn(err.options.body);
        const reason: Reason = { code: err.options.code ?? `http-${err.status}`, message: err.options.detail ?? err.message };
        log(`batch of ${batch.length} refused (HTTP ${err.status} ${reason.code})`);
        for (const it of batch) reject(it, [reason]);
        emit();
        return;
      }
      if (err instanceof RemoteError && (err.status === 413 || err.options.recordLevel) && batch.length > 1) {
        // Too large, or refused because of some record in it: split in two until the culprits stand alone.
        log(`batch of ${batch.length} refused (HTTP ${err.status} ${err.options.code ?? ''}); splitting`);
        const mid = Math.ceil(batch.length / 2);
        queue.unshift({ kind: 'batch', items: batch.slice(0, mid) }, { kind: 'batch', items: batch.slice(mid) });
        return;
      }
      if (err instanceof RemoteError && !isFatal(err)) {
        // A 4xx refusal (malformed, conflict): each record is rejected with that reason.
        const reason: Reason = { code: err.options.code ?? `http-${err.status}`, message: err.options.detail ? `HTTP ${err.status} ${err.options.detail}` : err.message };
        for (const it of batch) reject(it, [reason]);
        emit();
        return;
      }
      fail(err);
      return;
    }
    if (answer.actsFor) actsFor ??= answer.actsFor;
    const mine = new Map(batch.map((i) => [i.key, i]));
    const acked: { key: string; hash: string }[] = [];
    for (const a of answer.accepted) {
      const it = mine.get(a.key);
      if (!it) continue;
      acked.push({ key: it.key, hash: it.hash });
      result.accepted.push({ key: it.key, change: changedKeys.has(it.key) ? 'changed' : 'added' });
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
    ledger.recordPut(acked);
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
    if (again.length && again.length < batch.length) {
      // The target wrote nothing because of the rejected records; the rest go again, once, on their own.
      queue.unshift({ kind: 'batch', items: again });
    }
    log(`batch of ${batch.length}: ${answer.accepted.length} accepted, ${answer.unchanged.length} unchanged, ${answer.rejected.length} rejected${again.length ? `, ${again.length} to send again without them` : ''}`);
    emit();
  };

  const worker = async () => {
    while (!stopped()) {
      const work = queue.shift();
      if (!work) return;
      if (work.kind === 'package') await sendPackage(work.unit);
      else await sendBatch(work.items);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  for (const u of units) if (!u.outcome.status && u.outcome.via === 'package') u.outcome.status = 'pending';

  // Withdrawals, after the sends (a record moved to a new key is published before the old one is withdrawn).
  if (!stopped() && deleteKeys.length) {
    progress.phase = 'withdraw';
    progress.done = 0;
    progress.total = deleteKeys.length;
    emit();
    const keys = [...deleteKeys].sort();
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

  // A package whose records went through the records API (too large, no package endpoint, --unpack), every one
  // acknowledged and every withdrawal done, is remembered too, so the next run does not upload it again.
  const withdrawnNow = new Set(result.withdrawn);
  (o.packages ?? []).forEach((pkg, i) => {
    if (outcomes[i].via !== 'records' || pkg.refusedLocally || ledger.packages.has(packageLedgerId(pkg.packageId, pkg.hash))) return;
    const stored = pkg.keys.every((k) => ledger.published.get(k) === byKey.get(k)?.hash);
    if (stored && pkg.withdrawn.every((k) => present.has(k) || withdrawnNow.has(k))) ledger.recordPackage({ id: pkg.packageId, hash: pkg.hash }, [], []);
  });

  // Whatever was not answered stays pending for the next run.
  for (const it of toSend) if (!resolved.has(it.key)) result.pending.push(it.key);
  result.withdrawn = [...new Set(result.withdrawn)].sort(); // two packages may list the same key
  // Rejections in input order (answers arrive in any order with --concurrency); local refusals stay first.
  const position = new Map(o.items.map((it, i) => [it.key, i]));
  const remote = result.rejected.slice(result.refused);
  const rank = (r: RejectedRecord) => (r.source && r.key !== undefined ? position.get(r.key) ?? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
  remote.sort((a, b) => rank(a) - rank(b));
  result.rejected.splice(result.refused, remote.length, ...remote);
  result.interrupted = !!o.signal?.aborted;
  result.ok = !fatal && !result.interrupted && result.rejected.length === 0 && result.pending.length === 0
    && result.withdrawn.length === result.plan.withdraw.length && !outcomes.some((p) => p.status === 'refused' || p.status === 'pending');
  return result;
}
