import { loadCodeList, lookupCode, canonicalValue, closeCode } from '../profiles/codelist.js';
import type { Transform } from './template.js';
import { normaliseDate, impossibleDate } from './dates.js';
import { splitList, DEFAULT_SEPARATORS } from './lists.js';

/** Result of one transform: the new value, or why the value could not be transformed. */
export type TransformResult = { ok: true; value: unknown } | { ok: false; code: string; detail: string };

const TRUE = new Set(['是', '有', 'y', 'yes', 'true', 't', '1', '√', '✓', '开放']);
const FALSE = new Set(['否', '无', 'n', 'no', 'false', 'f', '0', '×', '✗', '不开放']);

/** 是/否, yes/no, true/false, 1/0, √/× → boolean; undefined when the value is none of these. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

/** Look a value up in a value map; keys match ignoring width, case and spaces. */
export function mapValue(value: unknown, table: Record<string, unknown>): { hit: boolean; value: unknown } {
  if (value === null || value === undefined) return { hit: false, value };
  const key = norm(String(value));
  for (const [k, v] of Object.entries(table)) if (norm(k) === key) return { hit: true, value: v };
  return { hit: false, value };
}

/** A value as text: numbers without exponent noise, booleans as 是/否 is not assumed (true/false). */
function asText(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  return String(value);
}

/** Why a step failed. Steps return the new value or one of these, so a successful step allocates no result object. */
export class TransformFailure {
  constructor(readonly code: string, readonly detail: string) {}
}

/** `\s` of a regular expression (which includes U+3000), by code unit. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The trim transform on text: spaces (with U+3000) off both ends; most cells have none, so look before replacing. */
function trimText(v: string): string {
  if (v === '' || (!isSpace(v.charCodeAt(0)) && !isSpace(v.charCodeAt(v.length - 1)))) return v;
  return v.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Columns repeat a handful of values over many rows: pure string → result functions remember answers (bounded). */
function memoised<R>(f: (s: string) => R): (s: string) => R {
  const memo = new Map<string, R>();
  return (s) => {
    let r = memo.get(s);
    if (r === undefined && !memo.has(s)) {
      r = f(s);
      if (memo.size >= 10_000) memo.clear();
      memo.set(s, r);
    }
    return r as R;
  };
}
const dateOfText = memoised(normaliseDate);
const booleanOfText = memoised(parseBoolean);

const regexes = new WeakMap<object, RegExp>();
function regexOf(t: { regex: string }): RegExp {
  let re = regexes.get(t);
  if (!re) regexes.set(t, (re = new RegExp(t.regex)));
  return re;
}

/** One element-wise transform on one value (lists are handled by the caller). */
function stepValue(v: unknown, t: Transform): unknown {
  if (typeof t === 'string') {
    switch (t) {
      case 'trim': return typeof v === 'string' ? trimText(v) : v;
      case 'string': return v === null || v === undefined ? v : asText(v);
      case 'lowercase': return typeof v === 'string' ? v.toLowerCase() : v;
      case 'uppercase': return typeof v === 'string' ? v.toUpperCase() : v;
      case 'number': {
        const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''));
        return Number.isFinite(n) && String(v).trim() !== '' ? n : new TransformFailure('transform-number', `"${v}" is not a number`);
      }
      case 'date': {
        const d = typeof v === 'string' ? dateOfText(v) ?? impossibleDate(v) : normaliseDate(v);
        return d ? d : new TransformFailure('transform-date', `"${v}" is not a date (use e.g. 2016-08-02, 2016年8月2日, 20160802)`);
      }
      case 'boolean': {
        const b = typeof v === 'string' ? booleanOfText(v) : parseBoolean(v);
        return b === undefined ? new TransformFailure('transform-boolean', `"${v}" is not 是/否 (yes/no)`) : b;
      }
    }
    return v;
  }
  if ('map' in t) {
    const m = mapValue(v, t.map);
    if (m.hit) return m.value;
    return t.strict ? new TransformFailure('transform-map', `"${v}" is not one of ${Object.keys(t.map).join(', ')}`) : v;
  }
  if ('codelist' in t) {
    const list = loadCodeList(t.codelist);
    const text = typeof v === 'string' || typeof v === 'number' ? asText(v) : undefined;
    const e = text === undefined ? undefined : lookupCode(list, text) ?? closeCode(list, text);
    if (e) return canonicalValue(list, e);
    return t.onMiss === 'error' ? new TransformFailure('transform-codelist', `"${v}" is not in code list ${t.codelist}`) : typeof v === 'number' ? asText(v) : v;
  }
  if ('pad' in t) {
    const s = v === null || v === undefined ? '' : asText(v).trim();
    return s === '' || !/^\d+$/.test(s) ? (s === '' ? v : new TransformFailure('transform-pad', `"${s}" is not digits`)) : s.padStart(t.pad, '0');
  }
  if ('prefix' in t) return v === null || v === undefined || v === '' ? v : t.prefix + asText(v);
  if ('regex' in t) {
    const m = regexOf(t).exec(asText(v));
    return m && m[t.group ?? (m.length > 1 ? 1 : 0)] !== undefined ? m[t.group ?? (m.length > 1 ? 1 : 0)] : new TransformFailure('transform-regex', `"${v}" does not match /${t.regex}/`);
  }
  return v;
}

/**
 * One transform (see docs/mapping-templates.md for each): the new value, or a TransformFailure. Lists are
 * transformed element by element (stopping at the first failure), except by split, first and join.
 */
export function transformStep(value: unknown, t: Transform): unknown {
  if (typeof t === 'string') {
    switch (t) {
      case 'trim': case 'string': case 'lowercase': case 'uppercase': case 'number': case 'date': case 'boolean': break;
      case 'split': return splitList(value);
      case 'first': return Array.isArray(value) ? value[0] : value;
      // A name the template schema does not know: `in` on a string throws a TypeError, as it always did here.
      default: if ('split' in (t as unknown as object)) return value;
        return value;
    }
  } else if ('split' in t) return splitList(value, t.split.separators ?? DEFAULT_SEPARATORS, t.split.unique ?? true);
  else if (!('map' in t) && !('codelist' in t)) {
    // The order in which the object forms are recognised (a template never mixes them).
    if ('join' in t) return Array.isArray(value) ? value.map(asText).join(t.join) : value;
    if (!('pad' in t) && !('prefix' in t) && !('regex' in t)) return value;
  }
  if (!Array.isArray(value)) return stepValue(value, t);
  const out: unknown[] = [];
  for (const v of value) {
    const r = stepValue(v, t);
    if (r instanceof TransformFailure) return r;
    out.push(r);
  }
  return out;
}

/** Apply one transform (see docs/mapping-templates.md for each). Lists are transformed element by element. */
export function applyTransform(value: unknown, t: Transform): TransformResult {
  const r = transformStep(value, t);
  return r instanceof TransformFailure ? { ok: false, code: r.code, detail: r.detail } : { ok: true, value: r };
}

/** True when a code-list transform left a value it could not find in the list (reported as a warning). */
export function codelistMisses(value: unknown, listId: string): string[] {
  const list = loadCodeList(listId);
  if (!Array.isArray(value)) return typeof value === 'string' && value !== '' && !lookupCode(list, value) ? [value] : NO_MISSES;
  return value.filter((v) => typeof v === 'string' && v !== '' && !lookupCode(list, v)).map(String);
}
const NO_MISSES: string[] = [];

/** Transforms in order: the final value, or the TransformFailure of the first step that failed (and that step). */
export function transformValue(value: unknown, transforms: Transform[] | undefined): unknown {
  let v = value;
  if (transforms) for (const t of transforms) {
    v = transformStep(v, t);
    if (v instanceof TransformFailure) return v;
  }
  return v;
}

/** Apply transforms in order; stops at the first failure. */
export function applyTransforms(value: unknown, transforms: Transform[] = []): TransformResult & { failed?: Transform } {
  let v = value;
  for (const t of transforms) {
    const r = transformStep(v, t);
    if (r instanceof TransformFailure) return { ok: false, code: r.code, detail: r.detail, failed: t };
    v = r;
  }
  return { ok: true, value: v };
}
