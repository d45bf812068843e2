import path from 'node:path';
import { inspectSource, type SheetSummary } from '../readers/inspect.js';
import type { ReadOptions } from '../readers/options.js';
import type { FieldRule, MappingTemplate } from '../mapping/template.js';
import { guessFromHeaders } from '../mapping/guess.js';
import { sampleValues } from '../pipeline/guess.js';
import { SYNONYMS, findSynonym, normaliseHeader } from '../mapping/synonyms.js';
import { emptyReport, type MapReport } from '../mapping/report.js';
import { mapSources } from '../pipeline/map-sources.js';
import { fieldLabel, type CatalogRecord } from '../model/record.js';
import { proposeForm } from './propose-form.js';
import { bundledTemplates, columnsOf, ITEM_FIELDS, ITEM_NAME, matchRatio, ruleFor } from './bundled.js';
import type { WorkspaceConfig } from '../config/workspace.js';
import { text, type Text } from '../issues/text.js';

/** One source column and the record field proposed for it (none: kept in record.extensions). */
export interface ColumnAssignment {
  column: string;
  field?: string;
  /** Not assigned because this column took the same meaning (see GuessedColumn). */
  runnerUpOf?: string;
}

export interface MappingProposal {
  file: string;
  /** Sheet name (workbooks) the records are read from. */
  sheet?: string;
  headerRow: number;
  /** Where the proposal came from: a bundled template whose headers the sheet matches, or a guess from the headers. */
  basis: { kind: 'bundled'; name: string; file: string } | { kind: 'guess' };
  /** The base template the assignments are applied to (keeps transforms, defaults, the 信息项 spec). */
  base: MappingTemplate;
  columns: ColumnAssignment[];
}

/** A bundled template is proposed when the sheet has at least this share of its columns. */
const BUNDLED_MATCH = 0.6;

/**
 * Propose a mapping for a department spreadsheet: a bundled template when the sheet's headers match one
 * (e.g. the 2017 guide's 目录编制表, header in row 2), otherwise a guess from the header names (mapping/guess.ts).
 */
export async function proposeMapping(file: string, o: { read?: ReadOptions } = {}): Promise<MappingProposal> {
  const detected = await inspectSource(file, o.read ?? {});
  const first = detected.sheets[0];
  for (const b of bundledTemplates()) {
    const src = b.template.source ?? {};
    // Look at the sheet the template names (when present) with the template's header row.
    const wantSheet = o.read?.sheet ?? (src.sheet !== undefined && detected.sheets.some((s) => s.name === src.sheet) ? src.sheet : undefined);
    let summary = first;
    if (src.headerRow || wantSheet !== undefined) {
      const again = await inspectSource(file, { ...o.read, ...(wantSheet !== undefined ? { sheet: wantSheet } : {}), ...(o.read?.headerRow ? {} : src.headerRow ? { headerRow: src.headerRow } : {}) });
      summary = again.sheets[0];
    }
    if (!summary || matchRatio(b.template, summary.columns) < BUNDLED_MATCH) continue;
    const columns = summary.columns.map((column) => ({ column, field: ruleFor(b.template, column)?.field }));
    const base: MappingTemplate = { ...b.template, source: { ...src, ...(summary.name !== undefined ? { sheet: summary.name } : {}), headerRow: summary.headerRow } };
    return { file, sheet: summary.name, headerRow: summary.headerRow, basis: { kind: 'bundled', name: b.template.name ?? path.basename(b.file, '.json'), file: b.file }, base, columns };
  }
  if (!first) return { file, headerRow: 0, basis: { kind: 'guess' }, base: { fields: [] }, columns: [] };
  // A form-style sheet (label | value rows with an 信息项 table inside): a form template with the block joined.
  const form = o.read?.header === false ? undefined : await proposeForm(file, { sheet: o.read?.sheet });
  if (form) return form;
  const main = detected.sheets.find((s) => s.rows > 0 && !isItemsSheet(s)) ?? first;
  const read: ReadOptions = { ...(main.name !== undefined ? { sheet: main.name } : {}), headerRow: main.headerRow, ...(o.read?.encoding ? { encoding: o.read.encoding } : {}), ...(o.read?.header === false ? { header: false } : {}) };
  const values = await sampleValues(file, read, main.columns);
  const guess = guessFromHeaders(main.columns, { read, values, name: path.basename(file).replace(/\.[^.]+$/, '') });
  const items = o.read?.sheet === undefined ? itemsJoin(detected.sheets.find((s) => s !== main && s.rows > 0 && isItemsSheet(s)), main.columns, guess.template) : undefined;
  const base = items ? { ...guess.template, items } : guess.template;
  return { file, sheet: main.name, headerRow: main.headerRow, basis: { kind: 'guess' }, base, columns: guess.columns.map((c) => ({ column: c.column, field: c.field, ...(c.runnerUpOf ? { runnerUpOf: c.runnerUpOf } : {}) })) };
}

/** A sheet listing 信息项 (by its name, or an item-name column). */
function isItemsSheet(s: SheetSummary): boolean {
  return /信息项|数据项|字段/.test(s.name ?? '') || s.columns.some((c) => ITEM_NAME.test(normaliseHeader(c)));
}

/**
 * The join of an 信息项 sheet to the main table: by 信息资源代码 when both have it, else by the resource name; with
 * item rules for the columns it recognises. Undefined when there is no such sheet or no shared key.
 */
function itemsJoin(sheet: SheetSummary | undefined, mainColumns: string[], template: MappingTemplate): MappingTemplate['items'] {
  if (!sheet?.name) return undefined;
  const keyOf = (fieldName: string) => {
    const main = template.fields.find((r) => r.field === fieldName && typeof r.column === 'string')?.column as string | undefined;
    const item = sheet.columns.find((c) => findSynonym(c)?.field === fieldName && !ITEM_NAME.test(normaliseHeader(c)));
    return main && mainColumns.includes(main) && item ? { main, item } : undefined;
  };
  const key = keyOf('/resourceCode') ?? keyOf('/title');
  if (!key) return undefined;
  const fields: FieldRule[] = [];
  for (const [re, rule] of ITEM_FIELDS) {
    const column = sheet.columns.find((c) => re.test(normaliseHeader(c)));
    if (column && !fields.some((f) => f.field === rule.field)) fields.push({ ...rule, column });
  }
  if (!fields.some((f) => f.field === '/name')) return undefined;
  return { from: 'sheet', sheet: sheet.name, headerRow: sheet.headerRow, key: key.item, resourceKey: key.main, fields };
}

/** The schema id templates written by the tools point at (as `catalog map --guess --save-template` does). */
export const TEMPLATE_SCHEMA_URL = 'https://catalog.example/standards/mapping-template.schema.json';

/** What a written template says about itself. */
export function describeProposal(p: MappingProposal): string {
  return `Written by catalog init for ${path.basename(p.file)}${p.sheet ? ` (sheet ${p.sheet}, header row ${p.headerRow})` : ` (header row ${p.headerRow})`}, ` +
    (p.basis.kind === 'bundled' ? `based on the bundled template ${p.basis.name}` : 'guessed from the column headers') + '; review before use.';
}

/** A field's label in zh and en; fields the model does not name (extensions) take a name from the synonym table. */
function labelOf(field: string): Text {
  const names = SYNONYMS.find((x) => x.field === field)?.names ?? [];
  const inLang = (lang: 'zh' | 'en') => {
    const label = fieldLabel(field, lang);
    return label !== field ? label : names.find((n) => (lang === 'zh' ? /[\u4e00-\u9fff]/ : /^[a-z ]+$/i).test(n)) ?? field;
  };
  return text(inLang('zh'), inLang('en'));
}

/** The record fields a column can be assigned to (for pick lists), each with its label in both languages. */
export function assignableFields(): { field: string; label: Text }[] {
  const seen = new Set<string>();
  const out: { field: string; label: Text }[] = [];
  const add = (field: string) => {
    if (seen.has(field) || field.includes('*')) return;
    seen.add(field);
    out.push({ field, label: labelOf(field) });
  };
  for (const b of bundledTemplates()) for (const r of b.template.fields) if (r.column !== undefined) add(r.field);
  for (const s of SYNONYMS) add(s.field);
  return out;
}

/** Transforms for a field given a new column: the base rule's, else the synonym table's, else trim. */
function transformsFor(base: MappingTemplate, field: string): FieldRule['transforms'] {
  const rule = base.fields.find((r) => r.field === field);
  if (rule?.transforms) return rule.transforms;
  const s = SYNONYMS.find((x) => x.field === field);
  return s ? s.transforms : ['trim'];
}

/**
 * Apply the confirmed/corrected assignments to the base template: each assigned field reads exactly its column;
 * fields no column is assigned to keep only their default (or go); rules without columns (defaults, constants) stay.
 */
export function applyAssignments(base: MappingTemplate, columns: ColumnAssignment[], name?: string, description?: string): MappingTemplate {
  const byField = new Map<string, string>();
  for (const c of columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c.column);
  const fields: FieldRule[] = [];
  const placed = new Set<string>();
  for (const r of base.fields) {
    if (r.column === undefined && r.concat === undefined) {
      fields.push(r);
      continue;
    }
    const col = byField.get(r.field);
    if (col !== undefined && !placed.has(r.field)) {
      placed.add(r.field);
      const { when, ...rest } = r;
      fields.push({ ...rest, column: col, ...(when !== undefined && columnsOf(when).includes(col) ? { when: col } : {}) });
    } else if (col === undefined && columnsOf(r.column).some((c) => columns.some((a) => a.column === c && a.field && a.field !== r.field))) {
      // Derived from a column placed elsewhere (the format category from the format list): it goes with that column.
      fields.push(r);
    } else if (col === undefined && r.default !== undefined) {
      const { column: _c, concat: _k, when: _w, ...rest } = r;
      fields.push(rest);
    } else if (r.when !== undefined && r.value !== undefined) {
      // A constant that goes with a column (e.g. a classification scheme): keep it when its column is still assigned.
      const cols = columnsOf(r.when).filter((w) => columns.some((c) => c.column === w && c.field));
      if (cols.length) fields.push({ ...r, when: cols[0] });
    }
  }
  for (const [field, column] of byField) {
    if (placed.has(field) || fields.some((r) => r.field === field && r.column !== undefined)) continue;
    placed.add(field);
    fields.push({ field, column, transforms: transformsFor(base, field), ...(field === '/title' ? { required: true } : {}) });
  }
  const { $schema: _schema, ...rest } = base as MappingTemplate & { $schema?: string };
  return { $schema: TEMPLATE_SCHEMA_URL, ...rest, ...(name ? { name } : {}), description: description ?? base.description ?? 'Written by catalog init.', fields } as MappingTemplate;
}

/** Suggest a field for a header the proposal left unplaced (used as the pick list's default). */
export function suggestField(header: string): string | undefined {
  return findSynonym(header)?.field;
}

/** The first `n` records the template maps from the file, and the run report of the whole file. */
export async function previewRecords(file: string, template: MappingTemplate, o: { config?: WorkspaceConfig; n?: number } = {}): Promise<{ records: CatalogRecord[]; report: MapReport }> {
  const report = emptyReport(template);
  const records: CatalogRecord[] = [];
  for await (const r of mapSources([file], template, { config: o.config }, report)) if (records.length < (o.n ?? 3)) records.push(r);
  return { records, report };
}

/**
 * A proposal as `catalog map --guess` shows it: the same template `catalog init` writes (one proposal for both),
 * with each column's field (labelled where shown) and the columns left unplaced.
 */
export function proposalAsGuess(p: MappingProposal, name?: string): { template: MappingTemplate; columns: ColumnAssignment[]; unplaced: string[] } {
  const description = p.basis.kind === 'bundled' ? `Proposed by catalog map --guess: the bundled template ${p.basis.name} fitted to the headers; review before use.` : 'Proposed by catalog map --guess from the column headers; review before use.';
  const { $schema: _s, ...template } = applyAssignments(p.base, p.columns, name ?? p.base.name, description) as MappingTemplate & { $schema?: string };
  return {
    template,
    columns: p.columns.map((c) => (c.field ? { column: c.column, field: c.field } : { column: c.column, ...(c.runnerUpOf ? { runnerUpOf: c.runnerUpOf } : {}) })),
    unplaced: p.columns.filter((c) => !c.field).map((c) => c.column),
  };
}
