import type http from 'node:http';

/** Characters of JSON per piece (about). */
const PIECE_CHARS = 64 * 1024;

/**
 * The JSON text of an object (compact, as JSON.stringify gives it) as pieces of about PIECE_CHARS, made one array
 * element at a time with `pause()` between elements. A package's answer lists every record (100,000 records:
 * ~10 MB of JSON): stringified, joined, encoded or copied in one piece it held the event loop for hundreds of
 * milliseconds on a loaded machine, so it is never put together on the centre's thread (sendPieces, saveAnswer).
 */
export async function jsonPieces(value: Record<string, unknown>, pause: () => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  let cur = '{';
  const put = (s: string) => {
    cur += s;
    if (cur.length >= PIECE_CHARS) { out.push(cur); cur = ''; }
  };
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    put(`${first ? '' : ','}${JSON.stringify(k)}:`);
    first = false;
    if (!Array.isArray(v)) { put(JSON.stringify(v)); continue; }
    put('[');
    for (const [i, item] of v.entries()) {
      await pause();
      put((i ? ',' : '') + (JSON.stringify(item) ?? 'null'));
    }
    put(']');
  }
  out.push(cur + '}');
  return out;
}

/** Characters in `pieces`. */
export const piecesLength = (pieces: string[]): number => pieces.reduce((n, p) => n + p.length, 0);

/**
 * Send `pieces` (jsonPieces) as a `type` answer: its length first, then piece by piece, waiting for the socket to
 * drain and pausing between pieces. Stops when the client has gone away.
 */
export async function sendPieces(res: http.ServerResponse, status: number, type: string, pieces: string[], pause: () => Promise<void>): Promise<void> {
  let length = 0;
  for (const p of pieces) {
    await pause();
    length += Buffer.byteLength(p);
  }
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': length });
  for (const p of pieces) {
    await pause();
    if (res.destroyed) return;
    if (!res.write(p)) await drained(res);
  }
  res.end();
}

/** Resolves when `res` has drained, or closed (the client went away). */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}
