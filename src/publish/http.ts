import { RemoteError, isRetryableStatus, parseRetryAfter } from './retry.js';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/**
 * One HTTP request with a timeout. Network failures and timeouts become retryable RemoteErrors of kind
 * "unreachable". The answer is returned whatever its status; callers decide. Headers (and so the token)
 * never appear in any error message.
 */
export async function request(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal; timeoutMs?: number },
): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(init.timeoutMs ?? 60_000);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, { method: init.method, headers: init.headers, body: init.body as BodyInit | undefined, signal });
  } catch (err) {
    if (init.signal?.aborted) throw init.signal.reason ?? err;
    const cause = (err as any)?.cause;
    const detail = timeout.aborted ? 'timed out' : cause?.code ?? cause?.message ?? (err as Error).message;
    throw new RemoteError('unreachable', `${init.method} ${redactUrl(url)}: ${detail}`, { retryable: true, code: 'unreachable' });
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (init.signal?.aborted) throw init.signal.reason ?? err;
    throw new RemoteError('unreachable', `${init.method} ${redactUrl(url)}: connection lost while reading the answer`, { retryable: true, code: 'unreachable' });
  }
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** URL without user:password (never print credentials, wherever they hide). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}

/** Turn a non-success HTTP answer into a RemoteError, retryable for 408/429/5xx with Retry-After honoured. */
export function httpError(method: string, url: string, a: HttpAnswer, fallbackCode = 'http-error'): RemoteError {
  const err = (a.body as any)?.error;
  const code = typeof err?.code === 'string' ? err.code : typeof err?.__type === 'string' ? err.__type : fallbackCode;
  const msg = typeof err?.message === 'string' ? err.message : typeof err === 'string' ? err : a.text.slice(0, 200);
  return new RemoteError('http', `${method} ${redactUrl(url)}: HTTP ${a.status}${msg ? ` ${msg}` : ''}`, {
    status: a.status,
    code,
    retryable: isRetryableStatus(a.status),
    retryAfterMs: parseRetryAfter(a.headers.get('retry-after')),
    body: a.body,
    detail: msg || undefined,
  });
}
