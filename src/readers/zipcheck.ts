import zlib from 'node:zlib';
import { ReadError } from './row.js';

/**
 * Guards for .xlsx before anything inflates it (SheetJS inflates every part in memory, with its own inflater).
 *
 * Zip bombs: the central directory's declared sizes are checked first. Limits are a project choice: a 200,000-row
 * department sheet is well under them; a part that claims more, or inflates more than 100× and past 16 MiB, is
 * refused.
 *
 * Damage: SheetJS's pure-JS inflater never stops on some corrupt deflate streams (one changed byte in a 300-byte
 * docProps/custom.xml spun for minutes), and it inflates from the local header, trusting the sizes there. So every
 * entry is checked before SheetJS sees the workbook: local header agrees with the central directory, data lies
 * inside the file, the deflate stream is valid and ends within its compressed size, and it inflates to exactly its
 * declared size (never past it) with the declared CRC-32. Native zlib does the checking (fflate is ~10× slower); a
 * large worksheet part that the streaming reader reads anyway is checked as it streams (entryVerifier) instead of
 * being inflated twice. Damage is reported as 'workbook-damaged', naming the part.
 */
export const XLSX_LIMITS = { maxTotal: 1024 * 1024 * 1024, maxRatio: 100, ratioFloor: 16 * 1024 * 1024, maxEntries: 10_000 };

/** One central directory entry. */
export interface ZipEntry { name: string; method: number; flags: number; crc: number; compressed: number; size: number; offset: number }

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

/** The central directory, in order; ReadError if there is none or it is damaged. */
export function zipEntries(file: string, bytes: Uint8Array): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) throw new ReadError('workbook-unreadable', { file, detail: 'no zip central directory (truncated or not a zip)' });
  const count = u16(bytes, eocd + 10);
  if (count > XLSX_LIMITS.maxEntries) throw new ReadError('workbook-too-large', { file, detail: `${count} zip entries` });
  const out: ZipEntry[] = [];
  let p = u32(bytes, eocd + 16);
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ReadError('workbook-unreadable', { file, detail: 'damaged zip central directory' });
    const nameLen = u16(bytes, p + 28);
    const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
    out.push({ name, flags: u16(bytes, p + 8), method: u16(bytes, p + 10), crc: u32(bytes, p + 16), compressed: u32(bytes, p + 20), size: u32(bytes, p + 24), offset: u32(bytes, p + 42) });
    p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return out;
}

/** Zip-bomb limits on the declared sizes. */
function checkSizes(file: string, entries: ZipEntry[]): void {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > XLSX_LIMITS.ratioFloor && e.size > e.compressed * XLSX_LIMITS.maxRatio)
      throw new ReadError('workbook-too-large', { file, detail: `${e.name} inflates ${e.compressed} bytes to ${e.size}` });
    if (total > XLSX_LIMITS.maxTotal) throw new ReadError('workbook-too-large', { file, detail: `more than ${XLSX_LIMITS.maxTotal} bytes uncompressed` });
  }
}

/** An entry's stored bytes (after its local header); throws a plain Error on a damaged local header. */
export function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const o = e.offset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) throw new Error('damaged local header');
  if (u16(bytes, o + 8) !== e.method) throw new Error('local header and central directory disagree on the method');
  // SheetJS trusts the local header's sizes unless a data descriptor follows (flag 8)
  if (!(u16(bytes, o + 6) & 8) && (u32(bytes, o + 18) !== e.compressed || u32(bytes, o + 22) !== e.size)) throw new Error('local header and central directory disagree on the sizes');
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  if (start + e.compressed > bytes.length) throw new Error('data runs past the end of the file (truncated?)');
  return bytes.subarray(start, start + e.compressed);
}

/** An entry that fails a check: what is wrong, in a few words. */
export class ZipDamage extends Error {
  constructor(public part: string, detail: string) {
    super(detail);
  }
}

let crcTable: Int32Array | undefined;
function jsCrc32(data: Uint8Array, crc: number): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
/** zlib.crc32 is native from Node 20.15; the table version covers older 20.x. */
const crc32: (data: Uint8Array, crc: number) => number = (zlib as unknown as { crc32?: (d: Uint8Array, c: number) => number }).crc32 ?? jsCrc32;

/** Checks an entry's inflated bytes as they come: never past the declared size; at the end, size and CRC-32. */
export function entryVerifier(e: ZipEntry): { take(chunk: Uint8Array): void; end(): void } {
  let size = 0, crc = 0;
  return {
    take(chunk) {
      size += chunk.length;
      if (size > e.size) throw new ZipDamage(e.name, `inflates past its declared size of ${e.size} bytes`);
      crc = crc32(chunk, crc);
    },
    end() {
      if (size !== e.size) throw new ZipDamage(e.name, `inflates to ${size} bytes, declared ${e.size}`);
      if (crc !== e.crc) throw new ZipDamage(e.name, 'checksum (CRC-32) does not match');
    },
  };
}

/** One whole entry, checked: native zlib (fast, stops at the declared size); throws ZipDamage. */
function checkEntry(bytes: Uint8Array, e: ZipEntry): void {
  if (e.flags & 0x41) throw new ZipDamage(e.name, 'encrypted zip entry');
  let data: Uint8Array;
  try {
    data = entryData(bytes, e);
  } catch (err) {
    throw new ZipDamage(e.name, (err as Error).message);
  }
  const v = entryVerifier(e);
  if (e.method === 0) {
    if (e.compressed !== e.size) throw new ZipDamage(e.name, 'stored entry with two different sizes');
    v.take(data);
  } else if (e.method === 8) {
    let out: Uint8Array;
    try {
      out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new ZipDamage(e.name, code === 'ERR_BUFFER_TOO_LARGE' ? `inflates past its declared size of ${e.size} bytes` : `invalid deflate data: ${(err as Error).message}`);
    }
    v.take(out);
  } else throw new ZipDamage(e.name, `unsupported compression method ${e.method}`);
  v.end();
}

/**
 * Every check above, before any parser sees the workbook: ReadError 'workbook-unreadable' (no zip),
 * 'workbook-too-large' (bomb) or 'workbook-damaged' (naming the part). Returns the entries by name.
 * `defer`: entries the caller checks itself while streaming them (entryVerifier), before anything else reads them.
 */
export function checkZip(file: string, bytes: Uint8Array, options: { defer?: (e: ZipEntry) => boolean } = {}): Map<string, ZipEntry> {
  const entries = zipEntries(file, bytes);
  checkSizes(file, entries);
  for (const e of entries) {
    if (options.defer?.(e)) continue;
    try {
      checkEntry(bytes, e);
    } catch (err) {
      throw damaged(file, err);
    }
  }
  return new Map(entries.map((e) => [e.name, e]));
}

/** A ZipDamage (or any failure while inflating `file`) as the reader error users see. */
export function damaged(file: string, err: unknown): ReadError {
  if (err instanceof ReadError) return err;
  const part = err instanceof ZipDamage ? err.part : '?';
  return new ReadError('workbook-damaged', { file, part, detail: err instanceof Error ? err.message : String(err) });
}
