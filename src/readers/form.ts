import type { CellRef } from '../model/record.js';
import type { SourceRow } from './row.js';
import { mergeAt, type CellValue, type SheetGrid } from './workbook.js';
import { columnLetter } from './columns.js';

/** A label or its alternatives (a template's column names). */
type Columns = string | string[];

/** A cell as the form shows it: a merged range counts once, with the value of its top-left cell. */
interface LogicalCell {
  value: CellValue;
  column: number;
  endColumn: number;
}

const blank = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** The logical cells of a row, from its first non-empty cell to the end of the sheet. */
function logicalCells(grid: SheetGrid, r: number): LogicalCell[] {
  const row = grid.values[r - 1] ?? [];
  const first = row.findIndex((v) => !blank(v));
  if (first < 0) return [];
  const out: LogicalCell[] = [];
  for (let c = first + 1; c <= grid.columnCount; ) {
    const m = mergeAt(grid, r, c);
    const end = m ? m.right : c;
    out.push({ value: row[c - 1] ?? null, column: c, endColumn: end });
    c = end + 1;
  }
  return out;
}

/** A form label: trimmed, inner spaces removed, trailing colon dropped. */
export function labelText(v: CellValue): string {
  return String(v ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/[:：]$/, '');
}

const norm = (s: string) => labelText(s).toLowerCase();

function uniqueName(name: string, seen: Map<string, number>): string {
  const n = (seen.get(name) ?? 0) + 1;
  seen.set(name, n);
  return n === 1 ? name : `${name} (${n})`;
}

/** A form-style sheet read as one row of label → value, plus the rows of its 信息项 table. */
export interface FormSheet {
  row: SourceRow;
  itemRows: SourceRow[];
  /** 1-based row of the 信息项 table header, if found. */
  itemsHeaderRow?: number;
}

/**
 * Read a form-style sheet: label/value pairs left to right in each row (merged cells count once: "label | value |
 * label | value"), then, from the row whose first cell is `itemsHeader`, an 信息项 table until `endMarker` (or the
 * first blank row when there is no end marker). A repeated label gets " (2)". Values carry the value cell's address.
 * A title row above the form (one merged cell) is kept as the pseudo-column `$title`.
 */
export function readForm(file: string, grid: SheetGrid, options: { itemsHeader?: Columns; endMarker?: string } = {}): FormSheet {
  const headerLabels = options.itemsHeader === undefined ? [] : (Array.isArray(options.itemsHeader) ? options.itemsHeader : [options.itemsHeader]).map(norm);
  let itemsHeaderRow: number | undefined;
  if (headerLabels.length) {
    for (let r = 1; r <= grid.rowCount; r++) {
      const cells = logicalCells(grid, r);
      if (cells.length && headerLabels.includes(norm(String(cells[0].value ?? '')))) {
        itemsHeaderRow = r;
        break;
      }
    }
  }
  const values: Record<string, unknown> = {};
  const refs: Record<string, CellRef> = {};
  const seen = new Map<string, number>();
  let firstRow: number | undefined;
  const lastFormRow = itemsHeaderRow ? itemsHeaderRow - 1 : grid.rowCount;
  for (let r = 1; r <= lastFormRow; r++) {
    const cells = logicalCells(grid, r);
    // A title: the only non-empty cell of the row, merged across several columns ("资源目录编制_模版").
    const filled = cells.filter((c) => !blank(c.value));
    if (filled.length === 1 && filled[0].endColumn > filled[0].column && blank(cells[1]?.value ?? null) && values.$title === undefined && firstRow === undefined) {
      values.$title = String(filled[0].value).trim();
      refs.$title = { sheet: grid.name, row: r, column: columnLetter(filled[0].column), header: '$title' };
      continue;
    }
    for (let i = 0; i + 1 <= cells.length; i += 2) {
      const label = labelText(cells[i].value);
      if (!label) break;
      const valueCell = cells[i + 1];
      const name = uniqueName(label, seen);
      values[name] = valueCell ? (typeof valueCell.value === 'string' ? valueCell.value.trim() : valueCell.value) : null;
      refs[name] = { sheet: grid.name, row: r, column: columnLetter(valueCell ? valueCell.column : cells[i].endColumn + 1), header: name };
      firstRow ??= r;
    }
  }
  const row: SourceRow = { values, cells: refs, provenance: { file, sheet: grid.name, row: firstRow ?? 1 } };
  const itemRows: SourceRow[] = [];
  if (itemsHeaderRow) {
    const header = logicalCells(grid, itemsHeaderRow);
    const hseen = new Map<string, number>();
    const names = header.map((c, i) => uniqueName(labelText(c.value) || String(i + 1), hseen));
    const end = options.endMarker === undefined ? undefined : norm(options.endMarker);
    for (let r = itemsHeaderRow + 1; r <= grid.rowCount; r++) {
      const raw = grid.values[r - 1] ?? [];
      const isBlank = raw.every((v) => blank(v));
      const firstValue = header.length ? raw[header[0].column - 1] : null;
      if (end !== undefined && norm(String(firstValue ?? '')) === end) break;
      if (isBlank) {
        if (end === undefined) break;
        continue;
      }
      const v: Record<string, unknown> = {};
      const c: Record<string, CellRef> = {};
      header.forEach((h, i) => {
        const val = raw[h.column - 1] ?? null;
        v[names[i]] = typeof val === 'string' ? val.trim() : val;
        c[names[i]] = { sheet: grid.name, row: r, column: columnLetter(h.column), header: names[i] };
      });
      itemRows.push({ values: v, cells: c, provenance: { file, sheet: grid.name, row: r } });
    }
  }
  return { row, itemRows, itemsHeaderRow };
}

/** One resource per sheet: the sheet's header cells are its 信息项 (sheet-per-resource layout). */
export interface HeaderSheet {
  row: SourceRow;
  itemRows: SourceRow[];
  /** Non-empty rows under the header (data, or numbered blanks), which describe no resource and are not mapped. */
  dataRows: number;
}

/**
 * Read a sheet as one resource: the row carries only the pseudo-columns ($sheet, $file, $row = header row) and
 * each non-empty header cell becomes an item row {$header, $column}. Header cells listed in `exclude` are left out.
 */
export function readHeaderSheet(file: string, grid: SheetGrid, headerRow: number, exclude: string[] = []): HeaderSheet {
  const ex = new Set(exclude.map(norm));
  const itemRows: SourceRow[] = [];
  for (const cell of logicalCells(grid, headerRow)) {
    if (blank(cell.value)) continue;
    const name = String(cell.value).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    if (ex.has(norm(name))) continue;
    const ref: CellRef = { sheet: grid.name, row: headerRow, column: columnLetter(cell.column), header: name };
    itemRows.push({ values: { $header: name, $column: columnLetter(cell.column) }, cells: { $header: ref, $column: ref }, provenance: { file, sheet: grid.name, row: headerRow } });
  }
  let dataRows = 0;
  for (let r = headerRow + 1; r <= grid.rowCount; r++) if ((grid.values[r - 1] ?? []).some((v) => !blank(v))) dataRows++;
  const row: SourceRow = { values: {}, cells: {}, provenance: { file, sheet: grid.name, row: headerRow } };
  return { row, itemRows, dataRows };
}
