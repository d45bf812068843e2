import { serialToIso } from '../rows/serial-date.js';

const pad = (n: number) => String(n).padStart(2, '0');

function isoIfValid(y: number, m: number, d: number): string | undefined {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Excel serials this accepts as dates: 1900-01-01 (1) … 9999-12-31 (2958465). */
const SERIAL_MAX = 2958465;

/**
 * Normalise a date to CCYY-MM-DD (GB/T 7408 calendar date, complete representation). Accepts 2016-8-2, 2016/08/02,
 * 2016.8.2, 2016年8月2日, 20160802, ISO date-times (time dropped), and Excel serial numbers (from a cell or as text
 * of 5 digits). Returns undefined for anything else, including impossible dates (2016-02-30).
 */
export function normaliseDate(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > SERIAL_MAX) return undefined;
    return serialToIso(value)?.slice(0, 10);
  }
  if (typeof value !== 'string') return undefined;
  const s = value.normalize('NFKC').trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  // A serial that arrived as text (CSV exported from Excel without formatting).
  if (/^\d{5}(\.\d+)?$/.test(s)) return normaliseDate(Number(s));
  return undefined;
}

/**
 * A value written as a date whose day or month does not exist (2024-02-30, 2023年13月1日): its CCYY-MM-DD form, so the
 * record keeps it and validation reports "not a valid date" with the cell, instead of the date going missing.
 * Undefined for values that are not written as dates at all.
 */
export function impossibleDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m || normaliseDate(s) !== undefined) return undefined;
  return `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
}
