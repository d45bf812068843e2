import type { CatalogRecord } from '../model/record.js';
import { recordKey, contentHash } from '../model/identity.js';
import type { Issue } from '../issues/issue.js';
import { validateRecord } from '../validate/records.js';
import { listProfiles } from '../profiles/load.js';
import { ref } from '../issues/text.js';
import { writeRefusal } from './ownership.js';
import { yielder } from './yielder.js';
import { authorityChecker } from './authority.js';
import { intakePhase } from './intake-phase.js';
import { LOCAL_ORIGIN, type CentreStore, type RecordChange, type StoredRecord, type Submission, type SupersedingChange, type TokenInfo } from './store.js';

/**
 * A refusal with an HTTP status and a stable code; the server turns it into a JSON error worded in the request's
 * language (`centre-api.<messageCode>` with `params`: src/centre/handlers/error-answer.ts). `message` is only the
 * code and params, for logs.
 */
export class CentreError extends Error {
  constructor(public status: number, public code: string, public params: Record<string, unknown> = {}, public details?: Record<string, unknown>, public messageCode = code) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

/**
 * 409 submission-superseded: submission `id` for `key` lost to the newer submission `by` (details `{id, key, newer}`),
 * or to a change outside review (details `{id, key, change: {seq, action}}`, the record's history entry): the message
 * says which — a withdrawal, a direct write, or a harvest.
 */
export function supersededError(id: number, key: string, by: number | SupersedingChange | undefined): CentreError {
  if (by === undefined || typeof by === 'number') return new CentreError(409, 'submission-superseded', { id, key, newer: by }, { id, key, newer: by });
  const change = { seq: by.seq, action: by.action };
  const why = by.action === 'withdraw' || by.action === 'harvest-withdraw' ? 'withdrawn' : by.action === 'harvest' ? 'harvested' : 'written';
  return new CentreError(409, 'submission-superseded', { id, key, seq: by.seq }, { id, key, change }, `submission-superseded-${why}`);
}

/** What closed a superseded submission, for supersededError. */
export const supersededCause = (s: Pick<Submission, 'supersededBy' | 'supersededByChange'>): number | SupersedingChange | undefined => s.supersededByChange ?? s.supersededBy;

export interface RegistrationAnswer {
  packageId?: string;
  batchId?: string;
  status: 'accepted' | 'partial' | 'rejected' | 'submitted';
  accepted: { key: string; hash: string }[];
  /** `index` into the request's records, or `withdrawal: true` for a key of the package's manifest.withdrawn. */
  rejected: { key?: string; index?: number; withdrawal?: boolean; issues: Issue[] }[];
  unchanged: { key: string }[];
  /** Keys withdrawn by an incremental package. */
  withdrawn?: { key: string }[];
  /** Review on: keys of the package's withdrawals waiting for an admin (their submissions are in `submissions`). */
  submittedWithdrawals?: { key: string }[];
  /** Submission ids waiting for review (review on). */
  submissions?: number[];
  /** Accepted records with warnings: items copied from a data element's authority without naming it (一数一源). */
  warnings?: { key: string; index: number; issues: Issue[] }[];
}

export interface RegisterContext {
  token: TokenInfo;
  /** Review (审核) switched on: department changes become submissions. */
  review: boolean;
  profile?: string;
}

/** A refusal of one record, worded by the centre's table (centre-api.<code>) when it is answered. */
const issue = (code: string, params: Record<string, unknown>, index: number | undefined, path = ''): Issue => ({ code, severity: 'error', path, ...(index !== undefined ? { record: index } : {}), ...(Object.keys(params).length ? { params } : {}), wording: ref(`centre-api.${code}`) });

type Rejection = RegistrationAnswer['rejected'][number];

/**
 * Ownership first: one record or withdrawal the token may not touch (writeRefusal: another provider's content or
 * stored record) refuses the whole request with 403, nothing written. Every offender is listed in the error's
 * details.rejected (same shape as an answer's `rejected`), so a client can report them all from one answer.
 */
async function refuseOthersRecords(ctx: RegisterContext, records: unknown[], keys: (string | undefined)[], existing: Map<string, StoredRecord>, withdrawals: string[]): Promise<void> {
  const offenders: (Rejection & { code: string; params: Record<string, unknown> })[] = [];
  const check = (key: string | undefined, claimed: string | undefined, index: number | undefined) => {
    const refusal = writeRefusal(ctx.token, key, key ? existing.get(key) : undefined, claimed);
    if (!refusal || refusal.status !== 403) return;
    const params = refusal.code === 'provider-mismatch' ? { index, ...refusal.params } : refusal.params;
    const where = index === undefined ? { withdrawal: true } : { index };
    offenders.push({ ...where, ...(key ? { key } : {}), code: refusal.code, params, issues: [issue(refusal.code, params, index, refusal.code === 'provider-mismatch' ? '/provider/code' : '')] });
  };
  const pause = yielder();
  for (const [index, r] of records.entries()) {
    await pause();
    check(keys[index], (r as CatalogRecord | undefined)?.provider?.code, index);
  }
  for (const key of withdrawals) check(key, undefined, undefined);
  if (!offenders.length) return;
  const first = offenders[0];
  const rejected = offenders.map(({ code: _c, params: _p, ...r }) => r);
  const details = { ...(first.code === 'provider-mismatch' ? { index: first.index, provider: first.params.provider } : { key: first.key, provider: first.params.provider }), actsFor: ctx.token.provider, rejected };
  if (offenders.length === 1) throw new CentreError(403, first.code, first.params, details);
  throw new CentreError(403, first.code, { count: offenders.length, token: ctx.token.provider, first: ref(`centre-api.${first.code}`, first.params) }, details, 'ownership-many');
}

/**
 * The stored state of `keys`, read 500 keys at a time with a pause between reads: one read of a 100,000-record
 * package's keys held the event loop for seconds (SQLite reads synchronously; pg parses the whole result at once),
 * and 2,000 at a time still for ~250 ms on a loaded machine.
 */
export async function storedRecords(store: CentreStore, keys: string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  const pause = yielder();
  for (let i = 0; i < keys.length; i += 500) {
    await pause();
    for (const [k, r] of await store.getRecords(keys.slice(i, i + 500))) out.set(k, r);
  }
  return out;
}

/** The record key of each of `records` (undefined for a non-object), with pauses: 100,000 at once took ~100 ms. */
async function keysOf(records: unknown[]): Promise<(string | undefined)[]> {
  const pause = yielder();
  const out: (string | undefined)[] = [];
  for (const r of records) {
    await pause();
    out.push(r && typeof r === 'object' && !Array.isArray(r) ? recordKey(r as CatalogRecord) : undefined);
  }
  return out;
}

/**
 * Register a batch of records for the caller's provider, and withdraw the keys of a package's manifest.withdrawn.
 * Validation uses the same library code as `catalog validate`. Records or withdrawals of another provider make the
 * whole request fail with 403 (nothing is written). With review on, a department's changes and withdrawals of
 * published records become submissions.
 */
export async function registerRecords(store: CentreStore, records: unknown[], ctx: RegisterContext, extra: { withdrawn?: string[]; refused?: Map<number, Issue[]> } = {}): Promise<RegistrationAnswer> {
  const profile = ctx.profile ?? 'guide2017';
  intakePhase('check');
  if (!listProfiles().some((p) => p.id === profile)) throw new CentreError(400, 'unknown-profile', { profile, available: listProfiles().map((p) => p.id).join(', ') });
  const keys = await keysOf(records);
  const existing = await storedRecords(store, [...keys.filter((k): k is string => !!k), ...(extra.withdrawn ?? [])]);
  await refuseOthersRecords(ctx, records, keys, existing, extra.withdrawn ?? []);
  const reviewed = ctx.review && !ctx.token.admin;
  const pending = reviewed ? await store.listSubmissions('submitted') : [];
  const answer: RegistrationAnswer = { status: 'accepted', accepted: [], rejected: [], unchanged: [] };
  const changes: RecordChange[] = [];
  const toSubmit: Omit<Submission, 'id' | 'created' | 'status' | 'actor'>[] = [];
  const seen = new Set<string>();
  // validation gives way to other requests every ~10 ms (yielder): a large batch never holds the event loop
  const pause = yielder();
  const authority = await authorityChecker(store);
  intakePhase('validate');
  for (const [index, raw] of records.entries()) {
    await pause();
    // refused before any work (over a limit, key fields of the wrong type: screen.ts)
    const refused = extra.refused?.get(index);
    if (refused) { answer.rejected.push({ index, issues: refused }); continue; }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      answer.rejected.push({ index, issues: [issue('record-not-object', {}, index)] });
      continue;
    }
    const record = { ...(raw as CatalogRecord) };
    delete record.provenance;
    const key = keys[index];
    const issues: Issue[] = validateRecord(record, { profile }, { index }).filter((i) => i.severity === 'error');
    if (!key) issues.unshift(issue('record-key-missing', {}, index));
    else if (seen.has(key)) issues.unshift(issue('duplicate-key', { key }, index));
    const code = record.provider?.code;
    if (!code) issues.push(issue('provider-code-missing', {}, index, '/provider/code'));
    const old = key ? existing.get(key) : undefined;
    const refusal = writeRefusal(ctx.token, key, old, code);
    if (refusal) issues.push(issue(refusal.code, refusal.params, index));
    if (issues.length || !key || !code) {
      answer.rejected.push({ ...(key ? { key } : {}), index, issues });
      continue;
    }
    seen.add(key);
    const hash = contentHash(record);
    const sameAsStored = old && old.hash === hash && (old.status === 'published' || old.status === 'submitted');
    const sameAsPending = pending.some((s) => s.key === key && s.hash === hash && !s.action);
    if (sameAsStored || sameAsPending) {
      answer.unchanged.push({ key });
      continue;
    }
    answer.accepted.push({ key, hash });
    const warned = await authority(record, index);
    if (warned.length) (answer.warnings ??= []).push({ key, index, issues: warned });
    if (reviewed) {
      toSubmit.push({ key, provider: code, hash, record });
      // a record never published before is kept as "submitted" (not visible); a published one stays as is until review
      if (!old || old.status !== 'published') {
        changes.push({ key, provider: code, hash, status: 'submitted', origin: LOCAL_ORIGIN, record, action: 'submit', actor: ctx.token.id, expectHash: old?.hash ?? null });
      }
    } else {
      changes.push({ key, provider: code, hash, status: 'published', origin: LOCAL_ORIGIN, record, action: old ? 'update' : 'create', actor: ctx.token.id, expectHash: old?.hash ?? null });
    }
  }
  if (extra.withdrawn) planWithdrawals(extra.withdrawn, { ctx, existing, pending, answer, changes, toSubmit });

  intakePhase('apply');
  // all or nothing (store.applyRegistration: one transaction, written in slices that give way to other requests)
  const submitted = await store.applyRegistration(changes, toSubmit.map((s) => ({ ...s, actor: ctx.token.id })), yielder(0));
  if (toSubmit.length) answer.submissions = submitted.map((s) => s.id);

  const done = answer.accepted.length || answer.unchanged.length || answer.withdrawn?.length || answer.submittedWithdrawals?.length;
  if (answer.rejected.length && !done) answer.status = 'rejected';
  else if (answer.rejected.length) answer.status = 'partial';
  else if (toSubmit.length) answer.status = 'submitted';
  return answer;
}

interface WithdrawalPlan {
  ctx: RegisterContext;
  existing: Map<string, StoredRecord>;
  pending: Submission[];
  answer: RegistrationAnswer;
  changes: RecordChange[];
  toSubmit: Omit<Submission, 'id' | 'created' | 'status' | 'actor'>[];
}

/**
 * A package's withdrawals (manifest.withdrawn), ownership already checked: a harvested record is rejected
 * (foreign-origin) like a record of the package; with review on, a department's withdrawal of a published record
 * becomes a submission (once: a withdrawal already waiting is not submitted again); else it is withdrawn now.
 */
function planWithdrawals(keys: string[], p: WithdrawalPlan): void {
  const { ctx, answer } = p;
  answer.withdrawn = [];
  for (const key of keys) {
    const old = p.existing.get(key);
    if (!old || old.status === 'withdrawn') continue;
    const refusal = writeRefusal(ctx.token, key, old);
    if (refusal) {
      answer.rejected.push({ key, withdrawal: true, issues: [issue(refusal.code, refusal.params, undefined)] });
      continue;
    }
    if (ctx.review && !ctx.token.admin && old.status === 'published') {
      (answer.submittedWithdrawals ??= []).push({ key });
      if (!p.pending.some((s) => s.key === key && s.action === 'withdraw')) p.toSubmit.push({ key, provider: old.provider, hash: old.hash, record: old.record, action: 'withdraw' });
      continue;
    }
    p.changes.push(withdrawChange(old, ctx.token.id));
    answer.withdrawn.push({ key });
  }
}

function withdrawChange(old: StoredRecord, actor: string, comment?: string): RecordChange {
  return { key: old.key, provider: old.provider, hash: old.hash, status: 'withdrawn', origin: old.origin, record: old.record, action: 'withdraw', actor, comment, expectHash: old.hash };
}

/** Withdraw (撤销) one record of the caller's provider. Idempotent: withdrawing twice answers the same. */
export async function withdrawRecord(store: CentreStore, key: string, token: TokenInfo, comment?: string): Promise<StoredRecord> {
  const old = await store.getRecord(key);
  if (!old) throw new CentreError(404, 'record-not-found', { key });
  const refusal = writeRefusal(token, key, old);
  if (refusal) throw new CentreError(refusal.status, refusal.code, refusal.params, refusal.code === 'not-owner' ? { key, provider: old.provider } : undefined);
  if (old.status === 'withdrawn') return old;
  const [rec] = await store.applyChanges([withdrawChange(old, token.id, comment)]);
  return rec;
}

/** The record change publishing `sub` makes: its content published, or (a withdrawal) the record withdrawn. */
function publishChange(sub: Submission, old: StoredRecord | undefined, actor: string, comment?: string): RecordChange | undefined {
  if (!sub.action) return { key: sub.key, provider: sub.provider, hash: sub.hash, status: 'published', origin: LOCAL_ORIGIN, record: sub.record, action: 'publish', actor, comment, expectHash: old?.hash ?? null };
  // action publish (not withdraw): a reviewed change closes no newer open submission for the key
  if (!old || old.status === 'withdrawn') return undefined;
  return { ...withdrawChange(old, actor, comment), action: 'publish' };
}

/**
 * Review (审核) one submission: publish it, or return it with a comment. Admin only.
 * Publishing closes the older open submissions for the same record key as `superseded`; a submission
 * older than one already published for its key cannot be published (409 submission-superseded), so
 * stale content never overwrites newer published content (the store enforces both in its transaction).
 * A withdrawal, direct write or harvest of the record closes its open submissions too (store.applyChanges),
 * so reviewing one of those answers the same 409, naming the change.
 */
export async function reviewSubmission(store: CentreStore, id: number, decision: 'publish' | 'return', token: TokenInfo, comment?: string) {
  if (!token.admin) throw new CentreError(403, 'admin-required');
  const sub = await store.getSubmission(id);
  if (!sub) throw new CentreError(404, 'submission-not-found', { id });
  if (sub.status === 'superseded') throw supersededError(id, sub.key, supersededCause(sub));
  if (sub.status !== 'submitted') throw new CentreError(409, 'already-reviewed', { id, status: sub.status });
  const old = await store.getRecord(sub.key);
  const actor = `admin:${token.id}`;
  if (decision === 'publish') {
    // the submitter must still be allowed to write the record (the same rule as every write path)
    const refusal = writeRefusal({ provider: sub.provider, admin: false }, sub.key, old, sub.action ? undefined : sub.record.provider?.code);
    if (refusal) throw new CentreError(refusal.status, refusal.code, refusal.params);
    return store.reviewSubmission(id, { status: 'published', reviewer: token.id, comment }, publishChange(sub, old, actor, comment));
  }
  // returned: a record never published is marked returned; a published one keeps its published content (and a
  // returned withdrawal changes nothing)
  const change: RecordChange | undefined = old && old.status !== 'published' && !sub.action
    ? { key: sub.key, provider: sub.provider, hash: sub.hash, status: 'returned', origin: LOCAL_ORIGIN, record: sub.record, action: 'return', actor, comment }
    : undefined;
  return store.reviewSubmission(id, { status: 'returned', reviewer: token.id, comment }, change);
}
