import type { CellValue, SheetGrid } from './workbook.js';

/** Rows scanned for a header. */
const SCAN_ROWS = 30;

/** A header-like cell: short text that is not a number or a date. */
function isLabel(v: CellValue): boolean {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  return s.length > 0 && s.length <= 40 && !/^[-+]?\d+([.,]\d+)?%?$/.test(s) && !/^\d{4}-\d{2}-\d{2}/.test(s);
}

/**
 * A label that reads like a column header rather than a fill-in instruction ("必填。1 基础、2 主题", "2 位数字，如 01",
 * "选填"): no sentence punctuation, not opening with 必填/选填. Instruction rows above the header then score low.
 */
function isHeaderLabel(v: CellValue): boolean {
  if (!isLabel(v)) return false;
  const s = (v as string).trim();
  return !/[。，；！？;]|如\s*\d/.test(s) && !/^(必填|选填|可选|非必填|可不填|填写)/.test(s);
}

function nonEmpty(row: CellValue[]): number {
  return row.filter((v) => v !== null && v !== '').length;
}

/**
 * Guess the 1-based header row of a sheet: the first row whose count of short text labels (counting a merged cell
 * once; instructions such as "必填。…" do not count) is at least 60% of the best row's in the first 30 rows and is followed by a non-empty row. Titles
 * (one merged cell) and instruction lines (long text) score low. Returns 1 for a sheet with no label row.
 */
export function detectHeaderRow(grid: SheetGrid): number {
  const n = Math.min(grid.rowCount, SCAN_ROWS);
  const scores: number[] = [];
  for (let r = 0; r < n; r++) scores.push(grid.raw[r].filter(isHeaderLabel).length);
  const best = Math.max(0, ...scores);
  if (best < 2) {
    const first = grid.raw.findIndex((row) => nonEmpty(row) > 0);
    return first < 0 ? 1 : first + 1;
  }
  for (let r = 0; r < n; r++) {
    if (scores[r] < 2 || scores[r] < Math.ceil(best * 0.6)) continue;
    const next = grid.values.slice(r + 1, r + 4).some((row) => nonEmpty(row) > 0);
    if (next || scores[r] === best) return r + 1;
  }
  return scores.indexOf(best) + 1;
}

/** Column names for a sheet, and the first data row (1-based). */
export interface SheetHeader {
  headerRow: number;
  /** Rows used by the header (2 for a merged parent header over child headers). */
  headerRows: number;
  names: string[];
  firstDataRow: number;
}

/**
 * Build column names from the header row. A parent header merged across columns with child headers in the next row
 * gives "Parent/Child" (or just "Parent" where a column has no child). A header merged down over several rows
 * pushes the data start below the merge.
 */
export function buildHeader(grid: SheetGrid, headerRow: number): SheetHeader {
  const r = headerRow;
  const spans = grid.merges.filter((m) => m.top === r && m.right > m.left);
  const below = grid.raw[r] ?? [];
  const twoLevel = spans.some((m) => m.bottom === r && below.slice(m.left - 1, m.right).some(isLabel));
  const cols = grid.columnCount;
  const names: string[] = [];
  if (twoLevel) {
    for (let c = 1; c <= cols; c++) {
      const parent = grid.values[r - 1][c - 1];
      const span = spans.find((m) => c >= m.left && c <= m.right);
      const child = below[c - 1];
      if (span && isLabel(child)) names.push(`${String(parent ?? '').trim()}/${String(child).trim()}`);
      else if (parent !== null && parent !== '') names.push(String(parent));
      else names.push(child === null ? '' : String(child));
    }
  } else {
    for (let c = 1; c <= cols; c++) {
      const v = grid.values[r - 1]?.[c - 1] ?? null;
      names.push(v === null ? '' : String(v));
    }
  }
  let last = twoLevel ? r + 1 : r;
  for (const m of grid.merges) if (m.top >= r && m.top <= last && m.bottom > last && m.bottom - m.top < 4 && isLabel(grid.raw[m.top - 1][m.left - 1])) last = m.bottom;
  return { headerRow: r, headerRows: last - r + 1, names, firstDataRow: last + 1 };
}
