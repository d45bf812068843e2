import { ReadError } from './row.js';
import type { ReadOptions } from './options.js';
import type { CellValue, SheetGrid } from './workbook.js';
import { buildHeader, detectHeaderRow, type SheetHeader } from './header.js';
import { headerNames, positionNames } from './columns.js';

/** A cell with nothing in it. */
export const emptyCell = (v: CellValue | undefined) => v === null || v === undefined || v === '';

/** Pick the sheets named by --sheet (name, or 1-based index), or all of them. */
export function selectSheets(file: string, sheets: SheetGrid[], sheet?: string | number): SheetGrid[] {
  if (sheet === undefined || sheet === '') return sheets;
  const byName = sheets.find((s) => s.name === String(sheet) || s.name.trim() === String(sheet).trim());
  if (byName) return [byName];
  const n = typeof sheet === 'number' ? sheet : /^\d+$/.test(sheet) ? Number(sheet) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= sheets.length) return [sheets[n - 1]];
  throw new ReadError('sheet-not-found', { file, sheet, available: sheets.map((s, i) => `${i + 1}:${s.name}`).join(', ') });
}

/** A sheet header with the indexes (0-based) of the columns that carry data. */
export interface SheetColumns extends SheetHeader {
  columns: number[];
}

/** The header of a sheet as options ask (headerRow given, auto-detected, or none). */
export function sheetHeader(file: string, grid: SheetGrid, options: ReadOptions, columnHasData?: (index: number, fromRow: number) => boolean): SheetColumns {
  if (options.header === false) return { headerRow: 0, headerRows: 0, names: positionNames(grid.columnCount), columns: positionNames(grid.columnCount).map((_, i) => i), firstDataRow: 1 };
  const headerRow = options.headerRow ?? detectHeaderRow(grid);
  if (headerRow < 1 || (grid.rowCount > 0 && headerRow > grid.rowCount)) throw new ReadError('header-row-out-of-range', { file, sheet: grid.name, headerRow, rows: grid.rowCount });
  const h = buildHeader(grid, headerRow);
  const names = headerNames(h.names);
  // A column with no header and no data at all (e.g. an empty margin column A) is left out.
  const columns: number[] = [];
  names.forEach((_, i) => {
    const labelled = h.names[i].trim() !== '';
    const data = columnHasData ? columnHasData(i, h.firstDataRow) : grid.values.slice(h.firstDataRow - 1).some((row) => !emptyCell(row[i]));
    if (labelled || data) columns.push(i);
  });
  return { ...h, names, columns };
}
