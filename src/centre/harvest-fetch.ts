import http from 'node:http';
import https from 'node:https';
import { HarvestError } from './harvest-error.js';

/**
 * One bounded HTTP GET of a harvest source: the source is another centre, possibly broken or hostile, so
 * every answer is limited in size (checked against Content-Length before reading, then counted while
 * reading: never more than `maxBytes` is buffered), in time (connect, then the whole answer), and in
 * shape (2xx, an XML content type, identity encoding, the declared length really arrives).
 */

export interface FetchLimits {
  /** Largest answer body in bytes. */
  maxBytes: number;
  /** Time to open the connection (DNS + TCP), in ms. */
  connectTimeoutMs: number;
  /** Time for the whole answer after connecting (headers and body), in ms: ends a silent and a trickling source alike. */
  readTimeoutMs: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: 64 * 1024 * 1024, connectTimeoutMs: 10_000, readTimeoutMs: 60_000 };

/** Redirects followed per request (http → https, a moved endpoint); more is a loop or a trap. */
const MAX_REDIRECTS = 5;

export interface FetchedPage {
  status: number;
  retryAfter?: string;
  body: string;
}

const XML_TYPE = /^\s*(text\/xml|application\/xml|application\/[\w.-]+\+xml)\s*(;|$)/i;

/** GET `url` within `limits`; a 429/503 answer is returned (status + Retry-After) so the caller can retry it. */
export async function fetchBounded(url: string, limits: FetchLimits): Promise<FetchedPage> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const res = await getOnce(target, limits);
    if (!('redirect' in res)) return res;
    if (hop >= MAX_REDIRECTS) throw new HarvestError('harvest-redirects', { url: oneLine(url, 200), max: MAX_REDIRECTS });
    let next: URL;
    try {
      next = new URL(res.redirect, target);
    } catch {
      throw new HarvestError('harvest-redirects', { url: oneLine(url, 200), max: MAX_REDIRECTS });
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HarvestError('harvest-redirects', { url: oneLine(url, 200), max: MAX_REDIRECTS });
    target = next.toString();
  }
}

/** One request; resolves with the page, a redirect location, or rejects with a HarvestError. */
function getOnce(target: string, limits: FetchLimits): Promise<FetchedPage | { redirect: string }> {
  // the URL as errors show it: it may carry a resumption token of the source's choosing
  const url = oneLine(target, 200);
  return new Promise((resolve, reject) => {
    const mod = target.startsWith('https:') ? https : http;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const fail = (err: HarvestError) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      req.destroy();
      reject(err);
    };
    const done = (v: FetchedPage | { redirect: string }) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      resolve(v);
    };
    // no keep-alive agent: every request gets its own socket, closed after the answer
    const req = mod.get(target, { agent: false, headers: { accept: 'text/xml, application/xml', 'accept-encoding': 'identity', connection: 'close' } });
    timers.push(setTimeout(() => fail(new HarvestError('harvest-connect-timeout', { url, seconds: limits.connectTimeoutMs / 1000 })), limits.connectTimeoutMs));
    req.on('socket', (socket) => {
      const connected = () => {
        clearTimeout(timers[0]);
        timers.push(setTimeout(() => fail(new HarvestError('harvest-read-timeout', { url, seconds: limits.readTimeoutMs / 1000 })), limits.readTimeoutMs));
      };
      if (socket.connecting) socket.once('connect', connected);
      else connected();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // HPE_*: Node's HTTP parser refused what the source sent (a bad chunk, bytes beyond Content-Length…)
      if (err.code?.startsWith('HPE_')) fail(new HarvestError('harvest-bad-http', { url, detail: oneLine(err.message, 120) }));
      else fail(new HarvestError('harvest-unreachable', { url, detail: oneLine(err.message, 160) }));
    });
    req.on('response', (res) => {
      res.on('error', () => fail(new HarvestError('harvest-truncated', { url })));
      // the connection closed before the whole body (or the declared Content-Length) arrived
      res.on('close', () => { if (!res.complete) fail(new HarvestError('harvest-truncated', { url })); });
      const status = res.statusCode ?? 0;
      // a redirect or "come back later" needs no body: drop the connection rather than drain a body of any size
      if (status >= 300 && status < 400 && res.headers.location) {
        done({ redirect: res.headers.location });
        req.destroy();
        return;
      }
      if (status === 429 || status === 503) {
        done({ status, retryAfter: res.headers['retry-after'], body: '' });
        req.destroy();
        return;
      }
      const refusal = checkHeaders(url, status, res.headers, limits.maxBytes);
      if (refusal) return fail(refusal);
      readBody(res, url, limits.maxBytes, fail, (body) => done({ status, body }));
    });
  });
}

/** Why the answer's status line and headers already rule it out, if they do. */
function checkHeaders(url: string, status: number, headers: http.IncomingHttpHeaders, maxBytes: number): HarvestError | undefined {
  if (status < 200 || status > 299) return new HarvestError('harvest-http', { url, status });
  const length = headers['content-length'];
  if (length !== undefined && Number(length) > maxBytes) return new HarvestError('harvest-too-large', { url, max: maxBytes });
  const encoding = headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return new HarvestError('harvest-encoding', { url, encoding: oneLine(encoding, 40) });
  const type = headers['content-type'];
  // no Content-Type at all is tolerated (minimal servers); a declared non-XML type is not
  if (type !== undefined && !XML_TYPE.test(type)) return new HarvestError('harvest-content-type', { url, type: oneLine(type, 80) });
  return undefined;
}

/**
 * Collect the body, at most `maxBytes`, checking the declared length. Each chunk is decoded (declared charset,
 * UTF-8 by default; invalid bytes are an error) as it arrives, so the bytes are never held twice.
 */
function readBody(res: http.IncomingMessage, url: string, maxBytes: number, fail: (e: HarvestError) => void, done: (body: string) => void): void {
  const charset = /;\s*charset="?([\w.:-]+)"?/i.exec(res.headers['content-type'] ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    res.resume();
    return fail(new HarvestError('harvest-charset', { url, charset: oneLine(charset, 40) }));
  }
  const parts: string[] = [];
  let size = 0;
  const decode = (chunk?: Buffer): boolean => {
    try {
      parts.push(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
      return true;
    } catch {
      fail(new HarvestError('harvest-charset', { url, charset: oneLine(charset, 40) }));
      return false;
    }
  };
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) return fail(new HarvestError('harvest-too-large', { url, max: maxBytes }));
    decode(chunk);
  });
  res.on('end', () => {
    const declared = res.headers['content-length'];
    if (declared !== undefined && Number(declared) !== size) return fail(new HarvestError('harvest-truncated', { url }));
    if (decode()) done(parts.join(''));
  });
}

/** Text from the source made safe for one terminal line: control, line-break and bidi characters become spaces; cut to `max`. */
export function oneLine(s: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}
