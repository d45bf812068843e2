import { request, httpError, redactUrl } from './http.js';
import { RemoteError } from './retry.js';
import type { BatchAnswer, PublishItem, PublishTarget, Reason } from './target.js';

export interface CentreTargetOptions {
  /** Centre base URL, e.g. http://127.0.0.1:8080 (the API lives under /api/v1). */
  url: string;
  /** Bearer token (per provider). Sent only in the Authorization header. */
  token?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** Language of the centre's messages (sent as Accept-Language). */
  lang?: 'zh' | 'en';
}

/** Records per POST /api/v1/records, per docs/centre-api.md. */
export const CENTRE_MAX_BATCH = 1000;

function reasonsOf(issues: unknown): Reason[] {
  if (!Array.isArray(issues) || !issues.length) return [{ code: 'rejected', message: 'rejected by the centre' }];
  return issues.map((i: any) => ({ code: String(i?.code ?? 'rejected'), message: String(i?.message ?? i?.code ?? ''), ...(typeof i?.path === 'string' ? { path: i.path } : {}) }));
}

/** Map the centre's answer (accepted/rejected/unchanged) onto the batch; rejected entries are matched by index, else key. */
export function parseCentreAnswer(body: any, items: PublishItem[]): BatchAnswer {
  const keys = new Set(items.map((i) => i.key));
  const accepted = (Array.isArray(body?.accepted) ? body.accepted : []).filter((a: any) => keys.has(a?.key)).map((a: any) => ({ key: a.key as string }));
  const unchanged = (Array.isArray(body?.unchanged) ? body.unchanged : []).filter((a: any) => keys.has(a?.key)).map((a: any) => ({ key: a.key as string }));
  const rejected = (Array.isArray(body?.rejected) ? body.rejected : []).map((r: any) => {
    const key = Number.isInteger(r?.index) && items[r.index] ? items[r.index].key : r?.key;
    return { key: String(key), reasons: reasonsOf(r?.issues ?? r?.errors) };
  }).filter((r: { key: string }) => keys.has(r.key));
  return { accepted, rejected, unchanged };
}

/** The directory centre's records API (docs/centre-api.md): POST /api/v1/records, DELETE /api/v1/records/{key}, GET /health. */
export function centreTarget(o: CentreTargetOptions): PublishTarget {
  const base = o.url.replace(/\/+$/, '');
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(o.lang ? { 'accept-language': o.lang } : {}),
    ...(json ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  });
  return {
    kind: 'centre',
    url: base,
    maxBatchSize: CENTRE_MAX_BATCH,
    async check({ signal }) {
      const url = `${base}/health`;
      const a = await request(url, { method: 'GET', headers: { accept: 'application/json' }, signal, timeoutMs: o.timeoutMs });
      if (a.status !== 200) throw httpError('GET', url, a);
      if ((a.body as any)?.status !== 'ok') throw new RemoteError('protocol', `GET ${redactUrl(url)}: not a catalog centre (no {"status":"ok"})`, { code: 'not-a-centre' });
    },
    async send(items, { signal }) {
      const url = `${base}/api/v1/records`;
      const body = JSON.stringify({ records: items.map((i) => i.record) });
      const a = await request(url, { method: 'POST', headers: headers(true), body, signal, timeoutMs: o.timeoutMs });
      const b = a.body as any;
      const hasAnswer = b && (Array.isArray(b.accepted) || Array.isArray(b.rejected) || Array.isArray(b.unchanged));
      // 422 = every record rejected by validation: still a per-record answer.
      if ((a.status >= 200 && a.status < 300) || (a.status === 422 && hasAnswer)) {
        if (!hasAnswer) throw new RemoteError('protocol', `POST ${redactUrl(url)}: HTTP ${a.status} without accepted/rejected/unchanged`, { code: 'bad-answer', retryable: false });
        return parseCentreAnswer(b, items);
      }
      const err = httpError('POST', url, a);
      // 400 malformed, 403 another provider's record, 409 conflict, 422 without a per-record answer:
      // about the records in this batch, so the publisher splits the batch to find the culprits.
      if ([400, 403, 409, 422].includes(a.status)) err.options.recordLevel = true;
      throw err;
    },
    async withdraw(key, { signal }) {
      const url = `${base}/api/v1/records/${encodeURIComponent(key)}`;
      const a = await request(url, { method: 'DELETE', headers: headers(false), signal, timeoutMs: o.timeoutMs });
      // 404: nothing to withdraw, which is what we wanted.
      if ((a.status >= 200 && a.status < 300) || a.status === 404) return;
      const err = httpError('DELETE', url, a);
      if (a.status === 403 || a.status === 409) err.options.recordLevel = true; // another provider's record
      throw err;
    },
  };
}
