import { loadCodeList, lookupCode, canonicalValue } from '../profiles/codelist.js';
import type { Transform } from './template.js';
import { normaliseDate } from './dates.js';
import { splitList, DEFAULT_SEPARATORS } from './lists.js';

/** Result of one transform: the new value, or why the value could not be transformed. */
export type TransformResult = { ok: true; value: unknown } | { ok: false; code: string; detail: string };

const ok = (value: unknown): TransformResult => ({ ok: true, value });
const fail = (code: string, detail: string): TransformResult => ({ ok: false, code, detail });

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

/** Apply a transform to each element of a list, or to a single value. */
function each(value: unknown, f: (v: unknown) => TransformResult): TransformResult {
  if (!Array.isArray(value)) return f(value);
  const out: unknown[] = [];
  for (const v of value) {
    const r = f(v);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** Apply one transform (see docs/mapping-templates.md for each). Lists are transformed element by element. */
export function applyTransform(value: unknown, t: Transform): TransformResult {
  if (typeof t === 'string') {
    switch (t) {
      case 'trim': return each(value, (v) => ok(typeof v === 'string' ? v.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '') : v));
      case 'string': return each(value, (v) => ok(v === null || v === undefined ? v : asText(v)));
      case 'lowercase': return each(value, (v) => ok(typeof v === 'string' ? v.toLowerCase() : v));
      case 'uppercase': return each(value, (v) => ok(typeof v === 'string' ? v.toUpperCase() : v));
      case 'number': return each(value, (v) => {
        const n = typeof v === 'number' ? v : Number(String(v).replace(/[,，\s]/g, ''));
        return Number.isFinite(n) && String(v).trim() !== '' ? ok(n) : fail('transform-number', `"${v}" is not a number`);
      });
      case 'date': return each(value, (v) => {
        const d = normaliseDate(v);
        return d ? ok(d) : fail('transform-date', `"${v}" is not a date (use e.g. 2016-08-02, 2016年8月2日, 20160802)`);
      });
      case 'boolean': return each(value, (v) => {
        const b = parseBoolean(v);
        return b === undefined ? fail('transform-boolean', `"${v}" is not 是/否 (yes/no)`) : ok(b);
      });
      case 'split': return ok(splitList(value));
      case 'first': return ok(Array.isArray(value) ? value[0] : value);
    }
  }
  if ('split' in t) return ok(splitList(value, t.split.separators ?? DEFAULT_SEPARATORS, t.split.unique ?? true));
  if ('map' in t) return each(value, (v) => {
    const m = mapValue(v, t.map);
    if (m.hit) return ok(m.value);
    return t.strict ? fail('transform-map', `"${v}" is not one of ${Object.keys(t.map).join(', ')}`) : ok(v);
  });
  if ('codelist' in t) {
    const list = loadCodeList(t.codelist);
    return each(value, (v) => {
      const e = typeof v === 'string' || typeof v === 'number' ? lookupCode(list, asText(v)) : undefined;
      if (e) return ok(canonicalValue(list, e));
      return t.onMiss === 'error' ? fail('transform-codelist', `"${v}" is not in code list ${t.codelist}`) : ok(typeof v === 'number' ? asText(v) : v);
    });
  }
  if ('join' in t) return ok(Array.isArray(value) ? value.map(asText).join(t.join) : value);
  if ('pad' in t) return each(value, (v) => {
    const s = v === null || v === undefined ? '' : asText(v).trim();
    return s === '' || !/^\d+$/.test(s) ? (s === '' ? ok(v) : fail('transform-pad', `"${s}" is not digits`)) : ok(s.padStart(t.pad, '0'));
  });
  if ('prefix' in t) return each(value, (v) => ok(v === null || v === undefined || v === '' ? v : t.prefix + asText(v)));
  if ('regex' in t) {
    const re = new RegExp(t.regex);
    return each(value, (v) => {
      const m = re.exec(asText(v));
      return m && m[t.group ?? (m.length > 1 ? 1 : 0)] !== undefined ? ok(m[t.group ?? (m.length > 1 ? 1 : 0)]) : fail('transform-regex', `"${v}" does not match /${t.regex}/`);
    });
  }
  return ok(value);
}

/** True when a code-list transform left a value it could not find in the list (reported as a warning). */
export function codelistMisses(value: unknown, listId: string): string[] {
  const list = loadCodeList(listId);
  const vals = Array.isArray(value) ? value : [value];
  return vals.filter((v) => typeof v === 'string' && v !== '' && !lookupCode(list, v)).map(String);
}

/** Apply transforms in order; stops at the first failure. */
export function applyTransforms(value: unknown, transforms: Transform[] = []): TransformResult & { failed?: Transform } {
  let v = value;
  for (const t of transforms) {
    const r = applyTransform(v, t);
    if (!r.ok) return { ...r, failed: t };
    v = r.value;
  }
  return ok(v);
}
