/** What `describe` learns about one table: structure and counts only, never a data value. */
export interface ColumnDescription {
  /** Column name as the source declares it (header, database column). */
  name: string;
  /** Column comment (COMMENT ON COLUMN, MySQL COLUMN_COMMENT), when the database has one. */
  comment?: string;
  /** The 2017 guide's 数据类型 code. */
  dataType: string;
  /** 数据长度: characters, bytes for fixed-size numbers, "precision,scale" for decimals. */
  length?: string;
  /** Declared type (database) or "inferred" (files). */
  declaredType: string;
  nullable?: boolean;
}

/** A timestamp column and the update cycle its distinct days suggest. */
export interface UpdateHint {
  column: string;
  updateCycle: string;
  /** Distinct days seen and the span they cover, in days: the basis of the hint. */
  distinctDays: number;
  spanDays: number;
}

export interface TableDescription {
  /** Table name, or the sheet name (a CSV: the file name without extension). */
  name: string;
  comment?: string;
  rows: number;
  columns: ColumnDescription[];
  format: { category: string; type: string };
  /** The source, with any password redacted. */
  source: string;
  updateHint?: UpdateHint;
  /** Limits that cut the description short (columns left out). */
  truncated?: { columns: number };
}

/** Bounds on what describe reads (docs/describe.md). */
export interface DescribeLimits {
  /** At most this many tables (a database or workbook with more is refused, naming --table). */
  maxTables: number;
  /** At most this many columns per table (more are left out and the description says so). */
  maxColumns: number;
  /**
   * Rows per sheet of a file whose values infer the column types. It bounds the values examined, not the reading:
   * the file is loaded whole by the readers (as `catalog map` loads it) and every row is counted.
   */
  sampleRows: number;
  /** Per-statement timeout, ms. */
  statementTimeoutMs: number;
  /** Connection timeout, ms. */
  connectTimeoutMs: number;
}

export const DEFAULT_DESCRIBE_LIMITS: DescribeLimits = { maxTables: 200, maxColumns: 1000, sampleRows: 10000, statementTimeoutMs: 30_000, connectTimeoutMs: 10_000 };

export interface DescribeOptions {
  /** Only these tables (names, or schema.name). */
  tables?: string[];
  /** PostgreSQL schema (default public); MySQL database (default the URL's). */
  schema?: string;
  /** For CSV files: the text encoding (default: detected). */
  encoding?: string;
  limits?: Partial<DescribeLimits>;
}
