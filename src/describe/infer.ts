import type { GuideType } from './datatype.js';

const INT = /^[+-]?(0|[1-9]\d*)$/;
const DEC = /^[+-]?(0|[1-9]\d*)\.(\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$|^\d{4}\/\d{1,2}\/\d{1,2}$|^\d{4}年\d{1,2}月\d{1,2}日$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A running summary of one column's values: kinds seen and sizes, never the values themselves. */
export interface ValueStats {
  seen: number;
  nulls: number;
  kinds: Set<'int' | 'dec' | 'date' | 'datetime' | 'bool' | 'text'>;
  maxChars: number;
  maxIntDigits: number;
  maxScale: number;
  /** Integers written with a leading zero (codes such as 邮政编码 "010010"): they are text. */
  leadingZero: boolean;
  /** Digit counts of the integers seen: one count of 5 or more digits means a code (邮政编码, 行政区划代码), not a quantity. */
  intDigits: Set<number>;
  maxAbsInt: number;
}

export function emptyStats(): ValueStats {
  return { seen: 0, nulls: 0, kinds: new Set(), maxChars: 0, maxIntDigits: 0, maxScale: 0, leadingZero: false, maxAbsInt: 0, intDigits: new Set() };
}

/** Fold one value into the stats. */
export function observeValue(stats: ValueStats, v: unknown): void {
  stats.seen++;
  if (v === null || v === undefined || v === '') {
    stats.nulls++;
    return;
  }
  if (typeof v === 'boolean') return void stats.kinds.add('bool');
  const s = v instanceof Date ? v.toISOString() : String(v).trim();
  stats.maxChars = Math.max(stats.maxChars, [...s].length);
  if (typeof v === 'number' && Number.isInteger(v)) return observeInt(stats, String(v));
  if (INT.test(s)) {
    if (/^[+-]?0\d/.test(s) || s.length > 15) stats.leadingZero = true;
    return observeInt(stats, s);
  }
  if (/^[+-]?0\d+$/.test(s)) {
    stats.leadingZero = true;
    return void stats.kinds.add('text');
  }
  const dec = DEC.exec(s);
  if (dec) {
    stats.kinds.add('dec');
    stats.maxIntDigits = Math.max(stats.maxIntDigits, dec[1].length);
    stats.maxScale = Math.max(stats.maxScale, dec[2].length);
    return;
  }
  if (DATE.test(s)) return void stats.kinds.add('date');
  if (DATETIME.test(s)) return void stats.kinds.add('datetime');
  stats.kinds.add('text');
}

function observeInt(stats: ValueStats, s: string): void {
  stats.kinds.add('int');
  const digits = s.replace(/^[+-]/, '');
  stats.maxIntDigits = Math.max(stats.maxIntDigits, digits.length);
  if (stats.intDigits.size < 3) stats.intDigits.add(digits.length);
  stats.maxAbsInt = Math.max(stats.maxAbsInt, Math.abs(Number(s)));
}

/**
 * The guide type the values suggest: integers are I (4 or 8 bytes), decimals N "precision,scale", dates D,
 * date-times T, booleans L; integers all of one width of 5+ digits or with a leading zero are codes, C; anything else (or a mix, or codes with leading zeros) C with the longest value's length.
 * A column with no value at all is C 1: the officer decides.
 */
export function inferGuideType(stats: ValueStats): GuideType {
  const k = stats.kinds;
  const only = (...kinds: string[]) => k.size > 0 && [...k].every((x) => kinds.includes(x));
  if (k.size === 0) return { dataType: 'C', length: '1' };
  const code = stats.intDigits.size === 1 && stats.maxIntDigits >= 5;
  if (only('int') && (stats.leadingZero || code)) return { dataType: 'C', length: String(stats.maxChars) };
  if (!stats.leadingZero && only('int')) return { dataType: 'I', length: stats.maxAbsInt <= 2147483647 ? '4' : '8' };
  if (!stats.leadingZero && only('int', 'dec')) return { dataType: 'N', length: `${stats.maxIntDigits + stats.maxScale},${stats.maxScale}` };
  if (only('date')) return { dataType: 'D', length: '8' };
  if (only('datetime') || only('date', 'datetime')) return { dataType: 'T', length: '8' };
  if (only('bool')) return { dataType: 'L', length: '1' };
  return { dataType: 'C', length: String(Math.max(1, stats.maxChars)) };
}
