import type { SkippedRow } from './footer.js';

/** Formats a source file can be sniffed as (by content, never by extension). */
export type SourceFormat = 'csv' | 'xlsx' | 'xls' | 'html' | 'xml' | 'json' | 'jsonl';

/** Options shared by readSource, readGrid and inspectSource. */
export interface ReadOptions {
  /** Text encoding override (utf-8, gb18030, gbk, big5, utf-16le…); default: detected. */
  encoding?: string;
  /** CSV delimiter override; default: sniffed among , ; tab |. */
  delimiter?: string;
  /** false: the file has no header row; columns are named "1", "2", …. Default true. */
  header?: boolean;
  /** Sheet name or 1-based index; default every sheet. */
  sheet?: string | number;
  /** 1-based header row (sheets and CSV); default auto-detected for sheets, 1 for CSV. */
  headerRow?: number;
  /** XML: slash-separated element path of a record from the root, e.g. "catalog/record"; default auto. */
  recordPath?: string;
  /** Sheets: the last this many non-empty rows are footers, not data (default: detected; 0: none). */
  footerRows?: number;
  /** Sheets: told about each row below the table skipped as a footer or note (see readers/footer.ts). */
  onSkip?: (row: SkippedRow) => void;
  /** Skip content sniffing and read as this format. */
  format?: SourceFormat;
  /** Told the length of each chunk of input bytes read (progress by bytes; a whole-file reader tells the size once). */
  onBytes?: (bytes: number) => void;
}

/** Longest single value (cell, XML text or attribute) a reader accepts: far above Excel's 32,767-character cell limit; longer input is hostile (project choice). */
export const MAX_VALUE_CHARS = 1024 * 1024;
