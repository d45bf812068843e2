import fs from 'node:fs';
import { CsvRecords, type ParsedRecord } from '../readers/csvparse.js';
import { CsvRowMaker, START_CARRY, type CsvCarry, type FedText } from '../readers/csvrows.js';
import { badLineOffset, encodingName } from '../readers/encoding.js';
import { ReadError, type SourceRow } from '../readers/row.js';
import type { ReadOptions } from '../readers/options.js';
import { headerNames } from '../readers/columns.js';

/**
 * The single-thread reader decodes a file in 64 KiB reads (src/readers/encoding.ts); a range is read in pieces that
 * never cross those boundaries, so an undecodable byte is reported on the same line either way.
 */
const READ = 64 * 1024;

/** How to read a CSV file in byte ranges (src/parallel/split.ts decides it from the file's head). */
export interface CsvPlan {
  file: string;
  size: number;
  /** An ASCII-compatible encoding: its multi-byte characters never contain the bytes of '"', ',' or "\n". */
  encoding: string;
  delimiter: string;
  recordDelimiter: '\n' | '\r\n';
  read: ReadOptions;
}

/** The numbering state at a range's start: the reader's carry and the line feeds before it (for decoding errors). */
export interface RangeCarry {
  csv: CsvCarry;
  newlines: number;
}

export const START_RANGE: RangeCarry = { csv: START_CARRY, newlines: 0 };

/** Where reading a range stopped for good (reported after its rows, as the single-thread reader would). */
type Stop =
  | { kind: 'csv'; error: { code?: string; lines?: number; message?: string } }
  | { kind: 'invalid-bytes'; at: number }
  | { kind: 'replacement-char'; newlines: number }
  | { kind: 'truncated' };

/** A parsed range: its records, kept until the numbering before it is known. */
export interface ParsedRange {
  start: number;
  /** Where its last record ends (a proven record boundary), or the end of the file. */
  end: number;
  records: ParsedRecord[];
  fed: FedText;
  /** The carry this range adds (its numbering as if it started the file). */
  delta: CsvCarry;
  /** Line feeds in [start, end). */
  newlines: number;
  /** Cells of its first records, enough to name the header if the header row falls here. */
  head: string[][];
  stop?: Stop;
}

/** What the coordinator needs of a parsed range to number the next one. */
export type RangeSummary = Pick<ParsedRange, 'start' | 'end' | 'delta' | 'newlines' | 'head'> & { stopped: boolean };

export function summaryOf(p: ParsedRange): RangeSummary {
  return { start: p.start, end: p.end, delta: p.delta, newlines: p.newlines, head: p.head, stopped: !!p.stop };
}

/** The carry after a range, from the carry before it and what it adds. */
export function nextCarry(c: RangeCarry, s: RangeSummary, read: ReadOptions): RangeCarry {
  const d = s.delta;
  let names = c.csv.names;
  const headerRow = read.header === false ? undefined : read.headerRow ?? 1;
  if (headerRow !== undefined && c.csv.records < headerRow && headerRow <= c.csv.records + d.records) names = headerNames(s.head[headerRow - c.csv.records - 1]);
  return {
    csv: {
      records: c.csv.records + d.records,
      lineOffset: c.csv.lineOffset + d.lineOffset,
      lastEnd: d.records ? c.csv.lineOffset + d.lastEnd : c.csv.lastEnd,
      width: Math.max(c.csv.width, d.width),
      ...(names ? { names } : {}),
    },
    newlines: c.newlines + s.newlines,
  };
}

const countByte = (b: Buffer, byte: number) => {
  let n = 0;
  for (let i = b.indexOf(byte); i !== -1; i = b.indexOf(byte, i + 1)) n++;
  return n;
};
const countNlText = (s: string, end = s.length) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function readAt(fd: number, pos: number, len: number): Buffer {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const n = fs.readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/**
 * Parse the records of the range that starts at `start` (a proven record boundary) and ends with the first record
 * that reaches `end`: when `end` falls inside a quoted cell, the range reads on to where that record ends, which
 * csv-parse itself proves to be a record boundary. Reading starts as the single-thread reader would at `start`.
 */
export function parseRange(plan: CsvPlan, start: number, end: number): ParsedRange {
  const fd = fs.openSync(plan.file, 'r');
  try {
    const r = new RangeParser(plan, fd, start);
    r.readRange(end);
    r.readOn();
    r.finish();
    return r.result();
  } finally {
    fs.closeSync(fd);
  }
}

/** The state of parsing one range: the text fed to csv-parse so far, its records, and where reading stopped. */
class RangeParser {
  readonly fed: FedText = { bytes: 0, tail: '', done: false };
  readonly records: ParsedRecord[] = [];
  readonly head: string[][] = [];
  private readonly maker: CsvRowMaker;
  private readonly parser: CsvRecords;
  private readonly decoder: TextDecoder;
  /** UTF-8 offset of the range's end in the text fed, once all of the range is fed. */
  private target = Infinity;
  /** UTF-8 end of the first record that reaches `target`: where the range ends. */
  private stopAt = -1;
  private pos: number;
  private newlines = 0;
  private stop?: Stop;
  /** UTF-8 end of each piece fed → its file end (pieces after `end` end at line feeds, where records end). */
  private readonly ends = new Map<number, number>();

  constructor(private plan: CsvPlan, private fd: number, private start: number) {
    const first = start === 0;
    const headerRow = plan.read.header === false ? 0 : plan.read.headerRow ?? 1;
    const rd = Buffer.from(plan.recordDelimiter);
    this.pos = start;
    this.maker = new CsvRowMaker(plan.file, plan.read, START_CARRY, this.fed);
    this.decoder = new TextDecoder(plan.encoding, { fatal: true });
    this.parser = new CsvRecords({ delimiter: plan.delimiter, recordDelimiter: first ? undefined : plan.recordDelimiter, bom: first }, (r) => {
      if (this.stopAt >= 0) return;
      this.records.push(r);
      if (this.head.length < headerRow) this.head.push(r.cells);
      this.maker.count(r, rd);
      if (r.bytes >= this.target) this.stopAt = r.bytes;
    });
  }

  /** Decode and parse the next bytes; false once reading has stopped for good. */
  private feed(bytes: Buffer): boolean {
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: true });
    } catch {
      this.stop = { kind: 'invalid-bytes', at: Math.floor(this.pos / READ) * READ };
      return false;
    }
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      this.stop = { kind: 'replacement-char', newlines: this.newlines + countNlText(text, bad) };
      return false;
    }
    this.newlines += countByte(bytes, 10);
    this.pos += bytes.length;
    if (text.includes('\0')) text = text.replace(/\0/g, '');
    if (!text) return true;
    const buf = Buffer.from(text);
    const fed = this.fed;
    fed.bytes += buf.length;
    fed.tail = (fed.tail + text.slice(-2)).slice(-2);
    this.ends.set(fed.bytes, this.pos);
    try {
      this.parser.write(buf);
    } catch (err) {
      this.stop = { kind: 'csv', error: csvError(err) };
      return false;
    }
    return true;
  }

  /** The range itself, in pieces aligned on the 64 KiB reads. */
  readRange(end: number): void {
    while (this.pos < Math.max(end, this.start) && this.feed(readAt(this.fd, this.pos, Math.min(end, (Math.floor(this.pos / READ) + 1) * READ) - this.pos)));
    this.target = this.fed.bytes;
  }

  /** Then line by line (never across a 64 KiB boundary) until a record reaches the range's end, or the file ends. */
  readOn(): void {
    let block: Buffer = Buffer.alloc(0);
    let blockAt = this.pos;
    while (!this.stop && this.stopAt < 0 && this.pos < this.plan.size) {
      if (this.pos >= blockAt + block.length) {
        blockAt = this.pos;
        block = readAt(this.fd, this.pos, Math.min(READ, (Math.floor(this.pos / READ) + 1) * READ - this.pos));
      }
      const nl = block.indexOf(10, this.pos - blockAt);
      const piece = block.subarray(this.pos - blockAt, nl === -1 ? block.length : nl + 1);
      if (!this.feed(piece)) break;
    }
  }

  /** When the range reaches the end of the file: every record left is its own. */
  finish(): void {
    if (this.stop || this.stopAt >= 0) return;
    let tail: string;
    try {
      tail = this.decoder.decode();
    } catch {
      this.stop = { kind: 'truncated' };
      return;
    }
    if (tail) throw new Error('decoder held back text at the end of a file it did not report as truncated');
    this.target = Infinity;
    this.fed.done = true;
    try {
      this.parser.end();
    } catch (err) {
      this.stop = { kind: 'csv', error: csvError(err) };
    }
  }

  result(): ParsedRange {
    let stopEnd = this.pos;
    let newlines = this.newlines;
    if (this.stopAt >= 0) {
      const e = this.ends.get(this.stopAt);
      if (e === undefined) throw new Error(`a record ended at UTF-8 offset ${this.stopAt}, not at a piece end`);
      stopEnd = e;
      // Line feeds counted beyond the range's end belong to the next range.
      if (e < this.pos) newlines -= countByte(readAt(this.fd, e, this.pos - e), 10);
    }
    const { records, fed, head, stop } = this;
    const linesEnd = records.length ? records[records.length - 1].lines + 1 : 1;
    return { start: this.start, end: stopEnd, records, fed, delta: this.maker.carry(linesEnd), newlines, head, ...(stop ? { stop } : {}) };
  }
}

function countFile(file: string, from: number, to: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    return countByte(readAt(fd, from, to - from), 10);
  } finally {
    fs.closeSync(fd);
  }
}

function csvError(err: unknown): Extract<Stop, { kind: 'csv' }>['error'] {
  const e = err as { code?: string; lines?: number; message?: string };
  return { code: e.code, lines: e.lines, message: e.message ?? String(err) };
}

/**
 * The rows of a parsed range, numbered from the carry before it, in order; then the error that stopped it, if any,
 * as the single-thread reader reports it.
 */
export function* rangeRows(plan: CsvPlan, p: ParsedRange, carry: RangeCarry): Generator<SourceRow> {
  const maker = new CsvRowMaker(plan.file, plan.read, carry.csv, p.fed);
  const rd = Buffer.from(plan.recordDelimiter);
  for (const r of p.records) {
    const row = maker.row(r, rd);
    if (row) yield row;
  }
  if (!p.stop) return;
  const file = plan.file;
  const encoding = encodingName(plan.encoding);
  switch (p.stop.kind) {
    case 'csv': throw maker.error(p.stop.error);
    case 'replacement-char': throw new ReadError('encoding-replacement-char', { file, line: 1 + carry.newlines + p.stop.newlines, encoding });
    case 'truncated': throw new ReadError('encoding-invalid-bytes', { file, line: 1 + carry.newlines + p.newlines, encoding });
    case 'invalid-bytes': {
      const a = p.stop.at;
      const before = carry.newlines + (a >= p.start ? countFile(file, p.start, a) : -countFile(file, a, p.start));
      const fd = fs.openSync(file, 'r');
      let chunk: Buffer;
      try {
        chunk = readAt(fd, a, READ);
      } finally {
        fs.closeSync(fd);
      }
      throw new ReadError('encoding-invalid-bytes', { file, line: 1 + before + badLineOffset(chunk, plan.encoding), encoding });
    }
  }
}
