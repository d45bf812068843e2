import type { CatalogRecord } from '../model/record.js';
import { recordToCkan, ckanName } from '../export/ckan.js';
import { request, httpError, redactUrl, type HttpAnswer } from './http.js';
import { RemoteError } from './retry.js';
import type { BatchAnswer, PublishItem, PublishTarget, Reason } from './target.js';

/**
 * CKAN target: the CKAN Action API (https://docs.ckan.org/en/latest/api/), the subset used here:
 *   GET  /api/3/action/status_show            health check
 *   GET  /api/3/action/package_show?id=NAME   404 + success:false when absent
 *   POST /api/3/action/package_create         {name, title, owner_org, …}
 *   POST /api/3/action/package_patch          {id, …changed fields}
 *   POST /api/3/action/package_delete         {id}
 * Every answer is {success, result | error}; `success: false` is a failure even on HTTP 200.
 * Auth: the API token in the Authorization header (CKAN ≥ 2.10; no "Bearer" prefix).
 *
 * The package shape is src/export/ckan.ts (the same as `catalog export --to ckan`).
 */

export interface CkanOptions {
  /** Portal base URL, e.g. https://data.example.gov.cn */
  url: string;
  /** CKAN API token. */
  token?: string;
  /** owner_org (organization name or id) for package_create. */
  org?: string;
  timeoutMs?: number;
}

/** Extras key holding the record's content hash: package_show + equal hash ⇒ unchanged (idempotent re-runs). */
export const CKAN_HASH_EXTRA = 'catalog_content_hash';

/**
 * The package sent to CKAN: the CKAN package shape of `catalog export --to ckan` (src/export/ckan.ts), plus
 * owner_org and the content hash in extras. `organization` is dropped (read-only in the Action API; owner_org
 * decides).
 */
export function toCkanPackage(r: CatalogRecord, o: { key: string; hash: string; org?: string }): Record<string, unknown> {
  // Tags are already cleaned by CKAN's rules (ckanTags); the CLI warns about each changed one (tagIssues).
  const { organization: _org, ...pkg } = recordToCkan(r, { ownerOrg: o.org });
  const extras = [...((pkg.extras as { key: string; value: string }[]) ?? []), { key: CKAN_HASH_EXTRA, value: o.hash }];
  return { ...pkg, name: ckanName(o.key), extras };
}

/** CKAN Validation Error dict ({field: [messages], __type}) → reasons with JSON pointers into the package. */
function validationReasons(error: any): Reason[] {
  const out: Reason[] = [];
  for (const [field, v] of Object.entries(error ?? {})) {
    if (field === '__type' || field === 'message') continue;
    const msgs = Array.isArray(v) ? v : [v];
    for (const m of msgs) out.push({ code: 'ckan-validation', path: `/${field}`, message: typeof m === 'string' ? m : JSON.stringify(m) });
  }
  if (!out.length) out.push({ code: 'ckan-validation', message: String(error?.message ?? error?.__type ?? 'Validation Error') });
  return out;
}

export function ckanTarget(o: CkanOptions): PublishTarget {
  const base = o.url.replace(/\/+$/, '');
  const action = (name: string) => `${base}/api/3/action/${name}`;
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...(o.token ? { authorization: o.token } : {}),
  });

  /** An Action API answer: result on success; RemoteError (retryable for 5xx/429) or a validation error otherwise. */
  const unwrap = (method: string, url: string, a: HttpAnswer): { ok: true; result: any } | { ok: false; validation: Reason[] } => {
    const b = a.body as any;
    if (a.status >= 200 && a.status < 300 && b?.success === true) return { ok: true, result: b.result };
    if (b && b.success === false && b.error?.__type === 'Validation Error') return { ok: false, validation: validationReasons(b.error) };
    if (a.status >= 200 && a.status < 300) {
      // HTTP 200 but success false (or no envelope): a failure, not retried.
      const msg = b?.error?.message ?? b?.error?.__type ?? 'answer without success: true';
      throw new RemoteError('http', `${method} ${redactUrl(url)}: success false: ${msg}`, { status: a.status, code: 'ckan-failure', retryable: false, body: b });
    }
    throw httpError(method, url, a, 'ckan-error');
  };

  const post = async (name: string, body: unknown, signal?: AbortSignal) => {
    const url = action(name);
    const a = await request(url, { method: 'POST', headers: headers(true), body: JSON.stringify(body), signal, timeoutMs: o.timeoutMs });
    return unwrap('POST', url, a);
  };

  const show = async (name: string, signal?: AbortSignal): Promise<any | undefined> => {
    const url = `${action('package_show')}?id=${encodeURIComponent(name)}`;
    const a = await request(url, { method: 'GET', headers: headers(false), signal, timeoutMs: o.timeoutMs });
    if (a.status === 404 && (a.body as any)?.success === false) return undefined;
    const u = unwrap('GET', url, a);
    if (!u.ok) throw new RemoteError('http', `GET ${redactUrl(url)}: validation error`, { status: a.status, code: 'ckan-failure' });
    return u.result;
  };

  return {
    kind: 'ckan',
    url: base,
    maxBatchSize: 1,
    async check({ signal }) {
      const url = action('status_show');
      const a = await request(url, { method: 'GET', headers: { accept: 'application/json' }, signal, timeoutMs: o.timeoutMs });
      unwrap('GET', url, a);
    },
    async send(items: PublishItem[], { signal }): Promise<BatchAnswer> {
      const answer: BatchAnswer = { accepted: [], rejected: [], unchanged: [] };
      for (const it of items) {
        const pkg = toCkanPackage(it.record, { key: it.key, hash: it.hash, org: o.org });
        const existing = await show(pkg.name as string, signal);
        if (existing) {
          const had = (existing.extras ?? []).find((e: any) => e?.key === CKAN_HASH_EXTRA)?.value;
          if (had === it.hash && existing.state !== 'deleted') {
            answer.unchanged.push({ key: it.key });
            continue;
          }
          const { name: _n, ...fields } = pkg;
          const u = await post('package_patch', { id: existing.id ?? pkg.name, ...fields, state: 'active' }, signal);
          if (u.ok) answer.accepted.push({ key: it.key });
          else answer.rejected.push({ key: it.key, reasons: u.validation });
        } else {
          const u = await post('package_create', pkg, signal);
          if (u.ok) answer.accepted.push({ key: it.key });
          else answer.rejected.push({ key: it.key, reasons: u.validation });
        }
      }
      return answer;
    },
    async withdraw(key, { signal }) {
      const name = ckanName(key);
      const existing = await show(name, signal);
      if (!existing || existing.state === 'deleted') return;
      const u = await post('package_delete', { id: existing.id ?? name }, signal);
      if (!u.ok) throw new RemoteError('http', `package_delete ${name}: ${u.validation.map((r) => r.message).join('; ')}`, { code: 'ckan-failure' });
    },
  };
}
