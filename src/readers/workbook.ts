import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as XLSX from '@e965/xlsx';
import { checkZip } from './zipcheck.js';
import { ReadError } from './row.js';
import type { SourceFormat } from './options.js';
import { chooseDeclaredEncoding, type EncodingGuess } from './encoding.js';
import { cellRef } from './columns.js';
import { serialToIso } from '../rows/serial-date.js';

let codepages = false;
/**
 * Legacy BIFF8 .xls from Chinese offices store text in code page 936 (GBK); SheetJS needs the code page tables for
 * it. They take ~10 MB of heap, so they are loaded before the first workbook is read or written, not on import
 * (reading or validating a CSV never needs them, and a smaller heap also keeps V8's collection limits lower).
 */
export function ensureCodepages(): void {
  if (codepages) return;
  XLSX.set_cptable(createRequire(import.meta.url)('@e965/xlsx/dist/cpexcel.full'));
  codepages = true;
}

/** A cell value as read: text, number, boolean, ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS) as text, or empty. */
export type CellValue = string | number | boolean | null;

/** A merged range, 1-based and inclusive, with its A1-style reference. */
export interface MergeRange {
  ref: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One sheet as a 2-D grid starting at A1: `values[r-1][c-1]` is cell (row r, column c). */
export interface SheetGrid {
  name: string;
  /** 1-based position in the workbook. */
  index: number;
  /** Merges resolved: every cell of a merged range holds the value of its top-left cell. */
  values: CellValue[][];
  /** As stored: cells covered by a merge (other than its top-left) are null. */
  raw: CellValue[][];
  merges: MergeRange[];
  rowCount: number;
  columnCount: number;
}

/** A workbook (or an HTML table, or a CSV) loaded whole as grids. */
export interface LoadedWorkbook {
  format: SourceFormat;
  encoding?: EncodingGuess;
  sheets: SheetGrid[];
}

/** Merged range containing (row, column), 1-based, if any. */
export function mergeAt(grid: SheetGrid, row: number, column: number): MergeRange | undefined {
  return grid.merges.find((m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right);
}

export { serialToIso };

/** A SheetJS cell → CellValue (shared with the streaming .xlsx reader). */
export function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): CellValue {
  if (!cell) return null;
  switch (cell.t) {
    case 's': return cell.v === undefined || cell.v === '' ? null : String(cell.v);
    case 'b': return Boolean(cell.v);
    case 'e': return typeof cell.w === 'string' ? cell.w : null;
    case 'd': {
      const d = cell.v instanceof Date ? cell.v : new Date(String(cell.v));
      if (Number.isNaN(d.getTime())) return null;
      const iso = d.toISOString();
      return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
    }
    case 'n': {
      const v = cell.v as number;
      const fmt = typeof cell.z === 'string' ? cell.z : undefined;
      if (fmt && XLSX.SSF.is_date(fmt)) return serialToIso(v, date1904) ?? v;
      return v;
    }
    default: return cell.v === undefined ? null : (cell.v as CellValue);
  }
}

function sheetToGrid(ws: XLSX.WorkSheet, name: string, index: number, date1904: boolean): SheetGrid {
  const ref = ws['!ref'];
  const merges: MergeRange[] = (ws['!merges'] ?? []).map((m) => ({
    ref: `${cellRef(m.s.r + 1, m.s.c + 1)}:${cellRef(m.e.r + 1, m.e.c + 1)}`,
    top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1,
  }));
  if (!ref) return { name, index, values: [], raw: [], merges, rowCount: 0, columnCount: 0 };
  const range = XLSX.utils.decode_range(ref);
  let rowCount = range.e.r + 1, columnCount = range.e.c + 1;
  for (const m of merges) {
    rowCount = Math.max(rowCount, m.bottom);
    columnCount = Math.max(columnCount, m.right);
  }
  const raw: CellValue[][] = [];
  for (let r = 0; r < rowCount; r++) {
    const row: CellValue[] = new Array(columnCount).fill(null);
    if (r >= range.s.r) for (let c = range.s.c; c < columnCount; c++) row[c] = cellValue(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined, date1904);
    raw.push(row);
  }
  const values = raw.map((row) => row.slice());
  for (const m of merges) {
    const v = raw[m.top - 1][m.left - 1];
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) values[r - 1][c - 1] = v;
  }
  // Trim trailing rows that are entirely empty (formatting-only rows at the end of a sheet).
  while (rowCount > 0 && values[rowCount - 1].every((v) => v === null)) {
    rowCount--;
    values.pop();
    raw.pop();
  }
  return { name, index, values, raw, merges, rowCount, columnCount };
}

/**
 * Load an .xls (BIFF8, code page 936), .xlsx or an HTML table ("xls" exported by a web system) as grids.
 * Formula cells give their cached values; date-formatted numbers become ISO dates.
 * SheetJS reads whole files; department workbooks are small.
 */
export function loadWorkbook(file: string, format: SourceFormat, options: { encoding?: string } = {}): LoadedWorkbook {
  ensureCodepages();
  const buf = fs.readFileSync(file);
  let wb: XLSX.WorkBook;
  let encoding: EncodingGuess | undefined;
  try {
    if (format === 'html') {
      encoding = chooseDeclaredEncoding(file, options.encoding, htmlCharset(buf), buf.subarray(0, 1 << 20));
      const text = new TextDecoder(encoding.encoding).decode(buf);
      if (!/<table[\s>]/i.test(text)) throw new ReadError('html-no-table', { file });
      wb = XLSX.read(text, { type: 'string', cellNF: true, cellDates: false, dense: false });
    } else {
      if (format === 'xlsx') checkZip(file, buf);
      wb = XLSX.read(buf, { type: 'buffer', cellNF: true, cellDates: false, cellStyles: false, dense: false, codepage: 936 });
    }
  } catch (err) {
    if (err instanceof ReadError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    if (/password/i.test(msg)) throw new ReadError('workbook-encrypted', { file });
    throw new ReadError('workbook-unreadable', { file, detail: msg });
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const sheets = wb.SheetNames.map((name, i) => sheetToGrid(wb.Sheets[name], name, i + 1, date1904));
  if (format === 'html' && sheets.every((s) => s.rowCount === 0)) throw new ReadError('html-no-table', { file });
  return { format, encoding, sheets };
}

/** The charset an HTML page declares in a <meta> tag, if any. */
function htmlCharset(buf: Buffer): string | undefined {
  const head = buf.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
  if (!m) return undefined;
  return m[1];
}
