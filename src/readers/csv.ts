import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ReadError, type SourceRow, type RowWarning } from './row.js';
import { MAX_VALUE_CHARS, type ReadOptions } from './options.js';
import { chooseEncoding, decodeFile, readHead, type DecodeStats, type EncodingGuess } from './encoding.js';
import { columnLetter, headerNames, positionNames } from './columns.js';
import type { CellRef } from '../model/record.js';
import './messages.js';

const DELIMITERS = [',', '\t', ';', '|'];
/** Characters handed to csv-parse at a time. */
const PIECE = 4 * 1024;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/**
 * Pick the delimiter whose per-line count (outside quotes) is most consistent over the first lines,
 * preferring more columns. Returns "," when nothing fits.
 */
export function sniffDelimiter(text: string): string {
  const lines = logicalLines(text, 30);
  if (lines.length === 0) return ',';
  let best = ',', bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 0, modeN = 0;
    for (const [c, n] of freq) if (n > modeN || (n === modeN && c > mode)) [mode, modeN] = [c, n];
    if (mode === 0) continue;
    const score = (modeN / lines.length) * 100 + Math.min(mode, 50) / 10;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Up to `max` records' worth of text, keeping quoted line breaks inside their record. */
function logicalLines(text: string, max: number): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      if (cur.trim()) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0, quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/** What a CSV read found, filled in as it goes (for inspect). */
export interface CsvInfo {
  encoding?: EncodingGuess;
  delimiter?: string;
  headerRow?: number;
  columns?: string[];
  stats: DecodeStats;
}

/**
 * Stream rows from a CSV/TSV file: encoding detected (or --encoding), delimiter sniffed (or --delimiter),
 * multi-line quoted cells, ragged rows kept with a warning. Row numbers count records from 1 including the header;
 * `line` is the physical line where the record starts.
 */
export async function* readCsv(file: string, options: ReadOptions = {}, info: CsvInfo = { stats: { nulChars: 0, lines: 1 } }): AsyncGenerator<SourceRow> {
  const enc = chooseEncoding(file, options.encoding, options.encoding ? undefined : readHead(file));
  info.encoding = enc;
  const chunks = decodeFile(file, enc.encoding, info.stats);
  const first = await chunks.next();
  if (first.done) return;
  const delimiter = options.delimiter ? unescapeDelimiter(options.delimiter) : sniffDelimiter(first.value.slice(0, 64 * 1024));
  info.delimiter = delimiter;

  // What the start-line arithmetic needs to know about the text fed to csv-parse: its UTF-8 length, its last
  // two characters, and whether it is all fed (see startLineOf).
  const fed = { bytes: 0, tail: '', done: false };
  async function* all(): AsyncGenerator<string> {
    for (let c: IteratorResult<string> = first; !c.done; c = await chunks.next()) {
      fed.bytes += Buffer.byteLength(c.value);
      fed.tail = (fed.tail + c.value.slice(-2)).slice(-2);
      // csv-parse turns a whole written chunk into records at once, and they wait for the consumer; fed 4 K
      // characters at a time, fewer records are in flight, so fewer survive a young-generation collection (at
      // 64 K, about twice as much garbage reached the old generation).
      const text = c.value;
      for (let at = 0; at < text.length;) {
        let end = Math.min(at + PIECE, text.length);
        if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++; // never split a surrogate pair
        yield at === 0 && end === text.length ? text : text.slice(at, end);
        at = end;
      }
    }
    fed.done = true;
  }
  // A delimiter containing a line break would make line breaks vanish from the cells: keep csv-parse's `raw` then.
  const useRaw = /[\r\n]/.test(delimiter);
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, raw: useRaw, bom: true, max_record_size: MAX_VALUE_CHARS });
  const source = Readable.from(all(), { objectMode: false });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);

  const hasHeader = options.header !== false;
  const headerRow = hasHeader ? options.headerRow ?? 1 : undefined;
  info.headerRow = headerRow;
  let names: string[] | undefined = hasHeader ? undefined : [];
  let recordNo = 0;
  let lastEnd = 0;
  // quoted "\r\n" pairs csv-parse has counted as two lines so far (see startLineOf)
  const drift = { lines: 0 };
  try {
    for await (const out of parser as AsyncIterable<{ record: string[]; info: CsvRecordInfo; raw?: string }>) {
      recordNo++;
      const cells = out.record;
      const startLine = out.raw !== undefined
        ? out.info.lines - countNl(out.raw) + (out.raw.endsWith('\n') ? 1 : 0) // line breaks inside the record, not its final one
        : startLineOf(cells, out.info, (parser as unknown as { options: { record_delimiter: Buffer[] } }).options.record_delimiter, fed, drift);
      lastEnd = out.info.lines - drift.lines;
      if (hasHeader && recordNo < headerRow!) continue;
      if (hasHeader && recordNo === headerRow) {
        names = headerNames(cells);
        info.columns = names;
        continue;
      }
      if (!hasHeader && cells.length > names!.length) {
        names = positionNames(cells.length);
        info.columns = names;
      }
      yield toRow(file, cells, names!, recordNo, startLine, hasHeader);
    }
  } catch (err) {
    if (err instanceof ReadError) throw err;
    const e = err as { code?: string; lines?: number; message?: string };
    // An unclosed quote is reported by csv-parse at the end of the file; the record it opened starts after the last good one.
    if (e.code === 'CSV_MAX_RECORD_SIZE') throw new ReadError('value-too-large', { file, line: lastEnd + 1, max: MAX_VALUE_CHARS });
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new ReadError('csv-parse-error', { file, line: lastEnd + 1, detail: 'a quoted cell that starts in this record is never closed' });
    throw new ReadError('csv-parse-error', { file, line: e.lines !== undefined ? e.lines - drift.lines : '?', detail: (e.message ?? String(err)).replace(/^Invalid[^:]*:\s*/, '') });
  } finally {
    source.destroy();
  }
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

/** The parts of csv-parse's per-record `info` the reader uses. */
interface CsvRecordInfo {
  /** csv-parse's line counter when the record was emitted. */
  lines: number;
  /** Bytes consumed up to the end of the record (and of its record delimiter). */
  bytes: number;
}

/**
 * The physical line a record starts on (a line break is "\r\n", "\r" or "\n"), from csv-parse's line counter
 * when the record is emitted, without csv-parse's `raw` option (which copies every byte a second time and costs
 * ~15 % of the parse). The counter stands on the record's last line, counting skipped blank lines; stepping back
 * over the line breaks inside its cells gives its first line. A file whose last character is a "\n" that is not
 * the record delimiter (files with "\r\n" or "\r" line ends) ends that record one line further.
 */
function startLineOf(cells: string[], info: CsvRecordInfo, recordDelimiter: Buffer[], fed: { bytes: number; tail: string; done: boolean }, drift: { lines: number }): number {
  // csv-parse's line counter advances once per "\n" and once per "\r" inside cells, so a quoted "\r\n" counts
  // twice; a person (and an editor) sees one line break there. Step back over all of them for this record's
  // start, and keep the extra count of "\r\n" pairs so later records are not shifted by it.
  let advance = 0;
  let pairs = 0;
  for (const c of cells) {
    if (c.indexOf('\n') !== -1) advance += countNl(c);
    if (c.indexOf('\r') !== -1) for (let i = 0; i < c.length; i++) if (c.charCodeAt(i) === 13) { advance++; if (c.charCodeAt(i + 1) === 10) pairs++; }
  }
  const rd = recordDelimiter[0];
  let line = info.lines - advance - drift.lines;
  drift.lines += pairs;
  const lf = rd !== undefined && rd.length === 1 && rd[0] === 10;
  if (!lf && fed.done && info.bytes === fed.bytes && fed.tail.endsWith('\n') && !(rd !== undefined && rd.length === 2 && fed.tail === '\r\n')) line++;
  return line;
}

function countNl(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/** "\t", "tab", "\\t" → a tab; anything else as given. */
function unescapeDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  return d;
}
