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

/** A reader that cannot continue (wrong encoding, sheet not found, disguised file…): carries a message code and params. */
export class ReadError extends Error {
  constructor(public code: string, public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}
