import { ReadError } from './row.js';
import type { ReadOptions, SourceFormat } from './options.js';
import { sniffFormat } from './sniff.js';
import { readCsv, type CsvInfo } from './csv.js';
import { withoutTrailingNotes } from './footer-stream.js';
import { readJson, readJsonl } from './json.js';
import { readXml } from './xml.js';
import { loadWorkbook } from './workbook.js';
import { selectSheets, sheetHeader, sheetRows } from './sheets.js';
import { largestSheetBytes, planXlsxStream, streamXlsxRows, XLSX_STREAM_MIN_BYTES } from './xlsxstream.js';
import fs from 'node:fs';
import { encodingName, type EncodingGuess } from './encoding.js';

/** What a sheet (or the single table of a CSV/JSON/XML file) holds. */
export interface SheetSummary {
  /** Sheet name; undefined for CSV/JSON/XML. */
  name?: string;
  index: number;
  /** 1-based header row (0 when headerless or not applicable). */
  headerRow: number;
  columns: string[];
  /** Data rows (non-empty rows below the header, records for JSON/XML). */
  rows: number;
  /** Rows with a warning (e.g. ragged CSV rows). */
  warnings: number;
  merges?: number;
  /** Rows after the table skipped as footers or notes (1-based), if any. */
  skipped?: number[];
}

export interface SourceInspection {
  file: string;
  format: SourceFormat;
  /** Text encoding (UTF-8, GB18030, Big5…); null for binary workbooks. */
  encoding: string | null;
  /** Encoding confidence 0–100 (100 for BOM, valid UTF-8 or --encoding); null for binary workbooks. */
  confidence: number | null;
  encodingSource?: EncodingGuess['source'];
  delimiter?: string;
  recordPath?: string;
  nulChars?: number;
  sheets: SheetSummary[];
}

function encodingFields(e?: EncodingGuess): Pick<SourceInspection, 'encoding' | 'confidence' | 'encodingSource'> {
  return e ? { encoding: encodingName(e.encoding), confidence: e.confidence, encodingSource: e.source } : { encoding: null, confidence: null };
}

/** Count rows and collect columns of a row stream. */
async function summarise(rows: AsyncIterable<{ values: Record<string, unknown>; warnings?: unknown[] }>): Promise<{ rows: number; warnings: number; columns: string[] }> {
  let n = 0, w = 0;
  const cols = new Set<string>();
  for await (const r of rows) {
    n++;
    if (r.warnings?.length) w++;
    for (const k of Object.keys(r.values)) if (cols.size < 500) cols.add(k);
  }
  return { rows: n, warnings: w, columns: [...cols] };
}

/**
 * Describe a source without mapping it: format (by content), encoding and confidence, and per sheet the header row,
 * columns and number of data rows (like csvkit's csvstat / in2csv --names).
 */
export async function inspectSource(file: string, options: ReadOptions = {}): Promise<SourceInspection> {
  const format = options.format ?? sniffFormat(file);
  if (format === 'csv') {
    const info: CsvInfo = { stats: { nulChars: 0, lines: 1 } };
    const skipped: number[] = [];
    const s = await summarise(readCsv(file, { ...options, onSkip: (r) => skipped.push(r.row) }, info));
    const columns = info.columns ?? [];
    return {
      file, format, ...encodingFields(info.encoding), delimiter: info.delimiter, nulChars: info.stats.nulChars,
      sheets: [{ index: 1, headerRow: info.headerRow ?? 0, columns, rows: s.rows, warnings: s.warnings, ...(skipped.length ? { skipped } : {}) }],
    };
  }
  if (format === 'json' || format === 'jsonl') {
    const s = await summarise(format === 'json' ? readJson(file) : readJsonl(file));
    return { file, format, encoding: 'UTF-8', confidence: 100, sheets: [{ index: 1, headerRow: 0, columns: s.columns, rows: s.rows, warnings: 0 }] };
  }
  if (format === 'xml') {
    const found: { recordPath?: string; encoding?: EncodingGuess } = {};
    const s = await summarise(readXml(file, options, found));
    return { file, format, ...encodingFields(found.encoding), recordPath: found.recordPath, sheets: [{ index: 1, headerRow: 0, columns: s.columns, rows: s.rows, warnings: 0 }] };
  }
  if (format === 'xlsx') {
    const streamed = await inspectLargeXlsx(file, options);
    if (streamed) return streamed;
  }
  if (format === 'xls' || format === 'xlsx' || format === 'html') {
    const wb = loadWorkbook(file, format, options);
    const sheets: SheetSummary[] = [];
    for (const grid of selectSheets(file, wb.sheets, options.sheet)) {
      if (grid.rowCount === 0) {
        sheets.push({ name: grid.name, index: grid.index, headerRow: 0, columns: [], rows: 0, warnings: 0, merges: grid.merges.length });
        continue;
      }
      const h = sheetHeader(file, grid, options);
      let rows = 0;
      const skipped: number[] = [];
      for (const _ of sheetRows(file, grid, h, { ...options, onSkip: (s) => skipped.push(s.row) })) rows++;
      sheets.push({ name: grid.name, index: grid.index, headerRow: h.headerRow, columns: h.columns.map((i) => h.names[i]), rows, warnings: 0, merges: grid.merges.length, ...(skipped.length ? { skipped } : {}) });
    }
    return { file, format, ...encodingFields(wb.encoding), sheets };
  }
  throw new ReadError('format-unsupported', { file, detail: String(format) });
}

/** A large plain-table .xlsx described through the streaming reader (same rule as readSheets); undefined: use SheetJS. */
async function inspectLargeXlsx(file: string, options: ReadOptions): Promise<SourceInspection | undefined> {
  const bytes = fs.readFileSync(file);
  if (largestSheetBytes(file, bytes) < XLSX_STREAM_MIN_BYTES) return undefined;
  const plan = planXlsxStream(file, bytes, options);
  if ('fallback' in plan) return undefined;
  const counts = new Map<string, number>();
  const skipped = new Map<string, number[]>();
  const onSkip = (r: { sheet?: string; row: number }) => skipped.set(r.sheet!, [...(skipped.get(r.sheet!) ?? []), r.row]);
  const rows = (function* () { for (const batch of streamXlsxRows(plan)) yield* batch; })();
  const kept = options.header === false || options.footerRows === 0 ? rows : withoutTrailingNotes(rows, { explicit: options.footerRows, onSkip });
  for await (const r of kept) counts.set(r.provenance.sheet!, (counts.get(r.provenance.sheet!) ?? 0) + 1);
  const sheets: SheetSummary[] = plan.sheets.map((s) => s.header && s.rowCount > 0
    ? { name: s.name, index: s.index, headerRow: s.header.headerRow, columns: s.header.columns.map((i) => s.header!.names[i]), rows: counts.get(s.name) ?? 0, warnings: 0, merges: 0, ...(skipped.has(s.name) ? { skipped: skipped.get(s.name) } : {}) }
    : { name: s.name, index: s.index, headerRow: 0, columns: [], rows: 0, warnings: 0, merges: 0 });
  return { file, format: 'xlsx', encoding: null, confidence: null, sheets };
}
