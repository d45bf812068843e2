import { RemoteError, withRetry } from './retry.js';
import { actsForOf, rethrowUnlessRemote, type StepContext } from './step.js';
import type { PackageAnswer, PackageUpload, PublishTarget, Reason } from './target.js';
import { ref, type MessageRef } from '../issues/text.js';

/**
 * How uploading one package whole went:
 * - taken: the target answered per record;
 * - fallback: too large (413) or no package endpoint: its records should go through the records API;
 * - refused: the package itself was refused (signature, checksums, manifest, another provider), nothing registered;
 * - failed: no answer (remote failure after retries, interrupted).
 */
export type UploadOutcome =
  | { kind: 'taken'; answer: PackageAnswer }
  | { kind: 'fallback'; status: number; code: 'body-too-large' | 'no-package-api'; wording: MessageRef }
  | { kind: 'refused'; status: number; reasons: Reason[]; perRecord: Map<string, Reason[]>; actsFor?: string }
  | { kind: 'failed'; error?: RemoteError };

/** Reasons of the centre's verify issues / a 403's per-record list, from an error body. */
function reasonList(v: unknown): Reason[] {
  return (Array.isArray(v) ? v : []).map((i: any) => ({ code: String(i?.code ?? 'rejected'), message: String(i?.message ?? i?.code ?? ''), ...(typeof i?.path === 'string' && i.path ? { path: i.path } : {}) }));
}

/** The reasons a refused package's records are rejected with: the centre's per-record list, else the package's. */
function refusal(err: RemoteError, pkg: PackageUpload): Extract<UploadOutcome, { kind: 'refused' }> {
  const body = err.options.body as any;
  const top: Reason = { code: err.options.code ?? `http-${err.status}`, message: err.options.detail ?? err.message };
  const perRecord = new Map<string, Reason[]>();
  for (const r of Array.isArray(body?.error?.details?.rejected) ? body.error.details.rejected : []) {
    const key = Number.isInteger(r?.index) ? pkg.keys[r.index] : r?.key;
    if (typeof key === 'string') perRecord.set(key, reasonList(r?.issues));
  }
  const actsFor = actsForOf(body);
  return { kind: 'refused', status: err.status!, reasons: [top, ...reasonList(body?.error?.details?.issues)], perRecord, ...(actsFor ? { actsFor } : {}) };
}

/** Upload one package whole (with retries) and say how it went; writes nothing locally. */
export async function uploadPackage(target: PublishTarget, pkg: PackageUpload, ctx: StepContext): Promise<UploadOutcome> {
  if (!target.sendPackage) return { kind: 'fallback', status: 404, code: 'no-package-api', wording: ref('publish.fallback.no-package-api', { detail: '', kind: target.kind }) };
  try {
    return { kind: 'taken', answer: await withRetry(() => target.sendPackage!(pkg, { signal: ctx.signal }), { ...ctx.retry, signal: ctx.signal }) };
  } catch (e) {
    const err = rethrowUnlessRemote(e, ctx.signal);
    if (!err) return { kind: 'failed' };
    if (err.status === 413 || err.status === 405 || (err.status === 404 && err.options.code === 'not-found')) {
      const code = err.status === 413 ? 'body-too-large' : 'no-package-api';
      return { kind: 'fallback', status: err.status, code, wording: ref(`publish.fallback.${code}`, { detail: err.options.detail ?? err.message, kind: target.kind }) };
    }
    if (err.status !== undefined && err.status >= 400 && err.status < 500 && !err.retryable && err.status !== 401) return refusal(err, pkg);
    return { kind: 'failed', error: err };
  }
}
