import type { CellRef, Provenance } from '../model/record.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding, as data (after Frictionless's error model). `code` is stable and documented in
 * docs/error-codes.md; `message` is already rendered in the requested language.
 */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  /** JSON pointer into the record ("" for the whole record or file-level issues). */
  path: string;
  /** File/sheet/row/column of the offending cell when known. */
  provenance?: Provenance | (CellRef & { file: string; line?: number });
  /** Index of the record in the input (0-based), when the issue is about a record. */
  record?: number;
  /** Rule id (profile rule or engine rule) that produced the issue. */
  rule?: string;
  /** The offending value, if any. */
  value?: unknown;
  /** Message parameters, for machine consumers. */
  params?: Record<string, unknown>;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
