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
  const first = start === 0;
  const fed: FedText = { bytes: 0, tail: '', done: false };
  const records: ParsedRecord[] = [];
  const maker = new CsvRowMaker(plan.file, plan.read, START_CARRY, fed);
  const headerRow = plan.read.header === false ? 0 : plan.read.headerRow ?? 1;
  const head: string[][] = [];
  const rd = Buffer.from(plan.recordDelimiter);
  let target = Infinity; // UTF-8 offset of `end` in the text fed, once all of the range is fed
  let stopAt = -1;
  const parser: CsvRecords = new CsvRecords({ delimiter: plan.delimiter, recordDelimiter: first ? undefined : plan.recordDelimiter, bom: first }, (r) => {
    if (stopAt >= 0) return;
    records.push(r);
    if (head.length < headerRow) head.push(r.cells);
    maker.count(r, rd);
    if (r.bytes >= target) stopAt = r.bytes;
  });
  const decoder = new TextDecoder(plan.encoding, { fatal: true });
  const fd = fs.openSync(plan.file, 'r');
  let pos = start;
  let newlines = 0;
  let stop: Stop | undefined;
  /** UTF-8 end of each piece fed → its file end (pieces after `end` end at line feeds, where records end). */
  const ends = new Map<number, number>();
  const feed = (bytes: Buffer): boolean => {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      stop = { kind: 'invalid-bytes', at: Math.floor(pos / READ) * READ };
      return false;
    }
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      stop = { kind: 'replacement-char', newlines: newlines + countNlText(text, bad) };
      return false;
    }
    newlines += countByte(bytes, 10);
    pos += bytes.length;
    if (text.includes('\0')) text = text.replace(/\0/g, '');
    if (!text) return true;
    const buf = Buffer.from(text);
    fed.bytes += buf.length;
    fed.tail = (fed.tail + text.slice(-2)).slice(-2);
    ends.set(fed.bytes, pos);
    try {
      parser.write(buf);
    } catch (err) {
      stop = { kind: 'csv', error: csvError(err) };
      return false;
    }
    return true;
  };
  try {
    // The range itself, in pieces aligned on the 64 KiB reads.
    while (pos < Math.max(end, start) && feed(readAt(fd, pos, Math.min(end, (Math.floor(pos / READ) + 1) * READ) - pos)));
    target = fed.bytes;
    // Then line by line (never across a 64 KiB boundary) until a record reaches `end`, or the file ends.
    let block: Buffer = Buffer.alloc(0);
    let blockAt = pos;
    while (!stop && stopAt < 0 && pos < plan.size) {
      if (pos >= blockAt + block.length) {
        blockAt = pos;
        block = readAt(fd, pos, Math.min(READ, (Math.floor(pos / READ) + 1) * READ - pos));
      }
      const nl = block.indexOf(10, pos - blockAt);
      const piece = block.subarray(pos - blockAt, nl === -1 ? block.length : nl + 1);
      if (!feed(piece)) break;
    }
    if (!stop && stopAt < 0) {
      let tail = '';
      try {
        tail = decoder.decode();
      } catch {
        stop = { kind: 'truncated' };
      }
      if (tail) throw new Error('decoder held back text at the end of a file it did not report as truncated');
      if (!stop) {
        // The range reaches the end of the file: every record left is its own.
        target = Infinity;
        fed.done = true;
        try {
          parser.end();
        } catch (err) {
          stop = { kind: 'csv', error: csvError(err) };
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  let stopEnd = pos;
  if (stopAt >= 0) {
    const e = ends.get(stopAt);
    if (e === undefined) throw new Error(`a record ended at UTF-8 offset ${stopAt}, not at a piece end`);
    stopEnd = e;
    // Line feeds counted beyond the range's end belong to the next range.
    if (e < pos) newlines -= countFile(plan.file, e, pos);
  }
  const linesEnd = records.length ? records[records.length - 1].lines + 1 : 1;
  return { start, end: stopEnd, records, fed, delta: maker.carry(linesEnd), newlines, head, ...(stop ? { stop } : {}) };
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
