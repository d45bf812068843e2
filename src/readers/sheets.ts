import { ReadError, type SourceRow } from './row.js';
import type { ReadOptions, SourceFormat } from './options.js';
import type { CellRef } from '../model/record.js';
import { loadWorkbook, type LoadedWorkbook, type SheetGrid } from './workbook.js';
import { columnLetter } from './columns.js';
import { sniffFormat } from './sniff.js';
import { readCsvGrid } from './csvgrid.js';
import { trailingNotes } from './footer.js';
import { withoutTrailingNotes } from './footer-stream.js';
import { largestSheetBytes, planXlsxStream, streamXlsxRows, XLSX_STREAM_MIN_BYTES } from './xlsxstream.js';
import fs from 'node:fs';
import { emptyCell, selectSheets, sheetHeader, type SheetColumns } from './sheet-header.js';

// re-exported: callers import these from sheets.ts; xlsxstream.ts imports sheet-header.ts (no import cycle)
export { selectSheets, sheetHeader, type SheetColumns } from './sheet-header.js';

/**
 * Load every sheet of a workbook (or an HTML table, or a CSV) as grids with merges resolved, for form-style sheets
 * (key/value cells, then an 信息项 table) that a mapping interprets cell by cell.
 */
export async function readGrid(file: string, options: ReadOptions = {}): Promise<SheetGrid[]> {
  const wb = await loadGrids(file, options);
  return selectSheets(file, wb.sheets, options.sheet);
}

/** Load a file as grids whatever its tabular format. */
export async function loadGrids(file: string, options: ReadOptions = {}): Promise<LoadedWorkbook> {
  const format: SourceFormat = options.format ?? sniffFormat(file);
  if (format === 'xls' || format === 'xlsx' || format === 'html') {
    const wb = loadWorkbook(file, format, options);
    options.onBytes?.(fs.statSync(file).size); // loaded whole: every byte is read now (CSV tells its chunks)
    return wb;
  }
  if (format === 'csv') return readCsvGrid(file, options);
  throw new ReadError('format-unsupported', { file, detail: `${format} has no sheets; use readSource` });
}

/**
 * Rows of one sheet below its header, keyed by header; entirely empty rows are skipped, and so are footers and notes
 * after the table (readers/footer.ts), each told to `options.onSkip`.
 */
export function* sheetRows(file: string, grid: SheetGrid, header: SheetColumns, options: Pick<ReadOptions, 'footerRows' | 'onSkip' | 'header'> = {}): Generator<SourceRow> {
  const notes = options.header === false || options.footerRows === 0 ? [] : trailingNotes(file, grid, header.firstDataRow, header.columns, options.footerRows);
  const end = notes.length ? notes[0].row - 1 : grid.rowCount;
  for (const n of notes) options.onSkip?.(n);
  for (let r = header.firstDataRow; r <= end; r++) {
    const row = grid.values[r - 1];
    if (row.every(emptyCell)) continue;
    const values: Record<string, unknown> = {};
    const cells: Record<string, CellRef> = {};
    header.columns.forEach((i) => {
      const name = header.names[i];
      values[name] = row[i] ?? null;
      cells[name] = { sheet: grid.name, row: r, column: columnLetter(i + 1), header: name };
    });
    yield { values, cells, provenance: { file, sheet: grid.name, row: r } };
  }
}

/**
 * Rows of a grid (from readGrid) below a header row, keyed by header: for a table inside a form-style sheet
 * (e.g. the 信息项 table under the key/value cells), pass its headerRow. `stopAt` ends the table at the first row
 * whose first non-empty cell equals it (e.g. "endFlag").
 */
export function* gridRows(file: string, grid: SheetGrid, options: ReadOptions & { stopAt?: string } = {}): Generator<SourceRow> {
  if (grid.rowCount === 0) return;
  for (const row of sheetRows(file, grid, sheetHeader(file, grid, options), options)) {
    if (options.stopAt !== undefined) {
      const first = Object.values(row.values).find((v) => v !== null && v !== '');
      if (first !== undefined && String(first).trim() === options.stopAt) return;
    }
    yield row;
  }
}

/** Stream rows from every selected sheet of a workbook or HTML table. */
export async function* readSheets(file: string, format: SourceFormat, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  if (format === 'xlsx') {
    const bytes = fs.readFileSync(file);
    if (largestSheetBytes(file, bytes) >= XLSX_STREAM_MIN_BYTES) {
      const plan = planXlsxStream(file, bytes, options);
      if (!('fallback' in plan)) {
        const rows = (function* () { for (const batch of streamXlsxRows(plan)) yield* batch; })();
        // Footers and notes below each sheet's table, as sheetRows skips them on the grid path.
        if (options.header === false || options.footerRows === 0) yield* rows;
        else yield* withoutTrailingNotes(rows, { explicit: options.footerRows, onSkip: options.onSkip });
        return;
      }
    }
  }
  const wb = loadWorkbook(file, format, options);
  for (const grid of selectSheets(file, wb.sheets, options.sheet)) {
    if (grid.rowCount === 0) continue;
    yield* sheetRows(file, grid, sheetHeader(file, grid, options), options);
  }
}
