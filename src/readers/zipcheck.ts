import { ReadError } from './row.js';

/**
 * Zip-bomb guard for .xlsx before SheetJS inflates it (SheetJS inflates every part in memory).
 * Reads only the central directory's declared sizes. Limits are a project choice: a 200,000-row
 * department sheet is well under them; a part that claims more, or inflates more than 100× and past
 * 16 MiB, is refused.
 */
export const XLSX_LIMITS = { maxTotal: 1024 * 1024 * 1024, maxRatio: 100, ratioFloor: 16 * 1024 * 1024, maxEntries: 10_000 };

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;

export function checkZipBomb(file: string, bytes: Uint8Array): void {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 65557; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) { eocd = i; break; }
  }
  if (eocd < 0) throw new ReadError('workbook-unreadable', { file, detail: 'no zip central directory (truncated or not a zip)' });
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  if (count > XLSX_LIMITS.maxEntries) throw new ReadError('workbook-too-large', { file, detail: `${count} zip entries` });
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ReadError('workbook-unreadable', { file, detail: 'damaged zip central directory' });
    const compressed = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8');
    total += size;
    if (size > XLSX_LIMITS.ratioFloor && size > compressed * XLSX_LIMITS.maxRatio)
      throw new ReadError('workbook-too-large', { file, detail: `${name} inflates ${compressed} bytes to ${size}` });
    if (total > XLSX_LIMITS.maxTotal) throw new ReadError('workbook-too-large', { file, detail: `more than ${XLSX_LIMITS.maxTotal} bytes uncompressed` });
    p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
}
