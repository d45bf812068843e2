import { createHash } from 'node:crypto';
import { canonicalJson } from '../../model/identity.js';
import { recordsToGbtXml } from '../../export/gbt-xml.js';
import { CentreError, registerRecords, withdrawRecord, type RegistrationAnswer } from '../register.js';
import { sendJson, sendText } from '../respond.js';
import { parseJson, searchQuery } from '../request.js';
import type { StoredRecord } from '../store.js';
import { visibleHistory, visibleRecord } from '../visibility.js';
import { callerOf, type RequestContext } from './context.js';

const MAX_BATCH = 1000;

/** HTTP status of a registration answer: 422 when every record was rejected. */
export const answerStatus = (a: RegistrationAnswer) => (a.status === 'rejected' ? 422 : 200);

/** Record summary for search results. */
export function summarize(r: StoredRecord) {
  return {
    key: r.key, title: r.record.title, provider: r.provider, providerName: r.record.provider?.name, status: r.status, datestamp: r.datestamp,
    origin: r.origin, hash: r.hash, shareType: r.record.sharing?.type, abstract: r.record.abstract,
  };
}

export async function searchRecords({ store, url, res }: RequestContext): Promise<void> {
  const r = await store.search(searchQuery(url.searchParams));
  sendJson(res, 200, { total: r.total, totalExact: r.totalExact, page: r.page, pageSize: r.pageSize, items: r.items.map(summarize) });
}

/** POST /api/v1/records: a batch of records as JSON, idempotent per batchId. */
export async function postRecords(ctx: RequestContext): Promise<void> {
  const { store, opts, body, lang, res } = ctx;
  const token = callerOf(ctx);
  const input = parseJson(body) as { records?: unknown; batchId?: unknown; profile?: unknown };
  if (!input || typeof input !== 'object' || !Array.isArray(input.records)) throw new CentreError(400, 'invalid-body', { detail: 'the body must be {"records": [record, …]}' });
  if (input.records.length > MAX_BATCH) throw new CentreError(413, 'too-many-records', { max: MAX_BATCH });
  if (input.batchId !== undefined && typeof input.batchId !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'batchId must be a string' });
  if (input.profile !== undefined && typeof input.profile !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'profile must be a string' });
  const batchId = input.batchId as string | undefined;
  const hash = createHash('sha256').update(canonicalJson({ records: input.records, profile: input.profile ?? null })).digest('hex');
  const answerId = batchId ? `batch:${token.provider}:${batchId}` : undefined;
  if (answerId) {
    const old = await store.getAnswer(answerId, hash);
    if (old) return sendJson(res, answerStatus(old as RegistrationAnswer), old);
  }
  const answer = await registerRecords(store, input.records, { token, review: !!opts.review, profile: input.profile as string | undefined, lang });
  if (batchId) answer.batchId = batchId;
  if (answerId) await store.saveAnswer(answerId, hash, answer);
  sendJson(res, answerStatus(answer), answer);
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
  sendJson(res, 200, { key: r.key, status: r.status, datestamp: r.datestamp, origin: r.origin, hash: r.hash, provider: r.provider, record: r.record });
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
