import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { Deflate } from 'fflate';

/**
 * The deterministic zip layout of registration packages, written entry by entry so that a package of any size
 * is built in bounded memory (docs/package-format.md "Layout"). Deflate is fflate's streaming deflater at
 * level 9, always fed in steps of exactly DEFLATE_STEP bytes: its output depends only on the bytes, never on
 * how the caller chunked them, and fflate is plain JavaScript, so every Node version writes the same bytes.
 */
export const DEFLATE_STEP = 64 * 1024;

/** DOS time of every entry: 1980-01-01 00:00:00 (time 0, date: day 1, month 1, year 0). */
const DOS_DATE_TIME = (1 << 21) | (1 << 16);
/** External attributes: a regular file, rw-r--r-- (Unix, "version made by" host 3). */
const EXTERNAL_ATTRS = 0o100644 * 0x10000;

/** What the headers of one entry record. */
export interface EntryInfo {
  path: string;
  /** Uncompressed size. */
  size: number;
  /** Compressed size. */
  csize: number;
  crc: number;
}

/** What was fed to an EntryWriter: sizes, CRC-32 and the two content hashes of the manifest. */
export interface EntryDigest extends EntryInfo {
  sha256: string;
  sm3: string;
}

/**
 * Deflate one entry's bytes as they come, hashing them on the way (SHA-256, SM3, CRC-32).
 * `out` receives compressed chunks in order; the last one arrives during end().
 */
export class EntryWriter {
  private deflate: Deflate;
  private pending = new Uint8Array(DEFLATE_STEP);
  private filled = 0;
  private sha = crypto.createHash('sha256');
  private sm3 = crypto.createHash('sm3');
  private crc = 0;
  private size = 0;
  private csize = 0;

  constructor(private path: string, out: (chunk: Uint8Array) => void) {
    this.deflate = new Deflate({ level: 9 }, (chunk) => {
      this.csize += chunk.length;
      if (chunk.length) out(chunk);
    });
  }

  write(data: Uint8Array): void {
    this.sha.update(data);
    this.sm3.update(data);
    this.crc = zlib.crc32(data, this.crc);
    this.size += data.length;
    let at = 0;
    while (at < data.length) {
      const n = Math.min(DEFLATE_STEP - this.filled, data.length - at);
      this.pending.set(data.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === DEFLATE_STEP) {
        // A full step is pushed only when more may follow; end() pushes the last one as final.
        this.deflate.push(this.pending.slice(), false);
        this.filled = 0;
      }
    }
  }

  end(): EntryDigest {
    this.deflate.push(this.pending.slice(0, this.filled), true);
    return { path: this.path, size: this.size, csize: this.csize, crc: this.crc >>> 0, sha256: this.sha.digest('hex'), sm3: this.sm3.digest('hex') };
  }
}

const utf8 = new TextEncoder();
const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/**
 * The 24 bytes both headers share, from `at` (local header: 4, central record: 6): version needed (2.0), flags
 * (bit 11: UTF-8 name), method (deflate), DOS time and date, CRC-32, sizes, name length.
 */
function writeEntryFields(b: Buffer, at: number, e: EntryInfo, nameLength: number): void {
  b.writeUInt16LE(20, at);
  b.writeUInt16LE(isAscii(e.path) ? 0 : 0x800, at + 2);
  b.writeUInt16LE(8, at + 4);
  b.writeUInt32LE(DOS_DATE_TIME, at + 6);
  b.writeUInt32LE(e.crc >>> 0, at + 10);
  b.writeUInt32LE(e.csize, at + 14);
  b.writeUInt32LE(e.size, at + 18);
  b.writeUInt16LE(nameLength, at + 22);
}

/** Local file header (30 bytes + name), the layout fflate's zipSync writes. */
export function localHeader(e: EntryInfo): Uint8Array {
  const name = utf8.encode(e.path);
  const b = Buffer.alloc(30 + name.length);
  b.writeUInt32LE(0x04034b50, 0);
  writeEntryFields(b, 4, e, name.length);
  b.set(name, 30);
  return b;
}

/** Central directory record of an entry whose local header is at `offset`. */
export function centralHeader(e: EntryInfo, offset: number): Uint8Array {
  const name = utf8.encode(e.path);
  const b = Buffer.alloc(46 + name.length);
  b.writeUInt32LE(0x02014b50, 0);
  b[4] = 20;
  b[5] = 3;
  writeEntryFields(b, 6, e, name.length);
  b.writeUInt32LE(EXTERNAL_ATTRS, 38);
  b.writeUInt32LE(offset, 42);
  b.set(name, 46);
  return b;
}

/** End of central directory record. */
export function endOfCentralDirectory(count: number, cdSize: number, cdOffset: number): Uint8Array {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(cdSize, 12);
  b.writeUInt32LE(cdOffset, 16);
  return b;
}

/** Central directory + end record for entries written back to back from offset 0 in this order. */
export function zipTrailer(entries: EntryInfo[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    parts.push(centralHeader(e, offset));
    offset += localHeader(e).length + e.csize;
  }
  const cdSize = parts.reduce((n, p) => n + p.length, 0);
  parts.push(endOfCentralDirectory(entries.length, cdSize, offset));
  return Buffer.concat(parts);
}

/** Largest size or offset a (non-zip64) zip can hold. */
export const ZIP32_LIMIT = 0xffffffff;

/** Deflate a whole in-memory entry the same way EntryWriter does. */
export function deflateEntry(path: string, data: Uint8Array): { digest: EntryDigest; compressed: Uint8Array } {
  const chunks: Uint8Array[] = [];
  const w = new EntryWriter(path, (c) => chunks.push(c));
  w.write(data);
  const digest = w.end();
  return { digest, compressed: Buffer.concat(chunks) };
}

/** Zip `entries` in the given order (small, in-memory entries; packages themselves are streamed by pack.ts). */
export function writeZipEntries(entries: { path: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const infos: EntryInfo[] = [];
  for (const e of entries) {
    const { digest, compressed } = deflateEntry(e.path, e.data);
    infos.push(digest);
    parts.push(localHeader(digest), compressed);
  }
  parts.push(zipTrailer(infos));
  return Buffer.concat(parts);
}
