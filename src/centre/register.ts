import type { CatalogRecord } from '../model/record.js';
import { recordKey, contentHash } from '../model/identity.js';
import type { Issue } from '../report/issue.js';
import { validateRecord } from '../validate/records.js';
import { listProfiles } from '../profiles/load.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import './messages.js';
import { mayActFor } from './auth.js';
import { yielder } from './batch-body.js';
import { applyInSlices } from './apply-slices.js';
import { LOCAL_ORIGIN, type CentreStore, type RecordChange, type StoredRecord, type Submission, type SupersedingChange, type TokenInfo } from './store.js';

/** A refusal with an HTTP status and a stable code; the server turns it into a JSON error. */
export class CentreError extends Error {
  constructor(public status: number, public code: string, public params: Record<string, unknown> = {}, public details?: Record<string, unknown>, public messageCode = code) {
    super(t(`centre-api.${messageCode}`, 'en', params));
  }

  /** The message in `lang` (messages in src/centre/messages.ts). */
  messageIn(lang: Lang): string {
    return t(`centre-api.${this.messageCode}`, lang, this.params);
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
  rejected: { key?: string; index: number; issues: Issue[] }[];
  unchanged: { key: string }[];
  /** Keys withdrawn by an incremental package. */
  withdrawn?: { key: string }[];
  /** Submission ids waiting for review (review on). */
  submissions?: number[];
}

export interface RegisterContext {
  token: TokenInfo;
  /** Review (审核) switched on: department changes become submissions. */
  review: boolean;
  profile?: string;
  lang?: Lang;
}

const issue = (code: string, lang: Lang, params: Record<string, unknown>, index: number, path = ''): Issue => ({ code, severity: 'error', message: t(`centre-api.${code}`, lang, params), path, record: index, ...(Object.keys(params).length ? { params } : {}) });

/**
 * Register a batch of records for the caller's provider. Validation uses the same library code as
 * `catalog validate`. Records of another provider make the whole request fail with 403 (nothing is written).
 */
export async function registerRecords(store: CentreStore, records: unknown[], ctx: RegisterContext, extra: { withdrawn?: string[]; refused?: Map<number, Issue[]> } = {}): Promise<RegistrationAnswer> {
  const profile = ctx.profile ?? 'guide2017';
  const lang = ctx.lang ?? 'en';
  if (!listProfiles().some((p) => p.id === profile)) throw new CentreError(400, 'unknown-profile', { profile });
  const keys = records.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? recordKey(r as CatalogRecord) : undefined));
  const existing = await store.getRecords([...keys.filter((k): k is string => !!k), ...(extra.withdrawn ?? [])]);
  const pending = ctx.review && !ctx.token.admin ? await store.listSubmissions('submitted') : [];

  // ownership first: a single foreign record refuses the whole request (nothing is written); every offender is
  // listed in the error's details.rejected (same shape as an answer's `rejected`), so a client can report them all
  // from one answer instead of splitting the request to find them.
  const offenders: { index: number; key?: string; issues: Issue[]; code: 'provider-mismatch' | 'not-owner'; params: Record<string, unknown> }[] = [];
  records.forEach((r, index) => {
    const code = (r as CatalogRecord | undefined)?.provider?.code;
    const key = keys[index];
    if (code && !mayActFor(ctx.token, code)) {
      const params = { index, provider: code, token: ctx.token.provider };
      offenders.push({ index, ...(key ? { key } : {}), code: 'provider-mismatch', params, issues: [issue('provider-mismatch', lang, params, index, '/provider/code')] });
      return;
    }
    const old = key ? existing.get(key) : undefined;
    if (old && !mayActFor(ctx.token, old.provider)) {
      const params = { key, provider: old.provider };
      offenders.push({ index, key, code: 'not-owner', params, issues: [issue('not-owner', lang, params, index)] });
    }
  });
  if (offenders.length) {
    const first = offenders[0];
    const rejected = offenders.map(({ index, key, issues }) => ({ index, ...(key ? { key } : {}), issues }));
    const details = { ...(first.code === 'provider-mismatch' ? { index: first.index, provider: first.params.provider } : { key: first.key, provider: first.params.provider }), actsFor: ctx.token.provider, rejected };
    if (offenders.length === 1) throw new CentreError(403, first.code, first.params, details);
    throw new CentreError(403, first.code, { count: offenders.length, token: ctx.token.provider, first: t(`centre-api.${first.code}`, lang, first.params) }, details, 'ownership-many');
  }
  const answer: RegistrationAnswer = { status: 'accepted', accepted: [], rejected: [], unchanged: [] };
  const changes: RecordChange[] = [];
  const toSubmit: { key: string; provider: string; hash: string; record: CatalogRecord }[] = [];
  const seen = new Set<string>();
  // validation gives way to other requests every ~10 ms (yielder): a large batch never holds the event loop
  const pause = yielder();
  for (const [index, raw] of records.entries()) {
    await pause();
    // refused before any work (over a limit, key fields of the wrong type: screen.ts)
    const refused = extra.refused?.get(index);
    if (refused) { answer.rejected.push({ index, issues: refused }); continue; }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      answer.rejected.push({ index, issues: [issue('record-not-object', lang, {}, index)] });
      continue;
    }
    const record = { ...(raw as CatalogRecord) };
    delete record.provenance;
    const key = keys[index];
    const issues = validateRecord(record, { profile, lang }, { index }).filter((i) => i.severity === 'error');
    if (!key) issues.unshift(issue('record-key-missing', lang, {}, index));
    else if (seen.has(key)) issues.unshift(issue('duplicate-key', lang, { key }, index));
    const code = record.provider?.code;
    if (!code) issues.push(issue('provider-code-missing', lang, {}, index, '/provider/code'));
    const old = key ? existing.get(key) : undefined;
    if (old && old.origin !== LOCAL_ORIGIN) issues.push(issue('foreign-origin', lang, { key, origin: old.origin }, index));
    if (issues.length || !key || !code) {
      answer.rejected.push({ ...(key ? { key } : {}), index, issues });
      continue;
    }
    seen.add(key);
    const hash = contentHash(record);
    const sameAsStored = old && old.hash === hash && (old.status === 'published' || old.status === 'submitted');
    const sameAsPending = pending.some((s) => s.key === key && s.hash === hash);
    if (sameAsStored || sameAsPending) {
      answer.unchanged.push({ key });
      continue;
    }
    answer.accepted.push({ key, hash });
    if (ctx.review && !ctx.token.admin) {
      toSubmit.push({ key, provider: code, hash, record });
      // a record never published before is kept as "submitted" (not visible); a published one stays as is until review
      if (!old || old.status !== 'published') {
        changes.push({ key, provider: code, hash, status: 'submitted', origin: LOCAL_ORIGIN, record, action: 'submit', actor: ctx.token.id, expectHash: old?.hash ?? null });
      }
    } else {
      changes.push({ key, provider: code, hash, status: 'published', origin: LOCAL_ORIGIN, record, action: old ? 'update' : 'create', actor: ctx.token.id, expectHash: old?.hash ?? null });
    }
  }

  const withdrawn: { key: string }[] = [];
  for (const key of extra.withdrawn ?? []) {
    const old = existing.get(key);
    if (!old || old.status === 'withdrawn') continue;
    changes.push({ ...withdrawChange(old, ctx.token.id) });
    withdrawn.push({ key });
  }
  if (extra.withdrawn) answer.withdrawn = withdrawn;

  if (changes.length) await applyInSlices(store, changes);
  if (toSubmit.length) answer.submissions = (await store.createSubmissions(toSubmit.map((s) => ({ ...s, actor: ctx.token.id })))).map((s) => s.id);

  if (answer.rejected.length && !answer.accepted.length && !answer.unchanged.length && !withdrawn.length) answer.status = 'rejected';
  else if (answer.rejected.length) answer.status = 'partial';
  else if (toSubmit.length) answer.status = 'submitted';
  return answer;
}

function withdrawChange(old: StoredRecord, actor: string, comment?: string): RecordChange {
  return { key: old.key, provider: old.provider, hash: old.hash, status: 'withdrawn', origin: old.origin, record: old.record, action: 'withdraw', actor, comment, expectHash: old.hash };
}

/** Withdraw (撤销) one record of the caller's provider. Idempotent: withdrawing twice answers the same. */
export async function withdrawRecord(store: CentreStore, key: string, token: TokenInfo, comment?: string): Promise<StoredRecord> {
  const old = await store.getRecord(key);
  if (!old) throw new CentreError(404, 'record-not-found', { key });
  if (!mayActFor(token, old.provider)) throw new CentreError(403, 'not-owner', { key, provider: old.provider }, { key, provider: old.provider });
  if (old.origin !== LOCAL_ORIGIN) throw new CentreError(409, 'foreign-origin', { key, origin: old.origin });
  if (old.status === 'withdrawn') return old;
  const [rec] = await store.applyChanges([withdrawChange(old, token.id, comment)]);
  return rec;
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
    const change: RecordChange = { key: sub.key, provider: sub.provider, hash: sub.hash, status: 'published', origin: LOCAL_ORIGIN, record: sub.record, action: 'publish', actor, comment, expectHash: old?.hash ?? null };
    return store.reviewSubmission(id, { status: 'published', reviewer: token.id, comment }, change);
  }
  // returned: a record never published is marked returned; a published one keeps its published content
  const change: RecordChange | undefined = old && old.status !== 'published'
    ? { key: sub.key, provider: sub.provider, hash: sub.hash, status: 'returned', origin: LOCAL_ORIGIN, record: sub.record, action: 'return', actor, comment }
    : undefined;
  return store.reviewSubmission(id, { status: 'returned', reviewer: token.id, comment }, change);
}
