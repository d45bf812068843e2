import type { Issue } from '../issues/issue.js';
import { text, type Text } from '../issues/text.js';
import { isoPeriodToCycle } from '../export/frequency.js';
import { importIssue } from './issue.js';

/**
 * Where each source field of a foreign catalogue went: how many entries had it and the record field
 * (JSON pointer) or extensions key that holds it. Lets the run report prove nothing was dropped.
 */
export type FieldCounts = Record<string, { count: number; to: string }>;

/** What an importer needs while reading one file: where findings and field counts go. */
export interface ImportContext {
  file: string;
  issues: Issue[];
  fields: FieldCounts;
}

export function newContext(file: string): ImportContext {
  return { file, issues: [], fields: {} };
}

export function countField(ctx: ImportContext, field: string, to: string): void {
  const f = (ctx.fields[field] ??= { count: 0, to });
  f.count++;
}

const typeName = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Words for JSON types and date forms in messages, both languages (rendered at the edge). */
const WORDS_ZH: Record<string, string> = {
  number: '数字', boolean: '布尔值', array: '数组', null: '空值', object: '对象',
  date: '日期', 'date-time': '日期时间', year: '年份', 'year-month': '年月', 'week-or-ordinal': '周或序日', repeating: '重复周期', duration: '时长', unknown: '无法识别的形式',
};
export const wordOf = (w: string): Text => text(WORDS_ZH[w] ?? w, w);

/**
 * A value where the format expects a string. Numbers and booleans are kept as their text with a
 * warning (a data.json `"title": 707` is the title "707", not a missing title); objects and arrays
 * cannot be text and give undefined (the caller keeps them in extensions).
 */
export function asText(v: unknown, ctx: ImportContext, index: number, field: string): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') {
    ctx.issues.push(importIssue('import-coerced', { file: ctx.file, index, field, type: wordOf(typeName(v)), value: String(v) }, 'warning'));
    return String(v);
  }
  return undefined;
}

/** A list of strings from a list (or a lone value), each item through asText; items that cannot be text are left out and reported. */
export function asTexts(v: unknown, ctx: ImportContext, index: number, field: string): { texts: string[]; complete: boolean } {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  const texts: string[] = [];
  let complete = Array.isArray(v) || v === undefined || v === null;
  for (const [i, x] of list.entries()) {
    const t = asText(x, ctx, index, `${field}[${i}]`);
    if (t === undefined) complete = false;
    else texts.push(t);
  }
  return { texts, complete };
}

/** A date value of a foreign catalogue read as far as the record can hold it. */
export interface ForeignDate {
  /** CCYY-MM-DD when the value names a calendar day (a date-time gives its day). */
  date?: string;
  /** Update cycle label when the value is an ISO 8601 repeating interval (R/P1Y → 每年). */
  cycle?: string;
  /** True when `date` is the whole value: nothing else needs keeping. */
  exact: boolean;
  kind: 'date' | 'date-time' | 'year' | 'year-month' | 'week-or-ordinal' | 'repeating' | 'duration' | 'unknown';
}

const realDay = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/**
 * Every form Project Open Data v1.1 allows for `modified` / `issued` (ISO 8601: year, year-month,
 * date, date-time, week or ordinal date, duration, repeating interval), classified. Repeating
 * intervals R/P1D … R/P1Y give the update cycle of the frequency table; other periods give none and
 * the value is kept by the caller.
 */
export function readForeignDate(v: string): ForeignDate {
  const s = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return realDay(+m[1], +m[2], +m[3]) ? { date: s, exact: true, kind: 'date' } : { exact: false, kind: 'unknown' };
  m = /^(\d{4})-?(\d{2})-?(\d{2})[T\s]\d/.exec(s);
  if (m && realDay(+m[1], +m[2], +m[3])) return { date: `${m[1]}-${m[2]}-${m[3]}`, exact: false, kind: 'date-time' };
  if (/^[+-]?\d{4}$/.test(s)) return { exact: false, kind: 'year' };
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return { exact: false, kind: 'year-month' };
  if (/^\d{4}-?(W\d{2}(-?[1-7])?|\d{3})$/.test(s)) return { exact: false, kind: 'week-or-ordinal' };
  m = /^R\d*\/(?:[^/]+\/)?(P[0-9YMWDTHS.]+)$/.exec(s);
  if (m) return { cycle: isoPeriodToCycle(`R/${m[1]}`), exact: false, kind: 'repeating' };
  if (/^P[0-9YMWDTHS.]+$/.test(s)) return { exact: false, kind: 'duration' };
  return { exact: false, kind: 'unknown' };
}
