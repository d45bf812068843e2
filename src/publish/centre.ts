import { request, httpError, redactUrl } from './http.js';
import { RemoteError } from './retry.js';
import type { BatchAnswer, PackageAnswer, PublishItem, PublishTarget, Reason } from './target.js';

export interface CentreTargetOptions {
  /** Centre base URL, e.g. http://127.0.0.1:8080 (the API lives under /api/v1). */
  url: string;
  /** Bearer token (per provider). Sent only in the Authorization header. */
  token?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /**
   * The language the centre should word its answers in, sent as Accept-Language (HTTP content negotiation: the
   * centre is the edge that renders its refusals; publish passes their text through as the target's own words).
   */
  acceptLanguage?: 'zh' | 'en';
}

/** The profile the centre assumes when none is sent; publish always sends one. */
const DEFAULT_PROFILE = 'guide2017';

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

/** The centre's answer to a package upload; rejected entries keep the index into the package's records.jsonl. */
export function parsePackageAnswer(body: any): PackageAnswer {
  const keyed = (v: unknown) => (Array.isArray(v) ? v : []).filter((a: any) => typeof a?.key === 'string').map((a: any) => ({ key: a.key as string }));
  const rejected = (Array.isArray(body?.rejected) ? body.rejected : []).map((r: any) => ({
    ...(Number.isInteger(r?.index) ? { index: r.index as number } : {}),
    ...(typeof r?.key === 'string' ? { key: r.key as string } : {}),
    reasons: reasonsOf(r?.issues ?? r?.errors),
  }));
  return { ...(typeof body?.status === 'string' ? { status: body.status } : {}), accepted: keyed(body?.accepted), unchanged: keyed(body?.unchanged), rejected };
}

/**
 * A 403 that lists the offending records (details.rejected, docs/centre-api.md): the centre wrote nothing of the
 * batch; the listed records are rejected with the centre's reasons, the others are "unprocessed" (sent again).
 */
function ownershipAnswer(body: any, items: PublishItem[]): BatchAnswer | undefined {
  const details = body?.error?.details;
  if (!details || !Array.isArray(details.rejected) || !details.rejected.length) return undefined;
  const answer = parseCentreAnswer({ rejected: details.rejected }, items);
  if (!answer.rejected.length) return undefined;
  const refused = new Set(answer.rejected.map((r) => r.key));
  return {
    accepted: [],
    unchanged: [],
    rejected: answer.rejected,
    unprocessed: items.filter((i) => !refused.has(i.key)).map((i) => i.key),
    ...(typeof details.actsFor === 'string' ? { actsFor: details.actsFor } : {}),
  };
}

/** Error codes the centre answers with that mean "try again" even though the status is a 4xx. */
const RETRY_CODES = new Set(['concurrent-change']);

function centreError(method: string, url: string, a: Parameters<typeof httpError>[2]) {
  const err = httpError(method, url, a);
  if (err.options.code && RETRY_CODES.has(err.options.code)) err.options.retryable = true;
  return err;
}

/**
 * The directory centre (docs/centre-api.md): POST /api/v1/records, POST /api/v1/packages,
 * DELETE /api/v1/records/{key}, GET /health.
 */
export function centreTarget(o: CentreTargetOptions): PublishTarget {
  const base = o.url.replace(/\/+$/, '');
  const headers = (type?: string): Record<string, string> => ({
    accept: 'application/json',
    ...(o.acceptLanguage ? { 'accept-language': o.acceptLanguage } : {}),
    ...(type ? { 'content-type': type } : {}),
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
  });
  const hasAnswer = (b: any) => b && (Array.isArray(b.accepted) || Array.isArray(b.rejected) || Array.isArray(b.unchanged));
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
      // The profile travels with every batch, as it does in a package's manifest (one profile per batch).
      const body = JSON.stringify({ records: items.map((i) => i.record), profile: items[0]?.profile ?? DEFAULT_PROFILE });
      const a = await request(url, { method: 'POST', headers: headers('application/json; charset=utf-8'), body, signal, timeoutMs: o.timeoutMs });
      const b = a.body as any;
      // 422 = every record rejected by validation: still a per-record answer.
      if ((a.status >= 200 && a.status < 300) || (a.status === 422 && hasAnswer(b))) {
        if (!hasAnswer(b)) throw new RemoteError('protocol', `POST ${redactUrl(url)}: HTTP ${a.status} without accepted/rejected/unchanged`, { code: 'bad-answer', retryable: false });
        return parseCentreAnswer(b, items);
      }
      if (a.status === 403) {
        // Records of another provider (or keys another provider owns): the centre lists them all; never split.
        const owned = ownershipAnswer(b, items);
        if (owned) return owned;
      }
      const err = centreError('POST', url, a);
      if (a.status === 403 && err.options.code !== 'signature-required') err.options.wholeBatch = true;
      // 400 malformed, 409 conflict, 422 without a per-record answer: about some record in this batch, so the
      // publisher splits the batch to find the culprits. 403 signature-required (the token takes only signed
      // packages) and 401 stop the run.
      else if ([400, 409, 422].includes(a.status) && !err.retryable) err.options.recordLevel = true;
      throw err;
    },
    async sendPackage(pkg, { signal }) {
      const url = `${base}/api/v1/packages`;
      const a = await request(url, { method: 'POST', headers: headers('application/zip'), body: pkg.bytes, signal, timeoutMs: o.timeoutMs });
      const b = a.body as any;
      // 422 with a registration answer = every record rejected; 422 with an error = the package itself refused.
      if ((a.status >= 200 && a.status < 300) || (a.status === 422 && hasAnswer(b))) {
        if (!hasAnswer(b)) throw new RemoteError('protocol', `POST ${redactUrl(url)}: HTTP ${a.status} without accepted/rejected/unchanged`, { code: 'bad-answer', retryable: false });
        return parsePackageAnswer(b);
      }
      throw centreError('POST', url, a);
    },
    async withdraw(key, { signal }) {
      const url = `${base}/api/v1/records/${encodeURIComponent(key)}`;
      const a = await request(url, { method: 'DELETE', headers: headers(), signal, timeoutMs: o.timeoutMs });
      // 404: nothing to withdraw, which is what we wanted.
      if ((a.status >= 200 && a.status < 300) || a.status === 404) return;
      const err = centreError('DELETE', url, a);
      // another provider's record; signature-required (a key-bound token) stops the run instead
      if ((a.status === 403 && err.options.code !== 'signature-required') || (a.status === 409 && !err.retryable)) err.options.recordLevel = true;
      throw err;
    },
  };
}
