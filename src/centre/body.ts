import fs from 'node:fs';
import type http from 'node:http';
import { CentreError } from './register.js';
import { LIMIT_FLAGS } from './limits.js';

/**
 * Discard what is left of a request body the centre answered early (401 before the body, 413 over a limit), so the
 * client, still sending, reads the answer instead of a reset connection (`write EPIPE`): closing a socket with
 * unread data makes the kernel send RST, which can destroy the answer in flight. Nothing is kept; after `cap`
 * bytes the connection is dropped, so a client cannot make the centre read forever (the request timeout bounds
 * slow ones).
 */
export function discardBody(req: http.IncomingMessage, cap: number): void {
  if (req.complete || req.destroyed) return;
  let seen = 0;
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    seen += c.length;
    if (seen > cap) req.socket?.destroy();
  });
  req.on('error', () => { /* the client went away: nothing to answer */ });
  req.resume();
}

const tooLarge = (limit: number, size?: number) =>
  new CentreError(413, 'body-too-large', { limit, flag: LIMIT_FLAGS.maxBodyBytes }, { limit, flag: LIMIT_FLAGS.maxBodyBytes, ...(size !== undefined ? { size } : {}) });


/** A declared Content-Length over the limit is refused before a byte is read (the rest is discarded). */
function refusedByLength(req: http.IncomingMessage, limit: number, drain: number, reject: (e: unknown) => void): boolean {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared <= limit) return false;
  discardBody(req, drain);
  reject(tooLarge(limit, declared));
  return true;
}
/**
 * Read the request body, refusing (413 body-too-large) more than `limit` bytes: by Content-Length before reading
 * anything, else as soon as the bytes read pass it. The rest of a refused body is discarded (discardBody).
 */
export function readBody(req: http.IncomingMessage, limit: number, drain: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (refusedByLength(req, limit, drain, reject)) return;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) { chunks.push(c); return; }
      req.off('data', onData);
      chunks.length = 0;
      discardBody(req, drain);
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.on('end', () => { if (size <= limit) resolve(Buffer.concat(chunks, size)); });
    req.on('error', (e) => reject(e));
  });
}

/** The client went away before its whole body arrived: nothing to answer. */
export class ClientGoneError extends Error {
  constructor() { super('the client closed the connection before sending the whole body'); }
}

/**
 * Stream the request body into `file` (created here, mode 0600), with readBody's limit: by Content-Length before
 * anything is written, else as soon as the bytes pass it (the rest discarded). Back-pressure: the request is paused
 * while the disk catches up, so memory holds one chunk. Settles only once the file is closed, so the caller can
 * remove it whatever happened (over the limit, client gone, disk error); resolves with the body's size.
 */
export function saveBody(req: http.IncomingMessage, file: string, limit: number, drain: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (refusedByLength(req, limit, drain, reject)) return;
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let ended = false;
    let failure: Error | undefined;
    const settle = () => {
      const err = failure ?? (out.errored as Error | null) ?? (ended ? undefined : new ClientGoneError());
      if (err) reject(err);
      else resolve(size);
    };
    out.once('close', settle);
    const fail = (err: Error) => {
      if (failure || ended) return;
      failure = err;
      req.off('data', onData);
      if (out.closed) settle();
      else out.destroy();
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) { fail(tooLarge(limit)); discardBody(req, drain); return; }
      if (!out.write(c)) { req.pause(); out.once('drain', () => req.resume()); }
    };
    req.on('data', onData);
    req.on('end', () => { if (!failure) { ended = true; out.end(); } });
    req.on('close', () => { if (!req.complete) fail(new ClientGoneError()); });
    req.on('error', () => fail(new ClientGoneError()));
    out.on('error', (e) => {
      if (failure) return;
      failure = e;
      req.off('data', onData);
      if (!req.complete) discardBody(req, drain);
    });
  });
}

/** Largest body of a request that is not an upload (review decision, OAI-PMH form): 64 KiB, fixed. */
export const SMALL_BODY_BYTES = 64 * 1024;

const smallTooLarge = (size?: number) =>
  new CentreError(413, 'body-too-large', { limit: SMALL_BODY_BYTES }, { limit: SMALL_BODY_BYTES, ...(size !== undefined ? { size } : {}) }, 'small-body-too-large');

/** readBody with SMALL_BODY_BYTES: a declared Content-Length over it is refused before a byte is read. */
export function readSmallBody(req: http.IncomingMessage, drain: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  return readBody(req, SMALL_BODY_BYTES, drain).catch((err: unknown) => {
    throw err instanceof CentreError && err.status === 413 ? smallTooLarge(Number.isFinite(declared) ? declared : undefined) : err;
  });
}

/** `body`, or 413 body-too-large when it is over SMALL_BODY_BYTES (refused before it is parsed). */
export function smallBody(body: Buffer): Buffer {
  if (body.length <= SMALL_BODY_BYTES) return body;
  throw smallTooLarge(body.length);
}
