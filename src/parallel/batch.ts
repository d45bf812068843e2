import type { Issue } from '../issues/issue.js';
import { NumericColumns } from '../readers/footer-stream.js';

/** The outcomes of consecutive rows of one range, in order. */
export interface Batch {
  rows: number;
  blank: number;
  records: number;
  rejected: number;
  rejects: Issue[];
  /** Mapping warnings (catalog map only). */
  warnings: Issue[];
  /** catalog map: each record as a JSON line. */
  lines?: string[];
  /** catalog validate, per record: its crossKeysOf, flat (provider, 3 identifiers, title, related), */
  keys?: unknown[];
  /** JSON of its crossRecordView (parsed only when a cross-record issue needs it), */
  views?: string[];
  /** and JSON of [record's position in this batch, its single-record issues][] for the records that have any. */
  issues?: string;
  /** Rows after the batch's last row that cannot be a footer, one by one: each may be a footer (footer-filter.ts). */
  tail?: TailRow[];
  /** What the batch's rows taught about columns of numbers (footer detection, readers/footer-stream.ts). */
  numeric?: Pick<NumericColumns, 'seen' | 'broken'>;
}

/** What deciding whether a row is a footer needs to know of it, without the row (src/parallel/footer-row.ts). */
export interface TailInfo {
  row: number;
  /** Its distinct non-empty values, joined (the report's text of a skipped row). */
  text: string;
  empty: boolean;
  /** A value opens like a footer or note (填表人：, 注：…). */
  footerText: boolean;
  /** Its values, when text in a column of numbers would make it a note. */
  values?: Record<string, unknown>;
}

/** A row that may be a footer, with its outcome as a batch of its own (dropped if it is one). */
export interface TailRow extends TailInfo {
  part: Batch;
}

/** Lengths of a batch's lists at a row's start: where to cut it. */
interface Mark {
  rows: number;
  blank: number;
  records: number;
  rejected: number;
  rejects: number;
  warnings: number;
  items: number;
  issues: number;
}

/**
 * Builds a worker's batches row by row. Rows that may be footers are marked; when a row that cannot be one follows,
 * the marks are forgotten (a footer run that data follows is data), so only a batch's trailing run is cut into
 * one-row parts for the main thread to keep or drop.
 */
export class BatchBuilder {
  private b!: Batch;
  private issues: [number, Issue[]][] = [];
  private pending: { mark: Mark; info: TailInfo }[] = [];
  /** Rows mapped into this batch. */
  size = 0;
  /** What this batch's rows teach about columns of numbers, when footers are looked for. */
  learned?: NumericColumns;

  constructor(private check: boolean, private footers: boolean) {
    this.reset();
  }

  private reset(): void {
    this.b = { rows: 0, blank: 0, records: 0, rejected: 0, rejects: [], warnings: [], ...(this.check ? { keys: [], views: [] } : { lines: [] }) };
    this.issues = [];
    this.pending = [];
    this.size = 0;
    this.learned = this.footers ? new NumericColumns() : undefined;
  }

  /** Before a row's outcome: `info` if it may be a footer, else undefined. */
  row(info: TailInfo | undefined): void {
    this.size++;
    if (!info) this.pending = [];
    else this.pending.push({ mark: this.mark(), info });
  }

  blank(): void {
    this.b.blank++;
  }

  reject(issue: Issue, warnings: Issue[]): void {
    this.b.rows++;
    this.b.rejected++;
    this.b.rejects.push(issue);
    if (!this.check) for (const w of warnings) this.b.warnings.push(w);
  }

  /** catalog map: a record's JSON line. */
  line(json: string, warnings: Issue[]): void {
    this.b.rows++;
    this.b.records++;
    this.b.lines!.push(json);
    for (const w of warnings) this.b.warnings.push(w);
  }

  /** catalog validate: a record's issues, cross-record keys (flat) and view. */
  checked(found: Issue[], keys: unknown[], view: string): void {
    this.b.rows++;
    this.b.records++;
    if (found.length) this.issues.push([this.b.views!.length, found]);
    for (const k of keys) this.b.keys!.push(k);
    this.b.views!.push(view);
  }

  /** The batch so far, its trailing may-be-footer rows cut off into parts; starts the next. */
  take(): Batch {
    const end = this.mark();
    const pending = this.pending;
    const head = pending.length ? this.slice(ZERO, pending[0].mark) : this.slice(ZERO, end, true);
    if (pending.length) head.tail = pending.map((p, i) => ({ ...p.info, part: this.slice(p.mark, pending[i + 1]?.mark ?? end) }));
    const learned = this.learned;
    if (learned?.seen.size || learned?.broken.size) head.numeric = { seen: learned.seen, broken: learned.broken };
    this.reset();
    return head;
  }

  private mark(): Mark {
    const b = this.b;
    return { rows: b.rows, blank: b.blank, records: b.records, rejected: b.rejected, rejects: b.rejects.length, warnings: b.warnings.length, items: (b.views ?? b.lines!).length, issues: this.issues.length };
  }

  /** The outcomes of the rows between two marks, as a batch. */
  private slice(from: Mark, to: Mark, whole = false): Batch {
    const b = this.b;
    const cut = <T>(a: T[], f: number, t: number) => (whole ? a : a.slice(f, t));
    const out: Batch = { rows: to.rows - from.rows, blank: to.blank - from.blank, records: to.records - from.records, rejected: to.rejected - from.rejected,
      rejects: cut(b.rejects, from.rejects, to.rejects), warnings: cut(b.warnings, from.warnings, to.warnings) };
    if (!this.check) out.lines = cut(b.lines!, from.items, to.items);
    else {
      out.keys = cut(b.keys!, from.items * KEYS, to.items * KEYS);
      out.views = cut(b.views!, from.items, to.items);
      out.issues = JSON.stringify(this.issues.slice(from.issues, to.issues).map(([i, found]) => [i - from.items, found]));
    }
    return out;
  }
}

/** Cross-record keys per record (crossKeysOf, flat). */
const KEYS = 6;
const ZERO: Mark = { rows: 0, blank: 0, records: 0, rejected: 0, rejects: 0, warnings: 0, items: 0, issues: 0 };
