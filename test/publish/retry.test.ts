import { describe, it, expect } from 'vitest';
import { withRetry, backoffDelay, parseRetryAfter, isRetryableStatus, RemoteError } from '../../src/publish/retry.js';

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2024-03-01T00:00:00Z');
    expect(parseRetryAfter('Fri, 01 Mar 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped, and follows Retry-After', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, { ...o, random: () => 0.999999 })).toBe(100);
    expect(backoffDelay(3, { ...o, random: () => 0.999999 })).toBe(400);
    expect(backoffDelay(10, { ...o, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(3, { ...o, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...o, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(1, o, 2500)).toBe(2500);
    expect(backoffDelay(1, o, 60_000)).toBe(4000);
  });

  it('retries network errors, 5xx and 429 but not 4xx rejections', async () => {
    expect([500, 502, 503, 429, 408].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 422].some(isRetryableStatus)).toBe(false);
    let calls = 0;
    const v = await withRetry(async () => {
      calls++;
      if (calls < 3) throw new RemoteError('http', 'busy', { status: 503, retryable: true, retryAfterMs: 1 });
      return 'ok';
    }, { baseDelayMs: 1 });
    expect([v, calls]).toEqual(['ok', 3]);
    calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new RemoteError('http', 'bad', { status: 400, retryable: false });
    }, { baseDelayMs: 1 })).rejects.toThrow('bad');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new RemoteError('unreachable', 'refused', { retryable: true });
    }, { retries: 2, baseDelayMs: 1 })).rejects.toThrow('refused');
    expect(calls).toBe(3);
  });
});
