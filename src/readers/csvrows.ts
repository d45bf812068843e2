import { ReadError, type SourceRow, type RowWarning } from './row.js';
import { MAX_VALUE_CHARS, type ReadOptions } from './options.js';
import { columnLetter, headerNames, positionNames } from './columns.js';
import type { ParsedRecord } from './csvparse.js';
import type { CellRef } from '../model/record.js';

/**
 * What numbering a run of records needs from the records before it: a CSV read in byte ranges (src/parallel)
 * starts each range with the carry of the ranges before it, so its rows are numbered as a read from the start.
 */
export interface CsvCarry {
  /** Records before (csv-parse records, header and title rows included). */
  records: number;
  /** Added to a range's own start-line figure: (csv-parse's line counter − quoted "\r\n" pairs) before the range, minus 1. */
  lineOffset: number;
  /** The line the last record before ended on (an unclosed quote is reported on the line after it). */
  lastEnd: number;
  /** Header names, once the header row has been read; for headerless input, the widest row's width so far. */
  names?: string[];
  width: number;
}

export const START_CARRY: CsvCarry = { records: 0, lineOffset: 0, lastEnd: 0, width: 0 };

/** What the start-line arithmetic needs to know about the text fed to csv-parse (see startLineOf). */
export interface FedText {
  /** UTF-8 length of the text fed so far. */
  bytes: number;
  /** Its last two characters. */
  tail: string;
  /** True once all of it is fed (csv-parse is flushing). */
  done: boolean;
}

/**
 * Turns csv-parse records into source rows: header row, row numbers (records from 1, header included) and the
 * physical line each record starts on, ragged-row warnings, and csv-parse's errors as ReadErrors on the right line.
 */
export class CsvRowMaker {
  private hasHeader: boolean;
  readonly headerRow?: number;
  private recordNo: number;
  private names?: string[];
  private width: number;
  private lastEnd: number;
  private lineOffset: number;
  /** Quoted "\r\n" pairs csv-parse has counted as two lines so far in this range (see startLineOf). */
  private drift = 0;

  constructor(private file: string, options: ReadOptions, carry: CsvCarry, private fed: FedText, private onHeader?: (names: string[]) => void) {
    this.hasHeader = options.header !== false;
    this.headerRow = this.hasHeader ? options.headerRow ?? 1 : undefined;
    this.recordNo = carry.records;
    this.lineOffset = carry.lineOffset;
    this.lastEnd = carry.lastEnd;
    this.width = carry.width;
    this.names = this.hasHeader ? carry.names : carry.names ?? (carry.width ? positionNames(carry.width) : []);
  }

  /** The carry for the records after the ones seen so far; `lines` is csv-parse's line counter when the range ended. */
  carry(lines: number): CsvCarry {
    return { records: this.recordNo, lineOffset: this.lineOffset + lines - 1 - this.drift, lastEnd: this.lastEnd, width: this.width, ...(this.names ? { names: this.names } : {}) };
  }

  /** The row of a record, or undefined for title and header rows. `recordDelimiter` is csv-parse's, once known. */
  row(r: ParsedRecord, recordDelimiter: Buffer | undefined): SourceRow | undefined {
    const cells = r.cells;
    const recordNo = ++this.recordNo;
    const startLine = this.lineOffset + (r.raw !== undefined
      ? r.lines - countNl(r.raw) + (r.raw.endsWith('\n') ? 1 : 0) // line breaks inside the record, not its final one
      : this.startLineOf(r, recordDelimiter));
    this.lastEnd = this.lineOffset + r.lines - this.drift;
    if (this.hasHeader) {
      if (recordNo < this.headerRow!) return undefined;
      if (recordNo === this.headerRow) {
        this.names = headerNames(cells);
        this.onHeader?.(this.names);
        return undefined;
      }
    } else if (cells.length > this.width) {
      this.width = cells.length;
      this.names = positionNames(cells.length);
      this.onHeader?.(this.names);
    }
    return toRow(this.file, cells, this.names!, recordNo, startLine, this.hasHeader);
  }

  /** Number a record without making its row (a first pass over a byte range, to learn the carry after it). */
  count(r: ParsedRecord, recordDelimiter: Buffer | undefined): void {
    this.recordNo++;
    this.startLineOf(r, recordDelimiter);
    this.lastEnd = this.lineOffset + r.lines - this.drift;
    if (r.cells.length > this.width) this.width = r.cells.length;
  }

  /** csv-parse's error as a ReadError naming the line. */
  error(err: unknown): ReadError {
    if (err instanceof ReadError) return err;
    const e = err as { code?: string; lines?: number; message?: string };
    const file = this.file;
    // An unclosed quote is reported by csv-parse at the end of the file; the record it opened starts after the last good one.
    if (e.code === 'CSV_MAX_RECORD_SIZE') return new ReadError('value-too-large', { file, line: this.lastEnd + 1, max: MAX_VALUE_CHARS });
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') return new ReadError('csv-parse-error', { file, line: this.lastEnd + 1, detail: 'a quoted cell that starts in this record is never closed' });
    return new ReadError('csv-parse-error', { file, line: e.lines !== undefined ? this.lineOffset + e.lines - this.drift : '?', detail: (e.message ?? String(err)).replace(/^Invalid[^:]*:\s*/, '') });
  }

  /**
   * The physical line a record starts on (a line break is "\r\n", "\r" or "\n"), from csv-parse's line counter
   * when the record is emitted, without csv-parse's `raw` option (which copies every byte a second time and costs
   * ~15 % of the parse). The counter stands on the record's last line, counting skipped blank lines; stepping back
   * over the line breaks inside its cells gives its first line. A file whose last character is a "\n" that is not
   * the record delimiter (files with "\r\n" or "\r" line ends) ends that record one line further.
   */
  private startLineOf(r: ParsedRecord, rd: Buffer | undefined): number {
    // csv-parse's line counter advances once per "\n" and once per "\r" inside cells, so a quoted "\r\n" counts
    // twice; a person (and an editor) sees one line break there. Step back over all of them for this record's
    // start, and keep the extra count of "\r\n" pairs so later records are not shifted by it.
    let advance = 0;
    let pairs = 0;
    for (const c of r.cells) {
      if (c.indexOf('\n') !== -1) advance += countNl(c);
      if (c.indexOf('\r') !== -1) for (let i = 0; i < c.length; i++) if (c.charCodeAt(i) === 13) { advance++; if (c.charCodeAt(i + 1) === 10) pairs++; }
    }
    let line = r.lines - advance - this.drift;
    this.drift += pairs;
    const fed = this.fed;
    const lf = rd !== undefined && rd.length === 1 && rd[0] === 10;
    if (!lf && fed.done && r.bytes === fed.bytes && fed.tail.endsWith('\n') && !(rd !== undefined && rd.length === 2 && fed.tail === '\r\n')) line++;
    return line;
  }
}

export function countNl(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * An object with the header names as keys, all null, to copy per row. Objects built by adding a few dozen computed
 * keys one at a time fall into V8's slow dictionary mode (~1 KB more per row); copies of an object that JSON.parse
 * built keep its fast layout. A "__proto__" header would be an own property in the copy but set the prototype when
 * assigned, so such headers keep the plain objects.
 */
const shapes = new WeakMap<string[], Record<string, unknown> | null>();
function shapeOf(names: string[]): Record<string, unknown> | null {
  let shape = shapes.get(names);
  if (shape === undefined) {
    shape = names.includes('__proto__') ? null : (JSON.parse(`{${names.map((n) => `${JSON.stringify(n)}:null`).join(',')}}`) as Record<string, unknown>);
    shapes.set(names, shape);
  }
  return shape;
}

/** "#n", the name of a cell beyond the header (ragged rows repeat the same few). */
const EXTRA_NAMES: string[] = [];
const extraName = (n: number) => (n < 1024 ? (EXTRA_NAMES[n] ??= `#${n}`) : `#${n}`);

function toRow(file: string, cells: string[], names: string[], row: number, line: number, hasHeader: boolean): SourceRow {
  const shape = shapeOf(names);
  const values: Record<string, unknown> = shape ? { ...shape } : {};
  const refs: Record<string, CellRef> = shape ? ({ ...shape } as Record<string, CellRef>) : {};
  const width = Math.max(cells.length, names.length);
  for (let i = 0; i < width; i++) {
    const key = i < names.length ? names[i] : extraName(i + 1);
    const v = cells[i];
    values[key] = v === undefined || v === '' ? null : v;
    refs[key] = { row, column: columnLetter(i + 1), header: key };
  }
  const r: SourceRow = { values, cells: refs, provenance: { file, row, line } };
  if (hasHeader && cells.length !== names.length) r.warnings = [{ code: 'ragged-row', params: { file, line, expected: names.length, actual: cells.length } }] as RowWarning[];
  return r;
}
