import fs from 'node:fs';
import zlib from 'node:zlib';
import { Inflate } from 'fflate';
import { isUnsafeEntryPath, type ZipLimits, type ZipProblem } from './zip.js';

/**
 * The streaming side of the defensive zip reader (zip.ts readZip holds whole entries in memory; this reads
 * the directory first and then inflates one entry at a time, chunk by chunk, so a package of any size is
 * checked in bounded memory). Same checks, same problem codes.
 */

/** Random access to the package bytes: a file or a buffer. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: async (o, l) => bytes.subarray(o, Math.min(bytes.length, o + l)), close: async () => {} };
}

export async function fileSource(file: string): Promise<ByteSource> {
  const fh = await fs.promises.open(file, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const b = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const { bytesRead } = await fh.read(b, got, n - got, offset + got);
        if (!bytesRead) break;
        got += bytesRead;
      }
      return b.subarray(0, got);
    },
    close: () => fh.close(),
  };
}

/** An entry found in the central directory, with where its data lies. */
export interface ScannedEntry {
  path: string;
  /** Declared uncompressed size. */
  size: number;
  csize: number;
  crc: number;
  method: number;
  /** Offset of the local header. */
  offset: number;
  /** Offset of the compressed data; undefined when the local header is unusable. */
  dataStart?: number;
  /** False when a problem was found before inflating (too large, bad header, …): not to be inflated. */
  readable: boolean;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** Read the central directory and every local header (no inflating). */
export async function scanZip(src: ByteSource, limits: ZipLimits): Promise<{ entries: ScannedEntry[]; problems: ZipProblem[]; centralDirectoryOffset?: number }> {
  const problems: ZipProblem[] = [];
  const entries: ScannedEntry[] = [];
  const tailStart = Math.max(0, src.size - 65557);
  const tail = await src.read(tailStart, src.size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) return { entries, problems: [{ code: 'zip-not-a-zip' }] };
  const count = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  const eocdAt = tailStart + eocd;
  if (cdOffset + cdSize > eocdAt) return { entries, problems: [{ code: 'zip-truncated', detail: 'central directory outside the file' }] };
  if (count > limits.maxEntries) return { entries, problems: [{ code: 'zip-too-many-entries', detail: `${count} > ${limits.maxEntries}` }] };
  // At most maxEntries records of ≤ 46 + 3 × 65535 bytes: read the directory up to the end record.
  const cd = await src.read(cdOffset, eocdAt - cdOffset);
  const seen = new Set<string>();
  let total = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) { problems.push({ code: 'zip-truncated', detail: `central directory entry ${n + 1}` }); break; }
    const e: ScannedEntry = {
      path: decode(cd.subarray(p + 46, p + 46 + u16(cd, p + 28))),
      method: u16(cd, p + 10), crc: u32(cd, p + 16) >>> 0, csize: u32(cd, p + 20), size: u32(cd, p + 24), offset: u32(cd, p + 42), readable: false,
    };
    const flags = u16(cd, p + 8);
    p += 46 + u16(cd, p + 28) + u16(cd, p + 30) + u16(cd, p + 32);
    if (isUnsafeEntryPath(e.path)) { problems.push({ code: 'entry-unsafe-path', entry: e.path }); continue; }
    if (seen.has(e.path)) { problems.push({ code: 'entry-duplicate', entry: e.path }); continue; }
    seen.add(e.path);
    if (flags & 1) { problems.push({ code: 'entry-encrypted', entry: e.path }); continue; }
    entries.push(e);
    const problem = await checkEntry(src, e, limits, (total += e.size));
    if (problem) problems.push(problem);
    else e.readable = true;
  }
  return { entries, problems, centralDirectoryOffset: cdOffset };
}

/** The checks made before inflating: declared sizes against the limits, the local header, data inside the file. */
async function checkEntry(src: ByteSource, e: ScannedEntry, limits: ZipLimits, total: number): Promise<ZipProblem | undefined> {
  const cap = Math.min(limits.perEntry?.[e.path] ?? limits.maxEntrySize, limits.maxEntrySize);
  if (e.size > cap) return { code: 'entry-too-large', entry: e.path, detail: `${e.size} > ${cap}` };
  if (total > limits.maxTotalSize) return { code: 'zip-total-too-large', entry: e.path, detail: `> ${limits.maxTotalSize}` };
  const head = await src.read(e.offset, 30);
  if (head.length < 30 || u32(head, 0) !== 0x04034b50) return { code: 'entry-header-mismatch', entry: e.path };
  const lNameLen = u16(head, 26), lExtraLen = u16(head, 28);
  const lName = decode(await src.read(e.offset + 30, lNameLen));
  if (lName !== e.path) return { code: 'entry-header-mismatch', entry: e.path, detail: `local name "${lName}"` };
  e.dataStart = e.offset + 30 + lNameLen + lExtraLen;
  if (e.dataStart + e.csize > src.size) return { code: 'zip-truncated', entry: e.path };
  if (e.method !== 0 && e.method !== 8) return { code: 'entry-unsupported-compression', entry: e.path, detail: `method ${e.method}` };
  return undefined;
}

/** Compressed bytes are read this much at a time, and inflated INFLATE_STEP at a time. */
const READ_STEP = 256 * 1024;
const INFLATE_STEP = 16 * 1024;

/**
 * Inflate one entry chunk by chunk. Stops at the declared size (zip-bomb guard) and checks size and CRC-32 at
 * the end; a problem is returned from the generator (its `return` value), after the chunks read so far.
 * `raw` (optional) sees each compressed chunk, for the layout check.
 */
export async function* inflateEntry(src: ByteSource, e: ScannedEntry, raw?: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array, ZipProblem | undefined> {
  let got = 0, crc = 0, over = false;
  const out: Uint8Array[] = [];
  const inf = new Inflate((chunk) => {
    got += chunk.length;
    if (got > e.size) over = true;
    else out.push(chunk);
  });
  for (let at = 0; at < e.csize || (at === 0 && e.csize === 0); at += READ_STEP) {
    const chunk = await src.read(e.dataStart! + at, Math.min(READ_STEP, e.csize - at));
    raw?.(chunk);
    const last = at + READ_STEP >= e.csize;
    // deflate expands at most ~1032×: ≤ 17 MB over the cap per 16 KiB step. The output of each step is handed
    // out before the next is inflated, so a consumer that gives way between chunks never waits for a whole read.
    for (let i = 0; i < chunk.length || i === 0; i += INFLATE_STEP) {
      const part = chunk.subarray(i, i + INFLATE_STEP);
      if (e.method === 0) {
        got += part.length;
        if (got > e.size) over = true;
        else out.push(part);
      } else {
        try {
          inf.push(part, last && i + INFLATE_STEP >= chunk.length);
        } catch {
          return { code: 'entry-corrupt', entry: e.path };
        }
      }
      if (over) return { code: 'entry-size-mismatch', entry: e.path };
      for (const c of out.splice(0)) {
        crc = zlib.crc32(c, crc);
        yield c;
      }
      if (!chunk.length) break;
    }
    if (e.csize === 0) break;
  }
  if (got !== e.size) return { code: 'entry-size-mismatch', entry: e.path, detail: `${got} ≠ ${e.size}` };
  if ((crc >>> 0) !== e.crc) return { code: 'entry-crc-mismatch', entry: e.path };
  return undefined;
}

/** A whole (small) entry: manifest.json, signature.json. */
export async function readEntry(src: ByteSource, e: ScannedEntry): Promise<{ data?: Uint8Array; problem?: ZipProblem }> {
  const chunks: Uint8Array[] = [];
  const it = inflateEntry(src, e);
  for (;;) {
    const r = await it.next();
    if (r.done) return r.value ? { problem: r.value, data: r.value.code === 'entry-crc-mismatch' ? Buffer.concat(chunks) : undefined } : { data: Buffer.concat(chunks) };
    chunks.push(r.value);
  }
}
