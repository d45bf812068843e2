/**
 * Retries with exponential backoff and full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
 * honouring the server's Retry-After on 429/503. Only errors marked retryable are retried.
 */

/** A failed call to a remote target. `retryable` decides whether withRetry tries again. */
export class RemoteError extends Error {
  constructor(
    /** unreachable: no HTTP answer (refused, reset, DNS, timeout); http: an HTTP error status; protocol: an answer we cannot use. */
    public kind: 'unreachable' | 'http' | 'protocol',
    message: string,
    public options: {
      status?: number;
      code?: string;
      retryable?: boolean;
      retryAfterMs?: number;
      body?: unknown;
      /** The refusal is about (some of) the records sent, not the connection or the token: split the batch to find them. */
      recordLevel?: boolean;
      /**
       * The target refused the whole request for a reason that holds for every record in it (a 403 without a
       * per-record answer): each record is rejected with the target's message; no splitting, no retry.
       */
      wholeBatch?: boolean;
      /** The target's own message, without method and URL. */
      detail?: string;
    } = {},
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.options.status;
  }
  get retryable(): boolean {
    return !!this.options.retryable;
  }
}

export interface RetryOptions {
  /** Attempts after the first (default 6). */
  retries?: number;
  /** First backoff step in ms (default 250). */
  baseDelayMs?: number;
  /** Largest backoff step in ms (default 15 000); Retry-After is capped at 4× this. */
  maxDelayMs?: number;
  /** Stop waiting when this fires. */
  signal?: AbortSignal;
  /** Called before each wait (for --verbose). */
  onRetry?: (info: { attempt: number; delayMs: number; error: RemoteError }) => void;
  /** Random source in [0,1), injectable so tests can check the bounds. */
  random?: () => number;
}

/** Is this HTTP status worth retrying? Network trouble, 5xx, 408 and 429; never other 4xx (validation rejections). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After as ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** The delay before retry number `attempt` (1-based): full jitter over min(max, base·2^(attempt-1)), or Retry-After. */
export function backoffDelay(attempt: number, o: RetryOptions = {}, retryAfterMs?: number): number {
  const base = o.baseDelayMs ?? 250;
  const max = o.maxDelayMs ?? 15_000;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, max * 4);
  const cap = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round((o.random ?? Math.random)() * cap);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Run `fn`, retrying retryable RemoteErrors. Anything else (and the last failure) is thrown. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const retries = o.retries ?? 6;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!(err instanceof RemoteError) || !err.retryable || attempt >= retries || o.signal?.aborted) throw err;
      const delayMs = backoffDelay(attempt + 1, o, err.options.retryAfterMs);
      o.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
      await sleep(delayMs, o.signal);
    }
  }
}
