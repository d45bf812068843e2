import { TreeError } from './error.js';
import { oneLine } from '../harvest-fetch.js';

/**
 * One bounded JSON request to another centre (its self-description, a join, a locate): a peer is trusted for
 * nothing, so the answer is limited in size (counted while reading, never more than maxBytes buffered) and in
 * time (the whole exchange), and must be JSON. Unreachable, too slow, too big or not JSON: TreeError
 * tree.peer-unreachable / tree.peer-bad-answer (status 502, the peer failed, not the caller).
 */
export interface JsonFetch {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  /** Default 256 KiB: a self-description or a join answer is a few hundred bytes. */
  maxBytes?: number;
  /** Default 10 s for the whole exchange. */
  timeoutMs?: number;
  /** Sent as Accept-Language: the peer words its answer in it (HTTP content negotiation, not rendering here). */
  acceptLanguage?: string;
}

export interface JsonAnswer { status: number; json: unknown }

export const PEER_LIMITS = { maxBytes: 256 * 1024, timeoutMs: 10_000 };

export async function fetchJson(url: string, opts: JsonFetch = {}): Promise<JsonAnswer> {
  const maxBytes = opts.maxBytes ?? PEER_LIMITS.maxBytes;
  const timeoutMs = opts.timeoutMs ?? PEER_LIMITS.timeoutMs;
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.acceptLanguage ? { 'accept-language': opts.acceptLanguage } : {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let text: string;
  let status: number;
  try {
    const res = await fetch(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal, redirect: 'error' });
    status = res.status;
    text = await readCapped(res, maxBytes, url);
  } catch (err) {
    if (err instanceof TreeError) throw err;
    const why = signal.aborted ? `no answer within ${timeoutMs / 1000} s` : String((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message);
    throw new TreeError('tree.peer-unreachable', { url: short(url), detail: short(why) }, 502);
  }
  try {
    return { status, json: JSON.parse(text) };
  } catch {
    throw new TreeError('tree.peer-bad-answer', { url: short(url), detail: `HTTP ${status}, not JSON` }, 502);
  }
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new TreeError('tree.peer-bad-answer', { url: short(url), detail: `answer larger than ${maxBytes} bytes` }, 502);
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new TreeError('tree.peer-bad-answer', { url: short(url), detail: `answer larger than ${maxBytes} bytes` }, 502);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One line of at most `max` characters of text a peer chose. */
export const short = (s: string, max = 200) => oneLine(s, max);
