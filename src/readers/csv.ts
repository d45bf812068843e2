import type { SourceRow } from './row.js';
import type { ReadOptions } from './options.js';
import { chooseEncoding, decodeFile, readHead, type DecodeStats, type EncodingGuess } from './encoding.js';
import { CsvRecords } from './csvparse.js';
import { CsvRowMaker, START_CARRY, type FedText } from './csvrows.js';
import { withoutTrailingNotes } from './footer-stream.js';

const DELIMITERS = [',', '\t', ';', '|'];
/** Bytes handed to csv-parse at a time. */
const PIECE = 16 * 1024;

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

/** The delimiter to use: --delimiter (unescaped), else sniffed from the start of the text. */
export function csvDelimiter(options: ReadOptions, head: string): string {
  return options.delimiter ? unescapeDelimiter(options.delimiter) : sniffDelimiter(head.slice(0, 64 * 1024));
}

/**
 * Stream rows from a CSV/TSV file: encoding detected (or --encoding), delimiter sniffed (or --delimiter),
 * multi-line quoted cells, ragged rows kept with a warning. Row numbers count records from 1 including the header;
 * `line` is the physical line where the record starts.
 */
export async function* readCsv(file: string, options: ReadOptions = {}, info: CsvInfo = { stats: { nulChars: 0, lines: 1 } }): AsyncGenerator<SourceRow> {
  const rows = readCsvRows(file, options, info);
  // Footers and notes below the table (填表人/审核人/注…) are skipped as on sheets; never in a headerless file.
  if (options.header === false || options.footerRows === 0) yield* rows;
  else yield* withoutTrailingNotes(rows, { explicit: options.footerRows, onSkip: options.onSkip });
}

async function* readCsvRows(file: string, options: ReadOptions, info: CsvInfo): AsyncGenerator<SourceRow> {
  const enc = chooseEncoding(file, options.encoding, options.encoding ? undefined : readHead(file));
  info.encoding = enc;
  const chunks = decodeFile(file, enc.encoding, info.stats, options.onBytes);
  const first = await chunks.next();
  if (first.done) return;
  const delimiter = csvDelimiter(options, first.value);
  info.delimiter = delimiter;
  const fed: FedText = { bytes: 0, tail: '', done: false };
  const maker = new CsvRowMaker(file, options, START_CARRY, fed, (names) => (info.columns = names));
  info.headerRow = maker.headerRow;
  const rows: SourceRow[] = [];
  const parser: CsvRecords = new CsvRecords({ delimiter, bom: true }, (r) => {
    const row = maker.row(r, parser.recordDelimiter);
    if (row) rows.push(row);
  });
  for (let c: IteratorResult<string> = first; ; c = await chunks.next()) {
    try {
      if (c.done) {
        fed.done = true;
        parser.end();
      } else {
        const text = c.value;
        const buf = Buffer.from(text);
        fed.bytes += buf.length;
        fed.tail = (fed.tail + text.slice(-2)).slice(-2);
        // Fed in pieces: csv-parse turns a whole write into records at once, and they wait here for the consumer;
        // fewer in flight means fewer survive a young-generation collection.
        for (let at = 0; at < buf.length; at += PIECE) parser.write(buf.subarray(at, at + PIECE));
      }
    } catch (err) {
      // Rows read before the error first, as a consumer that stops at the error would have seen them.
      yield* rows.splice(0);
      throw maker.error(err);
    }
    for (let i = 0; i < rows.length; i++) yield rows[i];
    rows.length = 0;
    if (c.done) return;
  }
}

/** "\t", "tab", "\\t" → a tab; anything else as given. */
function unescapeDelimiter(d: string): string {
  if (d === '\\t' || d.toLowerCase() === 'tab') return '\t';
  return d;
}
