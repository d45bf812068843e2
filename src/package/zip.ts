import zlib from 'node:zlib';
import { Inflate } from 'fflate';
import { writeZipEntries } from './zip-write.js';

/**
 * Minimal zip writer (deterministic) and a defensive zip reader for registration packages.
 * The reader parses the central directory itself so that every entry (including duplicates,
 * which a name→bytes map would hide) is seen and declared sizes are checked before inflating.
 */

/** Zip `entries` in the given order, deflate level 9, fixed timestamps, no extra fields: same input → same bytes (zip-write.ts). */
export function writeZip(entries: { path: string; data: Uint8Array }[]): Uint8Array {
  return writeZipEntries(entries);
}

export interface ZipLimits {
  /** Most entries accepted (default 64). */
  maxEntries: number;
  /** Largest uncompressed entry (default 512 MiB). */
  maxEntrySize: number;
  /** Largest total uncompressed size (default 1 GiB). */
  maxTotalSize: number;
  /** Per-entry caps by name (e.g. manifest.json). */
  perEntry?: Record<string, number>;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 64,
  maxEntrySize: 512 * 1024 * 1024,
  maxTotalSize: 1024 * 1024 * 1024,
  perEntry: { 'manifest.json': 1024 * 1024, 'signature.json': 64 * 1024 },
};

/** A structural problem found while reading the zip: code + the entry it concerns. */
export interface ZipProblem {
  code:
    | 'zip-not-a-zip' | 'zip-truncated' | 'zip-too-many-entries' | 'entry-unsafe-path' | 'entry-duplicate'
    | 'entry-too-large' | 'zip-total-too-large' | 'entry-size-mismatch' | 'entry-crc-mismatch'
    | 'entry-unsupported-compression' | 'entry-header-mismatch' | 'entry-corrupt' | 'entry-encrypted';
  entry?: string;
  detail?: string;
}

export interface ZipEntry {
  path: string;
  /** Declared uncompressed size (central directory). */
  size: number;
  /** Offset of the entry's local header in the zip. */
  offset?: number;
  data?: Uint8Array;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

/** True when a zip entry name could escape the extraction directory or is otherwise unsafe. */
export function isUnsafeEntryPath(name: string): boolean {
  if (name === '' || name.includes('\0') || name.includes('\\')) return true;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return true;
  return name.split('/').some((seg) => seg === '..' || seg === '.');
}

/**
 * Read a zip defensively. Entries with unsafe names, duplicates or over-limit declared sizes are
 * reported and not inflated; inflation stops as soon as output exceeds the declared size.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): { entries: ZipEntry[]; problems: ZipProblem[]; centralDirectoryOffset?: number } {
  const problems: ZipProblem[] = [];
  const entries: ZipEntry[] = [];
  // End of central directory: signature 0x06054b50 within the last 65557 bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) return { entries, problems: [{ code: 'zip-not-a-zip' }] };
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (cdOffset + cdSize > eocd) return { entries, problems: [{ code: 'zip-truncated', detail: 'central directory outside the file' }] };
  if (count > limits.maxEntries) return { entries, problems: [{ code: 'zip-too-many-entries', detail: `${count} > ${limits.maxEntries}` }] };
  const seen = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || u32(bytes, p) !== 0x02014b50) { problems.push({ code: 'zip-truncated', detail: `central directory entry ${n + 1}` }); break; }
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16) >>> 0;
    const csize = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28), extraLen = u16(bytes, p + 30), commentLen = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (isUnsafeEntryPath(name)) { problems.push({ code: 'entry-unsafe-path', entry: name }); continue; }
    if (seen.has(name)) { problems.push({ code: 'entry-duplicate', entry: name }); continue; }
    seen.add(name);
    if (flags & 1) { problems.push({ code: 'entry-encrypted', entry: name }); continue; }
    const cap = Math.min(limits.perEntry?.[name] ?? limits.maxEntrySize, limits.maxEntrySize);
    if (size > cap) { problems.push({ code: 'entry-too-large', entry: name, detail: `${size} > ${cap}` }); entries.push({ path: name, offset: localOffset, size }); continue; }
    total += size;
    if (total > limits.maxTotalSize) { problems.push({ code: 'zip-total-too-large', entry: name, detail: `> ${limits.maxTotalSize}` }); entries.push({ path: name, offset: localOffset, size }); continue; }
    // Local header must agree with the central directory (name), data must lie inside the file.
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) { problems.push({ code: 'entry-header-mismatch', entry: name }); entries.push({ path: name, offset: localOffset, size }); continue; }
    const lNameLen = u16(bytes, localOffset + 26), lExtraLen = u16(bytes, localOffset + 28);
    const lName = new TextDecoder().decode(bytes.subarray(localOffset + 30, localOffset + 30 + lNameLen));
    if (lName !== name) { problems.push({ code: 'entry-header-mismatch', entry: name, detail: `local name "${lName}"` }); entries.push({ path: name, offset: localOffset, size }); continue; }
    const start = localOffset + 30 + lNameLen + lExtraLen;
    if (start + csize > bytes.length) { problems.push({ code: 'zip-truncated', entry: name }); entries.push({ path: name, offset: localOffset, size }); continue; }
    const raw = bytes.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) data = raw.slice();
    else if (method === 8) {
      const out = inflateCapped(raw, size);
      if (out.problem) { problems.push({ code: out.problem, entry: name }); entries.push({ path: name, offset: localOffset, size }); continue; }
      data = out.data!;
    } else { problems.push({ code: 'entry-unsupported-compression', entry: name, detail: `method ${method}` }); entries.push({ path: name, offset: localOffset, size }); continue; }
    if (data.length !== size) { problems.push({ code: 'entry-size-mismatch', entry: name, detail: `${data.length} ≠ ${size}` }); entries.push({ path: name, offset: localOffset, size }); continue; }
    if ((zlib.crc32(data) >>> 0) !== crc) { problems.push({ code: 'entry-crc-mismatch', entry: name }); entries.push({ path: name, offset: localOffset, size, data }); continue; }
    entries.push({ path: name, offset: localOffset, size, data });
  }
  return { entries, problems, centralDirectoryOffset: cdOffset };
}

/** Inflate, giving up as soon as the output passes `declared` bytes (zip bomb guard). */
function inflateCapped(raw: Uint8Array, declared: number): { data?: Uint8Array; problem?: 'entry-size-mismatch' | 'entry-corrupt' } {
  const chunks: Uint8Array[] = [];
  let got = 0, over = false;
  const inf = new Inflate((chunk) => {
    got += chunk.length;
    if (got > declared) over = true;
    else chunks.push(chunk);
  });
  try {
    const step = 16 * 1024; // deflate expands at most ~1032×: ≤ 17 MB over the cap per step
    for (let i = 0; i < raw.length && !over; i += step) inf.push(raw.subarray(i, i + step), i + step >= raw.length);
    if (raw.length === 0) inf.push(new Uint8Array(0), true);
  } catch {
    return { problem: 'entry-corrupt' };
  }
  if (over) return { problem: 'entry-size-mismatch' };
  const out = new Uint8Array(got);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return { data: out };
}
