import fs from 'node:fs';
import path from 'node:path';
import { STANDARDS_DIR } from './paths.js';

export interface CodeListEntry {
  label: string;
  code?: string;
  en?: string;
  aliases?: string[];
  extension?: boolean;
  children?: (CodeListEntry | string)[];
  [k: string]: unknown;
}

export interface CodeList {
  id: string;
  title: { zh: string; en: string };
  source: string;
  evidence?: string;
  /** "label" (default): records carry the label; "code": records carry the code (e.g. data types C/N/…). */
  keyedBy?: 'label' | 'code';
  /** Open lists accept other values with a warning-free pass (only known aliases are normalised). */
  open?: boolean;
  entries: CodeListEntry[];
  /** Profile folder the list was loaded from. */
  profile?: string;
}

const cache = new Map<string, CodeList>();

/** Load a code list by id, searching every profile's codelists/ folder (first hit wins). */
export function loadCodeList(id: string, standardsDir = STANDARDS_DIR): CodeList {
  const key = standardsDir === STANDARDS_DIR ? id : `${standardsDir}::${id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  for (const profile of fs.readdirSync(standardsDir)) {
    const file = path.join(standardsDir, profile, 'codelists', `${id}.json`);
    if (fs.existsSync(file)) {
      const list = JSON.parse(fs.readFileSync(file, 'utf8')) as CodeList;
      list.profile = profile;
      cache.set(key, list);
      return list;
    }
  }
  throw new Error(`code list "${id}" not found under ${standardsDir}`);
}

/** The value a record should carry for an entry. */
export function canonicalValue(list: CodeList, entry: CodeListEntry): string {
  return list.keyedBy === 'code' && entry.code ? entry.code : entry.label;
}

const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

const indexes = new WeakMap<CodeList, Map<string, CodeListEntry>>();
/** Normalised name → entry (first entry wins), so big lists (3 000+ divisions) are looked up in O(1). */
function indexOf(list: CodeList): Map<string, CodeListEntry> {
  let m = indexes.get(list);
  if (m) return m;
  m = new Map();
  for (const e of list.entries) {
    for (const n of [e.code, e.label, e.en, ...(e.aliases ?? [])]) {
      if (!n) continue;
      const k = norm(n);
      if (!m.has(k)) m.set(k, e);
    }
  }
  indexes.set(list, m);
  return m;
}

const answers = new WeakMap<CodeList, Map<string, CodeListEntry | null>>();

/** Find the entry for a value given as canonical value, label, code, English name or alias. */
export function lookupCode(list: CodeList, value: string): CodeListEntry | undefined {
  // Columns repeat a handful of values over many rows: remember answers per list (bounded).
  let memo = answers.get(list);
  if (!memo) answers.set(list, (memo = new Map()));
  const known = memo.get(value);
  if (known !== undefined) return known ?? undefined;
  const e = findCode(list, value);
  if (memo.size >= 10_000) memo.clear();
  memo.set(value, e ?? null);
  return e;
}

function findCode(list: CodeList, value: string): CodeListEntry | undefined {
  const v = norm(value);
  const hit = indexOf(list).get(v);
  if (hit) return hit;
  // Prefix-stripping handles forms like "字符型C" or "C字符型" seen in real templates.
  for (const e of list.entries) {
    const names = [e.label, e.code, e.en, ...(e.aliases ?? [])].filter((x): x is string => !!x);
    if (names.some((n) => norm(n) === v)) return e;
    if (e.code && list.keyedBy === 'code' && (v === norm(e.label + e.code) || v === norm(e.code + e.label))) return e;
  }
  return undefined;
}

/** Levenshtein distance over code points (short strings: labels are a few characters). */
export function editDistance(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/** Nearest canonical value for a near miss (e.g. 无条件开发 → 无条件开放), or undefined if nothing is close. */
export function suggestCode(list: CodeList, value: string): string | undefined {
  const exact = lookupCode(list, value);
  if (exact) return canonicalValue(list, exact);
  const v = norm(value);
  let best: { d: number; e: CodeListEntry } | undefined;
  for (const e of list.entries) {
    for (const n of [e.label, ...(e.aliases ?? [])]) {
      const d = editDistance(v, norm(n));
      if (!best || d < best.d) best = { d, e };
    }
  }
  // Allow one edit for short labels, a third of the length for longer ones.
  if (best && best.d <= Math.max(1, Math.floor([...v].length / 3))) return canonicalValue(list, best.e);
  return undefined;
}

/**
 * The entry a shortened value stands for, when exactly one label begins with it (有条件 → 有条件共享, 共享平台 →
 * 共享平台方式) or is it plus a generic ending such as 共享/开放/方式: people drop the list's common suffix. Typos are
 * not guessed here (suggestCode offers them as "did you mean"). Undefined when no entry or several fit.
 */
export function closeCode(list: CodeList, value: string): CodeListEntry | undefined {
  const v = norm(value);
  if ([...v].length < 2 || list.entries.length > 200) return undefined;
  const fits = list.entries.filter((e) => [e.label, ...(e.aliases ?? [])].some((n) => norm(n).startsWith(v)));
  return fits.length === 1 ? fits[0] : undefined;
}
