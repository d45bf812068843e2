import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/identity.js';
import { recordsToGbtXml } from '../../export/gbt-xml.js';
import { CentreError, registerRecords, withdrawRecord, type RegistrationAnswer } from '../register.js';
import { renderAnswer } from './answer-text.js';
import { sendJson, sendText } from '../respond.js';
import { searchQuery } from '../request.js';
import { listProfiles } from '../../profiles/load.js';
import { readBatchEnvelope, parseBatchRecords, yielder, type BatchRecord } from '../batch-body.js';
import { checkBatchEnvelope } from '../request-shapes.js';
import { screenRecords } from '../screen.js';
import { DEFAULT_LIMITS, LIMIT_FLAGS, limitsOf } from '../limits.js';
import { clip } from '../clip.js';
import type { StoredRecord } from '../store.js';
import { chainOf } from '../tree/store.js';
import { visibleHistory, visibleRecord } from '../visibility.js';
import { callerOf, type RequestContext } from './context.js';

/** HTTP status of a registration answer: 422 when every record was rejected. */
export const answerStatus = (a: RegistrationAnswer) => (a.status === 'rejected' ? 422 : 200);

/** Record summary for search results: texts clipped to `maxText` characters (the record's endpoint has them whole). */
export function summarize(r: StoredRecord, maxText = DEFAULT_LIMITS.maxListTextChars) {
  const c = <T>(v: T) => clip(v, maxText);
  return {
    key: r.key, title: c(r.record.title), provider: r.provider, providerName: c(r.record.provider?.name), status: r.status, datestamp: r.datestamp,
    origin: r.origin, hash: r.hash, shareType: c(r.record.sharing?.type), abstract: c(r.record.abstract),
  };
}

export async function searchRecords({ store, opts, url, res }: RequestContext): Promise<void> {
  const r = await store.search(searchQuery(url.searchParams));
  const max = limitsOf(opts).maxListTextChars;
  sendJson(res, 200, { total: r.total, totalExact: r.totalExact, page: r.page, pageSize: r.pageSize, items: r.items.map((x) => summarize(x, max)) });
}

/** Content hash of a batch (idempotency of batchId): record by record, giving way to other requests. */
async function batchHash(batch: BatchRecord[], profile: string | undefined): Promise<string> {
  const h = createHash('sha256').update(canonicalJson({ profile: profile ?? null }));
  const pause = yielder();
  for (const r of batch) {
    await pause();
    h.update('\n').update(canonicalJson(r.value ?? { breach: r.breach }));
  }
  return h.digest('hex');
}

/** POST /api/v1/records: a batch of records as JSON, idempotent per batchId. Read incrementally (batch-body.ts). */
export async function postRecords(ctx: RequestContext): Promise<void> {
  const { store, opts, body, lang, res } = ctx;
  const token = callerOf(ctx);
  const limits = limitsOf(opts);
  const scanned = await readBatchEnvelope(body, limits);
  checkBatchEnvelope(scanned.envelope);
  const input = scanned.envelope as { records: unknown[]; batchId?: string; profile?: string };
  if (input.records.length > limits.maxBatchRecords) throw new CentreError(413, 'too-many-records', { max: limits.maxBatchRecords, flag: LIMIT_FLAGS.maxBatchRecords });
  const profile = input.profile ?? 'guide2017';
  if (!listProfiles().some((p) => p.id === profile)) throw new CentreError(400, 'unknown-profile', { profile, available: listProfiles().map((p) => p.id).join(', ') });
  // records outside the scanned array only in a small body (a "records" key spelt with escapes)
  const batch: BatchRecord[] = scanned.spans.length ? await parseBatchRecords(body, scanned.spans, limits) : input.records.map((value) => ({ value }));
  const { batchId } = input;
  const hash = await batchHash(batch, input.profile);
  const answerId = batchId ? `batch:${token.provider}:${batchId}` : undefined;
  if (answerId) {
    const old = await store.getAnswer(answerId, hash);
    if (old) return sendJson(res, answerStatus(old as RegistrationAnswer), renderAnswer(old as RegistrationAnswer, lang));
  }
  const screened = screenRecords(batch, profile, limits);
  const answer = await registerRecords(store, screened.records, { token, review: !!opts.review, profile: input.profile }, { refused: screened.refused });
  if (batchId) answer.batchId = batchId;
  if (answerId) await store.saveAnswer(answerId, hash, answer);
  sendJson(res, answerStatus(answer), renderAnswer(answer, lang));
}

/** One record; one never published only for its provider and admins (visibility.ts), else 404. */
export async function getRecord({ store, params, url, req, res, token }: RequestContext): Promise<void> {
  const { key } = params;
  const r = await visibleRecord(store, token, await store.getRecord(key));
  if (!r) throw new CentreError(404, 'record-not-found', { key });
  const fmt = url.searchParams.get('format');
  // Accept: application/xml alone asks for XML; a browser's Accept (text/html, …, application/xml;q=0.9) gets JSON
  const accept = req.headers.accept ?? '';
  const wantsXml = fmt === 'xml' || (!fmt && /(application|text)\/xml/.test(accept) && !/text\/html|application\/json/.test(accept));
  if (fmt && fmt !== 'xml' && fmt !== 'json') throw new CentreError(400, 'bad-parameter', { detail: 'format must be json or xml' });
  if (wantsXml) return sendText(res, 200, 'application/xml', recordsToGbtXml([r.record]));
  const chain = await chainOf(store, r);
  sendJson(res, 200, { key: r.key, status: r.status, datestamp: r.datestamp, origin: r.origin, ...(chain ? { originChain: chain } : {}), hash: r.hash, provider: r.provider, record: r.record });
}

export async function deleteRecord(ctx: RequestContext): Promise<void> {
  const r = await withdrawRecord(ctx.store, ctx.params.key, callerOf(ctx), ctx.url.searchParams.get('comment') ?? undefined);
  sendJson(ctx.res, 200, { key: r.key, status: r.status, datestamp: r.datestamp });
}

/** A record's history; its unpublished states only for its provider and admins (visibility.ts). */
export async function recordHistory({ store, params, res, token }: RequestContext): Promise<void> {
  const { key } = params;
  const items = await visibleHistory(store, token, await store.getRecord(key));
  if (!items) throw new CentreError(404, 'record-not-found', { key });
  sendJson(res, 200, { key, items });
}
