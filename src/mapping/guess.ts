import { readSource } from '../readers/source.js';
import type { ReadOptions } from '../readers/options.js';
import { fieldLabel } from '../model/record.js';
import type { Lang } from '../i18n/lang.js';
import type { FieldRule, MappingTemplate } from './template.js';
import { findSynonymInContext, type Synonym } from './synonyms.js';

/** What `--guess` decided for one column. */
export interface GuessedColumn {
  column: string;
  meaning?: string;
  field?: string;
  label?: string;
}

export interface GuessResult {
  template: MappingTemplate;
  columns: GuessedColumn[];
  /** Columns with no known meaning: they will land in record.extensions. */
  unplaced: string[];
}

/** Rows sampled to collect headers (JSON objects may differ in their keys). */
const SAMPLE_ROWS = 200;

/**
 * Propose a template from header names: one rule per recognised column (a merged parent header gives context, see
 * findSynonymInContext); a field is taken by its first column only; a field derived from another column (the format
 * category from the format list) is left to a column that holds it directly.
 */
export function guessFromHeaders(headers: string[], o: { lang?: Lang; read?: ReadOptions; name?: string } = {}): GuessResult {
  const lang = o.lang ?? 'en';
  const fields: FieldRule[] = [];
  const columns: GuessedColumn[] = [];
  const unplaced: string[] = [];
  const taken = new Map<string, Synonym>();
  const meanings = headers.map((h) => findSynonymInContext(h));
  headers.forEach((h, i) => {
    const s = meanings[i];
    if (s && !taken.has(s.field)) taken.set(s.field, s);
  });
  const used = new Set<string>();
  headers.forEach((h, i) => {
    const s = meanings[i];
    if (!s || taken.get(s.field) !== s || used.has(s.field)) {
      unplaced.push(h);
      columns.push({ column: h });
      return;
    }
    used.add(s.field);
    fields.push({ field: s.field, column: h, transforms: s.transforms, ...(s.field === '/title' ? { required: true } : {}) });
    for (const w of s.with ?? []) fields.push({ field: w.field, value: w.value, when: h });
    for (const a of s.also ?? []) if (!taken.has(a.field)) fields.push({ field: a.field, column: h, transforms: a.transforms });
    const label = fieldLabel(s.field, lang);
    columns.push({ column: h, meaning: s.meaning, field: s.field, label: label === s.field ? s.meaning : label });
  });
  const source: MappingTemplate['source'] = {};
  if (o.read?.sheet !== undefined) source.sheet = o.read.sheet;
  if (o.read?.headerRow) source.headerRow = o.read.headerRow;
  if (o.read?.encoding) source.encoding = o.read.encoding;
  const template: MappingTemplate = {
    name: o.name ?? 'guessed',
    description: 'Proposed by catalog map --guess from the column headers; review before use.',
    source: { layout: 'table', ...source },
    fields,
  };
  return { template, columns, unplaced };
}

/** Read the headers of one or more sources (their first rows) and propose one template for all of them. */
export async function guessTemplate(files: string | string[], o: { lang?: Lang; read?: ReadOptions; name?: string } = {}): Promise<GuessResult> {
  const headers: string[] = [];
  const seen = new Set<string>();
  for (const file of Array.isArray(files) ? files : [files]) await collectHeaders(file, o.read ?? {}, headers, seen);
  return guessFromHeaders(headers, o);
}

async function collectHeaders(file: string, read: ReadOptions, headers: string[], seen: Set<string>): Promise<void> {
  let n = 0;
  for await (const row of readSource(file, read)) {
    for (const k of Object.keys(row.values)) {
      // Flattened children of nested JSON values ("a.b") are not columns of their own.
      const parent = k.includes('.') ? k.slice(0, k.indexOf('.')) : undefined;
      if (parent && parent in row.values && typeof row.values[parent] === 'object' && row.values[parent] !== null) continue;
      if (!seen.has(k)) {
        seen.add(k);
        headers.push(k);
      }
    }
    if (++n >= SAMPLE_ROWS) break;
  }
}
