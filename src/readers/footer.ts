import type { CellValue, SheetGrid } from './workbook.js';
import type { SkippedRow } from '../rows/row.js';

export type { SkippedRow } from '../rows/row.js';

/**
 * Openings of footer and note lines on department sheets (填表人：…, 审核人：…, 联系电话：…, 填报日期：…, 注：…,
 * 说明：…, 合计, 以下空白). Matched at the start of the row's first non-empty cell, or after spaces inside it.
 */
export const FOOTER_TEXT = /(^|[\s\u3000])(填表人|填报人|制表人|填表|制表|审核人|审批人|复核人|核稿人|负责人|单位负责人|分管领导|主管领导|经办人|联系人|联系电话|电话|填报日期|填表日期|制表日期|报送日期|填报时间|注|备注|说明|附注|附件|合计|总计|小计|以下空白|以下无数据)\s*\d*\s*[:：.．、]|^\s*(合计|总计|小计|以下空白|以下无数据)\s*$/;

export const blank = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
export const numeric = (v: CellValue | undefined) => typeof v === 'number' || (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v));

/** Distinct non-empty values of a stored row (merged cells count once). */
function distinctValues(raw: CellValue[], columns: number[]): string[] {
  const seen = new Set<string>();
  for (const i of columns) if (!blank(raw[i])) seen.add(String(raw[i]).trim());
  return [...seen];
}

/** A merge on `row` that spans at least half of the table's columns. */
function mergedAcross(grid: SheetGrid, row: number, width: number): boolean {
  return grid.merges.some((m) => m.top <= row && m.bottom >= row && m.right - m.left + 1 >= Math.max(3, Math.ceil(width / 2)));
}

/** A record fills many cells; a footer or note fills a few (often one merged cell). */
export const sparse = (values: string[], width: number) => values.length > 0 && values.length <= Math.max(3, Math.floor(width / 4));

/** Columns where every record row (dense rows) holds a number (序号, counts): text there marks a note, not data. */
function numericColumns(grid: SheetGrid, columns: number[], from: number, to: number): number[] {
  const dense: number[] = [];
  for (let r = from; r <= to; r++) if (distinctValues(grid.raw[r - 1] ?? [], columns).length > Math.max(3, Math.floor(columns.length / 4))) dense.push(r);
  return columns.filter((i) => {
    let n = 0;
    for (const r of dense) {
      const v = grid.values[r - 1]?.[i];
      if (blank(v)) continue;
      if (!numeric(v)) return false;
      n++;
    }
    return n >= 2;
  });
}

/** Whether one sparse row looks like a footer or note rather than a record. */
function footerLike(grid: SheetGrid, row: number, columns: number[], numericCols: number[]): boolean {
  const raw = grid.raw[row - 1] ?? [];
  const values = distinctValues(raw, columns);
  if (!sparse(values, columns.length)) return false;
  if (values.some((v) => FOOTER_TEXT.test(v))) return true;
  if (mergedAcross(grid, row, columns.length)) return true;
  return numericCols.some((i) => !blank(grid.values[row - 1]?.[i]) && !numeric(grid.values[row - 1]?.[i]));
}

/**
 * The rows at the end of a sheet that are not data: with `explicit` (a template's source.footerRows), the last that
 * many non-empty rows; otherwise the trailing run of sparse rows that look like footers or notes (a merged row across
 * the table, a 填表人/审核人/联系电话/填报日期/注/说明 line, text in a column of numbers such as 序号). Scanning stops
 * at the first row from the bottom that looks like a record, so nothing inside the table is skipped. Returns the
 * skipped rows in sheet order.
 */
export function trailingNotes(file: string, grid: SheetGrid, firstDataRow: number, columns: number[], explicit?: number): SkippedRow[] {
  const out: SkippedRow[] = [];
  const text = (r: number) => distinctValues(grid.raw[r - 1] ?? [], columns).join(' ');
  const empty = (r: number) => (grid.values[r - 1] ?? []).every(blank);
  if (explicit !== undefined) {
    for (let r = grid.rowCount, left = explicit; r >= firstDataRow && left > 0; r--) {
      if (empty(r)) continue;
      out.unshift({ file, sheet: grid.name, row: r, reason: 'template', text: text(r) });
      left--;
    }
    return out;
  }
  let last = grid.rowCount;
  while (last >= firstDataRow && empty(last)) last--;
  const numericCols = numericColumns(grid, columns, firstDataRow, last);
  for (let r = last; r > firstDataRow; r--) {
    if (empty(r)) continue;
    if (!footerLike(grid, r, columns, numericCols)) break;
    out.unshift({ file, sheet: grid.name, row: r, reason: 'footer', text: text(r) });
  }
  return out;
}
