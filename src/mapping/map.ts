import path from 'node:path';
import type { CatalogRecord, CellRef } from '../model/record.js';
import { fieldLabel } from '../model/record.js';
import type { SourceRow } from '../rows/row.js';
import type { WorkspaceConfig } from '../config/workspace.js';
import type { Issue } from '../issues/issue.js';
import { text, type Text } from '../issues/text.js';
import type { Columns, FieldRule, MappingTemplate, Transform } from './template.js';
import { transformValue, TransformFailure, codelistMisses } from './transforms.js';
import { setAt, setAtOne } from './pointer.js';
import { loadCodeList, lookupCode, closeCode } from '../profiles/codelist.js';

export interface MapRowOptions {
  config?: WorkspaceConfig;
}

/** What one source row became. */
export type RowResult =
  | { kind: 'record'; record: CatalogRecord; warnings: Issue[] }
  | { kind: 'reject'; reject: Issue; warnings: Issue[] }
  | { kind: 'blank' };

/** Pseudo-columns every row has: the sheet name, the file name without extension, the row number. */
export const PSEUDO_COLUMNS = ['$sheet', '$file', '$row'] as const;

/** Keys the form and sheet-per-resource layouts add to rows (not source columns, so never copied to extensions). */
const LAYOUT_KEYS = new Set(['$title', '$header', '$column']);

/** An empty cell: nothing, blank text, or an empty list. */
export function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && !NOT_BLANK.test(v)) || (Array.isArray(v) && v.length === 0);
}
const NOT_BLANK = /[^\s\u3000]/;

/** Normalised headers: rows repeat the same few dozen (bounded so a hostile file cannot grow it). */
const normed = new Map<string, string>();
const normHeader = (s: string) => {
  let n = normed.get(s);
  if (n === undefined) {
    n = s.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase();
    if (normed.size >= 10_000) normed.clear();
    normed.set(s, n);
  }
  return n;
};

/** Finds a row's column by header, ignoring width, case and spaces; alternatives in order. */
export class ColumnIndex {
  /** Normalised header → header, built on the first lookup that is not an exact header. */
  private normIndex?: Map<string, string>;
  constructor(private row: SourceRow) {}
  private get byNorm(): Map<string, string> {
    if (!this.normIndex) {
      this.normIndex = new Map();
      for (const k in this.row.values) {
        const n = normHeader(k);
        if (!this.normIndex.has(n)) this.normIndex.set(n, k);
      }
    }
    return this.normIndex;
  }
  /** The header actually present for the first alternative found, or undefined. */
  resolve(columns: Columns): string | undefined {
    if (!Array.isArray(columns)) return this.resolveOne(columns);
    for (const c of columns) {
      const h = this.resolveOne(c);
      if (h !== undefined) return h;
    }
    return undefined;
  }
  private resolveOne(c: string): string | undefined {
    if (c in this.row.values) return c;
    if ((PSEUDO_COLUMNS as readonly string[]).includes(c)) return c;
    return this.byNorm.get(normHeader(c));
  }
  value(header: string): unknown {
    if (header in this.row.values) return this.row.values[header];
    const p = this.row.provenance;
    if (header === '$sheet') return p.sheet ?? null;
    if (header === '$file') return path.basename(p.file).replace(/\.[^.]+$/, '');
    if (header === '$row') return p.row;
    return this.row.values[header];
  }
  cell(header: string): CellRef | undefined {
    if (this.row.cells[header]) return this.row.cells[header];
    if (header.startsWith('$')) return { ...(this.row.provenance.sheet ? { sheet: this.row.provenance.sheet } : {}), row: this.row.provenance.row };
    return this.row.cells[header];
  }
}

const configPaths = new Map<string, string[]>();
const configValue = (config: WorkspaceConfig | undefined, key: string): unknown => {
  let segs = configPaths.get(key);
  if (!segs) {
    if (configPaths.size >= 1_000) configPaths.clear();
    configPaths.set(key, (segs = key.split('.')));
  }
  return segs.reduce<any>((o, k) => (o == null ? undefined : o[k]), config);
};

const columnsText = (c: Columns | Columns[] | undefined) => (c === undefined ? '—' : JSON.stringify(c).replace(/^\[|\]$/g, '').replace(/"/g, '“').replace(/“(,|$)/g, '”$1'));

/** A required field that came out empty: the rule's columns as written (for JSON readers) and as shown. */
const requiredMissing = (rule: FieldRule, pointerBase: string, provenance: Issue['provenance']): Issue => ({
  code: 'map-required-missing', severity: 'error', path: pointerBase + rule.field, provenance,
  params: { field: labelOf(rule, pointerBase), columns: rule.column ?? rule.concat, columnsText: columnsText(rule.column ?? rule.concat) },
});

interface RuleOutcome {
  value?: unknown;
  headers: string[];
  issue?: Issue;
  rejected?: boolean;
  /** Raw value kept in extensions when a transform failed and onError is keep. */
  keep?: { header: string; value: unknown };
}

const codelists = new WeakMap<FieldRule, Extract<Transform, { codelist: string }> | null>();
/** The rule's code-list transform, if any (looked up once per rule, not per row). */
function codelistOf(rule: FieldRule): Extract<Transform, { codelist: string }> | undefined {
  let cl = codelists.get(rule);
  if (cl === undefined) {
    cl = (rule.transforms ?? []).find((x): x is Extract<Transform, { codelist: string }> => typeof x === 'object' && 'codelist' in x) ?? null;
    codelists.set(rule, cl);
  }
  return cl ?? undefined;
}

/** Headers of a rule that read no column (shared: callers only read it). */
const NO_HEADERS: readonly string[] = Object.freeze([]);

/** The field's label in both languages (the edge picks one): only needed for messages, so looked up when an issue is made. */
const labelAt = (pointer: string): Text => text(fieldLabel(pointer, 'zh'), fieldLabel(pointer, 'en'));
const labelOf = (rule: FieldRule, pointerBase: string): Text => labelAt(pointerBase + rule.field);

/** The provenance of an issue about a rule: the cell it read, or the row. */
function whereOf(row: SourceRow, idx: ColumnIndex, h?: string): Issue['provenance'] {
  return { file: row.provenance.file, ...(h ? idx.cell(h) ?? {} : { ...(row.provenance.sheet ? { sheet: row.provenance.sheet } : {}), row: row.provenance.row }) };
}

/** The cell text when a code-list transform read a shortened value as a code (有条件 → 有条件共享), for a warning. */
function assumedCode(raw: unknown, value: unknown, listId: string): string | undefined {
  if (typeof value !== 'string' || (typeof raw !== 'string' && typeof raw !== 'number')) return undefined;
  const text = String(raw).trim();
  if (text === value) return undefined;
  const list = loadCodeList(listId);
  return !lookupCode(list, text) && closeCode(list, text) ? text : undefined;
}

/** Evaluate one rule against a row: source value, default, transforms. */
export function evaluateRule(rule: FieldRule, idx: ColumnIndex, row: SourceRow, o: MapRowOptions, pointerBase = ''): RuleOutcome {
  let headers = NO_HEADERS as string[];
  if (rule.when !== undefined) {
    const w = idx.resolve(rule.when);
    if (w === undefined || isEmpty(idx.value(w))) return { headers };
  }
  let raw: unknown;
  if (rule.column !== undefined) {
    const h = idx.resolve(rule.column);
    if (h !== undefined) {
      headers = [h];
      raw = idx.value(h);
    }
  } else if (rule.concat) {
    const parts: string[] = [];
    headers = [];
    for (const c of rule.concat) {
      const h = idx.resolve(c);
      if (h === undefined) continue;
      headers.push(h);
      const v = idx.value(h);
      if (!isEmpty(v)) parts.push(String(v).trim());
    }
    raw = parts.length ? parts.join(rule.separator ?? ' ') : undefined;
  } else if (rule.value !== undefined) raw = rule.value;

  let fromDefault = false;
  if (isEmpty(raw) && rule.default !== undefined) {
    if (typeof rule.default === 'object') {
      raw = configValue(o.config, rule.default.config);
      if (isEmpty(raw) && rule.required) {
        return { headers, rejected: true, issue: { code: 'map-default-missing', severity: 'error', path: pointerBase + rule.field, provenance: whereOf(row, idx, headers[0]), params: { field: labelOf(rule, pointerBase), key: rule.default.config } } };
      }
    } else raw = rule.default;
    fromDefault = true;
  }
  if (isEmpty(raw)) {
    if (rule.required) return { headers, rejected: true, issue: requiredMissing(rule, pointerBase, whereOf(row, idx, headers[0])) };
    return { headers };
  }
  let value = transformValue(raw, rule.transforms);
  if (value instanceof TransformFailure) {
    const mode = rule.onError ?? 'keep';
    const detail = value.detail;
    const base = { path: pointerBase + rule.field, provenance: whereOf(row, idx, headers[0]), value: raw, params: { field: labelOf(rule, pointerBase), transform: value.code, detail } };
    if (mode === 'reject') return { headers, rejected: true, issue: { ...base, code: 'map-transform-failed', severity: 'error' } };
    if (mode === 'drop') return { headers, issue: { ...base, code: 'map-transform-dropped', severity: 'warning' } };
    return { headers, keep: headers[0] && !fromDefault ? { header: headers[0], value: raw } : undefined, issue: { ...base, code: 'map-transform-kept', severity: 'warning' } };
  }
  if (typeof value === 'number') value = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (Array.isArray(value)) value = value.map((v) => (typeof v === 'number' ? String(v) : v));
  if (isEmpty(value)) {
    if (rule.required) return { headers, rejected: true, issue: requiredMissing(rule, pointerBase, whereOf(row, idx, headers[0])) };
    return { headers };
  }
  const cl = codelistOf(rule);
  let issue: Issue | undefined;
  if (cl) {
    const misses = codelistMisses(value, cl.codelist);
    const assumed = misses.length ? undefined : assumedCode(raw, value, cl.codelist);
    if (assumed) issue = { code: 'map-value-assumed', severity: 'warning', path: pointerBase + rule.field, provenance: whereOf(row, idx, headers[0]), value: assumed, params: { codelist: cl.codelist, suggestion: value, field: labelOf(rule, pointerBase), value: assumed } };
    if (misses.length) issue = { code: 'map-codelist-miss', severity: 'warning', path: pointerBase + rule.field, provenance: whereOf(row, idx, headers[0]), value: misses.join(', '), params: { codelist: cl.codelist, field: labelOf(rule, pointerBase), misses: misses.join('、') } };
  }
  return { value, headers, issue };
}

/** Keys a JSON reader added by flattening a nested value ("a.b" under an object "a"): not separate columns. */
function isFlattenedChild(key: string, values: Record<string, unknown>): boolean {
  for (let i = key.indexOf('.'); i > 0; i = key.indexOf('.', i + 1)) {
    const parent = key.slice(0, i);
    if (parent in values && values[parent] !== null && typeof values[parent] === 'object') return true;
  }
  return false;
}

const escapeSeg = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Items mapped for a record, with their provenance and the issues met. */
export interface MappedItems {
  items: Record<string, unknown>[];
  /** Unmapped columns of each item (same order), for record.extensions.items. */
  extras: (Record<string, unknown> | undefined)[];
  fields: Record<string, CellRef>;
  warnings: Issue[];
  /** Values of item rows skipped for a missing required field (kept in record.extensions.skippedItems). */
  skipped: Record<string, unknown>[];
}

/** Map 信息项 rows with item rules (pointers relative to one item). Items missing a required field are skipped with a warning. */
export function mapItems(rows: SourceRow[], rules: FieldRule[], o: MapRowOptions, ignore: string[] = []): MappedItems {
  const out: MappedItems = { items: [], extras: [], fields: {}, warnings: [], skipped: [] };
  for (const row of rows) {
    const idx = new ColumnIndex(row);
    const item: Record<string, unknown> = {};
    const fields: Record<string, CellRef> = {};
    const used = new Set<string>(ignore);
    let skip: Issue | undefined;
    const rowWarnings: Issue[] = [];
    for (const rule of rules) {
      const r = evaluateRule(rule, idx, row, o, '/items/*');
      r.headers.forEach((h) => used.add(h));
      if (r.rejected) {
        skip = { ...r.issue!, code: 'map-item-skipped', severity: 'warning', params: { ...r.issue!.params, field: labelOf(rule, '/items/*') } };
        continue;
      }
      if (r.issue) rowWarnings.push(r.issue);
      if (r.keep) used.delete(r.keep.header);
      if (r.value === undefined) continue;
      for (const p of setAt(item, rule.field, r.value)) if (r.headers[0] && idx.cell(r.headers[0])) fields[p] = idx.cell(r.headers[0])!;
    }
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.values)) if (!used.has(k) && !LAYOUT_KEYS.has(k) && !isEmpty(v)) extra[k] = v;
    if (skip) {
      out.warnings.push(skip);
      out.skipped.push(Object.fromEntries(Object.entries(row.values).filter(([, v]) => !isEmpty(v))));
      continue;
    }
    const i = out.items.length;
    out.items.push(item);
    out.extras.push(Object.keys(extra).length ? extra : undefined);
    for (const [p, c] of Object.entries(fields)) out.fields[`/items/${i}${p}`] = c;
    out.warnings.push(...rowWarnings.map((w) => ({ ...w, path: w.path.replace('/items/*', `/items/${i}`) })));
  }
  return out;
}

/** Object.keys(o).length > 0, without the array. */
function hasKeys(o: Record<string, unknown>): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/** Header → number of the mapRow call that last read it (bounded: cleared between rows when it grows). */
const usedIn = new Map<string, number>();
let marks = 0;
function nextMark(): number {
  if (usedIn.size >= 10_000) usedIn.clear();
  return ++marks;
}

/** Every cell empty (stops at the first value). */
function isBlankRow(values: Record<string, unknown>): boolean {
  for (const k in values) if (!isEmpty(values[k])) return false;
  return true;
}

/**
 * Map one source row to a record with a template: each field rule in order, then the items (already read by the
 * layout), then unmapped columns into record.extensions. A row with every cell empty is "blank"; a row where a
 * required field stays empty (or a transform with onError "reject" fails) is rejected with the reason and the cell.
 */
export function mapRow(row: SourceRow, template: MappingTemplate, o: MapRowOptions = {}, items?: MappedItems): RowResult {
  if (!items?.items.length && isBlankRow(row.values)) return { kind: 'blank' };
  const idx = new ColumnIndex(row);
  const record: Record<string, unknown> = {};
  const fields: Record<string, CellRef> = {};
  // Headers read by a rule in this row: marked with this call's number in a map that outlives it (a Set per row
  // cost more than the rest of the row's bookkeeping). mapRow never runs inside itself, so one counter will do.
  const mark = nextMark();
  const warnings: Issue[] = [];
  let kept: Record<string, unknown> | undefined;
  const rules = template.fields;
  for (let ri = 0; ri < rules.length; ri++) {
    const rule = rules[ri];
    const r = evaluateRule(rule, idx, row, o);
    for (let hi = 0; hi < r.headers.length; hi++) usedIn.set(r.headers[hi], mark);
    if (r.rejected) return { kind: 'reject', reject: r.issue!, warnings };
    if (r.issue) warnings.push(r.issue);
    const cell = r.headers[0] ? idx.cell(r.headers[0]) : undefined;
    if (r.keep) {
      (kept ??= {})[r.keep.header] = r.keep.value;
      // The field stays empty, but a "missing" error on it must still name the cell that held the unusable value.
      if (cell && !rule.field.includes('*')) fields[rule.field] = cell;
    }
    if (r.value === undefined) {
      // An empty cell of a mapped column: a "required field is missing" error then names the column to fill in.
      if (cell && !rule.field.includes('*') && !(rule.field in fields)) fields[rule.field] = cell;
      continue;
    }
    const written = setAtOne(record, rule.field, r.value);
    if (!cell) continue;
    if (typeof written === 'string') fields[written] = cell;
    else for (const p of written) fields[p] = cell;
  }
  if (items) {
    if (items.items.length) {
      const base = Array.isArray(record.items) ? (record.items as unknown[]).length : 0;
      record.items = [...((record.items as unknown[]) ?? []), ...items.items];
      for (const [p, c] of Object.entries(items.fields)) fields[p.replace(/^\/items\/(\d+)/, (_, n) => `/items/${Number(n) + base}`)] = c;
    }
    warnings.push(...items.warnings);
  }
  const ext: Record<string, unknown> = record.extensions === undefined || record.extensions === null ? {} : { ...(record.extensions as Record<string, unknown>) };
  if (template.extensions !== false) {
    for (const k in row.values) {
      const v = row.values[k];
      if (usedIn.get(k) === mark || LAYOUT_KEYS.has(k) || isEmpty(v) || isFlattenedChild(k, row.values)) continue;
      ext[k] = v;
      if (row.cells[k]) fields[`/extensions/${escapeSeg(k)}`] = row.cells[k];
    }
    if (items && (items.extras.some((e) => e) || items.skipped.length)) {
      if (items.extras.some((e) => e)) ext.items = items.extras.map((e) => e ?? {});
      if (items.skipped.length) ext.skippedItems = items.skipped;
    }
  }
  if (kept) for (const k in kept) {
    ext[k] = kept[k];
    if (row.cells[k]) fields[`/extensions/${escapeSeg(k)}`] = row.cells[k];
  }
  if (hasKeys(ext)) record.extensions = ext;
  const p = row.provenance;
  // Built key by key (file, sheet?, row, line?, fields: the order JSON output has always had), without spreads.
  const provenance: Record<string, unknown> = { file: p.file };
  if (p.sheet !== undefined) provenance.sheet = p.sheet;
  provenance.row = p.row;
  if (p.line !== undefined) provenance.line = p.line;
  provenance.fields = fields;
  record.provenance = provenance;
  if (row.warnings) for (const w of row.warnings) warnings.push({ code: 'map-read-warning', severity: 'warning', path: '', provenance: { file: p.file, sheet: p.sheet, row: p.row }, params: { reader: w.code, ...w.params, note: `${w.code} ${JSON.stringify(w.params)}` } });
  return { kind: 'record', record: record as unknown as CatalogRecord, warnings };
}
