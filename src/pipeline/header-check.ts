import { inspectSource } from '../readers/inspect.js';
import type { ReadOptions } from '../readers/options.js';
import { normaliseHeader } from '../mapping/synonyms.js';
import type { Columns, MappingTemplate } from '../mapping/template.js';

/** Why a table template found nothing to map: the header row it read has none of the template's columns. */
export interface HeaderMismatch {
  file: string;
  sheet?: string;
  headerRow: number;
  /** Headers found in that row. */
  found: string[];
  /** Column names the template looks for (first name of each rule). */
  expected: string[];
  /** A row in the first rows of the sheet that does hold the template's columns, if any. */
  betterRow?: number;
  /** Another sheet whose detected header holds the template's columns, if any. */
  betterSheet?: string;
}

const namesOf = (c: Columns | undefined): string[] => (c === undefined ? [] : Array.isArray(c) ? c : [c]);

/** Rows scanned for a better header row. */
const SCAN_ROWS = 10;

function matches(template: MappingTemplate, headers: string[]): number {
  const hs = new Set(headers.map(normaliseHeader));
  return template.fields.filter((r) => namesOf(r.column).some((c) => hs.has(normaliseHeader(c)))).length;
}

/**
 * Check the header a table template reads in `file` (its sheet and header row, with `read` overrides).
 * Returns undefined when at least one of the template's columns is there (or the template has no column rules
 * or is not a table template); otherwise where the header was read, what it holds, and a better row or sheet.
 */
export async function checkTemplateHeader(file: string, template: MappingTemplate, read: ReadOptions = {}): Promise<HeaderMismatch | undefined> {
  if ((template.source?.layout ?? 'table') !== 'table') return undefined;
  const expected = template.fields.map((r) => namesOf(r.column)[0]).filter((c): c is string => !!c);
  if (!expected.length) return undefined;
  const s = template.source ?? {};
  const opts: ReadOptions = { ...(s.sheet !== undefined ? { sheet: s.sheet } : {}), ...(s.headerRow ? { headerRow: s.headerRow } : {}), ...(s.encoding ? { encoding: s.encoding } : {}) };
  for (const [k, v] of Object.entries(read)) if (v !== undefined) (opts as Record<string, unknown>)[k] = v;
  const seen = await inspectSource(file, opts);
  const sheet = seen.sheets[0];
  if (!sheet || seen.sheets.some((x) => matches(template, x.columns) > 0)) return undefined;
  const out: HeaderMismatch = { file, sheet: sheet.name, headerRow: sheet.headerRow, found: sheet.columns, expected };
  for (let row = 1; row <= SCAN_ROWS; row++) {
    if (row === sheet.headerRow) continue;
    const again = await inspectSource(file, { ...opts, headerRow: row });
    if (again.sheets[0] && matches(template, again.sheets[0].columns) > 0) {
      out.betterRow = row;
      break;
    }
  }
  if (out.betterRow === undefined && opts.sheet !== undefined) {
    const all = await inspectSource(file, { ...opts, sheet: undefined, headerRow: undefined });
    const other = all.sheets.find((x) => x.name !== sheet.name && matches(template, x.columns) > 0);
    if (other) out.betterSheet = other.name;
  }
  return out;
}
