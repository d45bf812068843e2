import type { CellRef, Provenance } from '../model/record.js';
import type { MessageRef } from './text.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding, as data (after Frictionless's error model). `code` is stable and documented in
 * docs/error-codes.md; `params` fill the code's message template (src/issues/codes.ts lists the typed ones).
 * Stages produce issues without text: `message` is filled at the edges (report renderers, CLI, the centre's
 * HTTP answers) by renderIssue (src/i18n/render-issue.ts). Stages not yet converted still fill it themselves.
 */
export interface Issue {
  code: string;
  severity: Severity;
  /** Rendered text in the reader's language: filled at the edge, absent inside the pipeline. */
  message?: string;
  /** JSON pointer into the record ("" for the whole record or file-level issues). */
  path: string;
  /** File/sheet/row/column of the offending cell when known. */
  provenance?: IssueProvenance;
  /** Index of the record in the input (0-based), when the issue is about a record. */
  record?: number;
  /** Rule id (profile rule or engine rule) that produced the issue. */
  rule?: string;
  /** The offending value, if any. */
  value?: unknown;
  /** Message parameters: plain values, bilingual texts (src/issues/text.ts) or nested messages. */
  params?: Record<string, unknown>;
  /**
   * The message to show when it is not the code's own: a finding quoted inside another (a package's record
   * error), or a code worded by another table (the centre's `centre-api.…`). Without its own params it is
   * filled from `params`. Read by renderIssue only; never part of rendered output.
   */
  wording?: MessageRef;
}

/** Where an issue points: a record's provenance, or a cell or line of a file. */
export type IssueProvenance = Provenance | (CellRef & { file: string; line?: number });

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
