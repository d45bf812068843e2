import { Parser } from 'csv-parse';
import { MAX_VALUE_CHARS } from './options.js';

/** The part of csv-parse's parser engine (`Parser#api`) driven here: the same engine its stream runs, called directly. */
interface CsvParseEngine {
  parse(buf: Buffer | undefined, end: boolean, push: (record: unknown) => void, close: () => void): Error | undefined;
  /** Live counters: `lines` is the line the engine stands on, `bytes` the end of the last record (and its record delimiter). */
  info: { lines: number; bytes: number };
  options: { record_delimiter: Buffer[] };
  state: { expectedRecordLength: number };
}

/** A record as csv-parse found it, with its line counter and byte end at that moment. */
export interface ParsedRecord {
  cells: string[];
  lines: number;
  bytes: number;
  /** The record's raw text, only with a delimiter that contains a line break (see CsvRecords). */
  raw?: string;
}

export interface CsvRecordsOptions {
  delimiter: string;
  /** Fixed record delimiter ("\n" or "\r\n"); default: csv-parse discovers it on the first line break. */
  recordDelimiter?: string;
  /** Strip a byte-order mark at the start (only the first byte range of a file has one). */
  bom: boolean;
}

/**
 * csv-parse's engine driven synchronously: bytes in, records out through a callback. The stream API costs an
 * object and a promise per record (async iteration) and `info: true` copies the counters into a new object per
 * record; here the counters are read live when the record is pushed, which gives the same figures.
 */
export class CsvRecords {
  private engine: CsvParseEngine;
  private useRaw: boolean;

  constructor(o: CsvRecordsOptions, private onRecord: (r: ParsedRecord) => void) {
    // A delimiter containing a line break would make line breaks vanish from the cells: keep csv-parse's `raw` then.
    this.useRaw = /[\r\n]/.test(o.delimiter);
    const parser = new Parser({
      delimiter: o.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, raw: this.useRaw, bom: o.bom, max_record_size: MAX_VALUE_CHARS,
      ...(o.recordDelimiter ? { record_delimiter: o.recordDelimiter } : {}),
    });
    this.engine = (parser as unknown as { api: CsvParseEngine }).api;
  }

  /** The record delimiter in use (undefined until csv-parse has seen a line break outside quotes). */
  get recordDelimiter(): Buffer | undefined {
    return this.engine.options.record_delimiter[0];
  }

  /** csv-parse's line counter now. */
  get lines(): number {
    return this.engine.info.lines;
  }

  private push = (out: unknown): void => {
    const e = this.engine;
    const cells = this.useRaw ? (out as { record: string[] }).record : (out as string[]);
    // With relax_column_count, csv-parse builds a CsvError (stack trace, a JSON copy of the record) for every record
    // whose width differs from the FIRST record's, only to count it. A title line above the header made that every
    // row (a third of the parse). Expecting the width of the last record costs nothing and changes no output.
    e.state.expectedRecordLength = cells.length;
    this.onRecord({ cells, lines: e.info.lines, bytes: e.info.bytes, ...(this.useRaw ? { raw: (out as { raw: string }).raw } : {}) });
  };

  /** Parse more bytes; throws csv-parse's error. */
  write(buf: Buffer): void {
    const err = this.engine.parse(buf, false, this.push, noop);
    if (err) throw err;
  }

  /** The input is complete: flush the last record; throws csv-parse's error (an unclosed quote…). */
  end(): void {
    const err = this.engine.parse(undefined, true, this.push, noop);
    if (err) throw err;
  }
}

const noop = () => {};
