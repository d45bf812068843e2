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

/**
 * Read the request body, refusing (413 body-too-large) more than `limit` bytes: by Content-Length before reading
 * anything, else as soon as the bytes read pass it. The rest of a refused body is discarded (discardBody).
 */
export function readBody(req: http.IncomingMessage, limit: number, drain: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discardBody(req, drain);
      reject(tooLarge(limit, declared));
      return;
    }
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

/** Largest body of a request that is not an upload (review decision, OAI-PMH form): 64 KiB, fixed. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** `body`, or 413 body-too-large when it is over SMALL_BODY_BYTES (refused before it is parsed). */
export function smallBody(body: Buffer): Buffer {
  if (body.length <= SMALL_BODY_BYTES) return body;
  throw new CentreError(413, 'body-too-large', { limit: SMALL_BODY_BYTES }, { limit: SMALL_BODY_BYTES, size: body.length }, 'small-body-too-large');
}
