import { RemoteError, type RetryOptions } from './retry.js';
import type { Reason } from './target.js';

/** What every step (upload a package, send a batch, withdraw a key) needs besides the target. */
export interface StepContext {
  retry?: RetryOptions;
  signal?: AbortSignal;
}

/** Failures that stop the whole run: the target cannot be reached or refuses our credentials. */
export function isFatal(err: RemoteError): boolean {
  if (err.options.recordLevel) return false;
  return err.kind === 'unreachable' || err.retryable || err.status === 401 || err.status === 403 || err.kind === 'protocol';
}

/** A RemoteError as the reason for refusing a record; `withStatus` puts "HTTP <status>" before the centre's detail. */
export function reasonOf(err: RemoteError, fallbackCode: string, withStatus: boolean): Reason {
  const message = err.options.detail ? (withStatus ? `HTTP ${err.status} ${err.options.detail}` : err.options.detail) : err.message;
  return { code: err.options.code ?? fallbackCode, message };
}

/** The provider a token acts for, from a 403 provider-mismatch body (error.details.actsFor). */
export function actsForOf(body: unknown): string | undefined {
  const a = (body as any)?.error?.details?.actsFor;
  return typeof a === 'string' && a ? a : undefined;
}

/** A non-remote error is a bug unless the run was interrupted: rethrow it. */
export function rethrowUnlessRemote(err: unknown, signal?: AbortSignal): RemoteError | undefined {
  if (err instanceof RemoteError) return err;
  if (signal?.aborted) return undefined;
  throw err;
}
