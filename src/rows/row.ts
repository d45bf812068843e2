// The rows readers deliver and mapping reads: plain types, so mapping/ depends on them and not on readers/.
import type { CellRef } from '../model/record.js';

/** A reader's note about one row that did not stop reading (e.g. a ragged row). */
export interface RowWarning {
  code: string;
  params: Record<string, unknown>;
}

/**
 * One row from a source (CSV line, sheet row, XML element, JSON object), before mapping.
 * Readers yield these as async iterators so memory stays bounded.
 */
export interface SourceRow {
  /** Cell values keyed by header (or by position "1", "2", … for headerless input). */
  values: Record<string, unknown>;
  /** Where each value came from, keyed like `values` (sheet, 1-based row, column letter/header). */
  cells: Record<string, CellRef>;
  /** Where the row came from. */
  provenance: { file: string; sheet?: string; row: number; line?: number };
  /** Problems with this row that did not stop reading (ragged row…). */
  warnings?: RowWarning[];
}

/** A row below the table's data that is not data (a 填表人/审核人 footer, a 注/说明 note), skipped with its number. */
export interface SkippedRow {
  file: string;
  sheet?: string;
  /** 1-based row number. */
  row: number;
  /** footer: detected; template: the template's source.footerRows said so. */
  reason: 'footer' | 'template';
  /** The row's text (distinct non-empty cells joined), for the report. */
  text: string;
}
