import path from 'node:path';
import { loadGrids, sheetHeader, sheetRows } from '../readers/sheets.js';
import { sniffFormat } from '../readers/sniff.js';
import type { SheetGrid } from '../readers/workbook.js';
import type { ReadOptions } from '../readers/options.js';
import { emptyStats, inferGuideType, observeValue, type ValueStats } from './infer.js';
import { cycleFromDays, UPDATE_COLUMN } from './cycle.js';
import { pickTables } from './sql.js';
import { DEFAULT_DESCRIBE_LIMITS, type DescribeLimits, type DescribeOptions, type TableDescription, type UpdateHint } from './table.js';

/** Distinct days of a timestamp-like column, kept as day numbers only (for the update-cycle hint). */
function dayNumber(v: unknown): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(v ?? '').trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : undefined;
}

function hintOf(name: string, days: Set<number>): UpdateHint | undefined {
  if (days.size < 3) return undefined;
  const sorted = [...days].sort((a, b) => a - b);
  const spanDays = sorted[sorted.length - 1] - sorted[0];
  const cycle = cycleFromDays(days.size, spanDays);
  return cycle ? { column: name, updateCycle: cycle, distinctDays: days.size, spanDays } : undefined;
}

/** One sheet: every row counted, the first `sampleRows` folded into per-column stats (kinds and sizes only). */
function describeSheet(file: string, grid: SheetGrid, format: string, read: ReadOptions, limits: DescribeLimits): TableDescription {
  const header = sheetHeader(file, grid, read);
  const names = header.columns.map((i) => header.names[i]);
  const kept = names.slice(0, limits.maxColumns);
  const stats = new Map<string, ValueStats>(kept.map((n) => [n, emptyStats()]));
  const days = new Map<string, Set<number>>(kept.filter((n) => UPDATE_COLUMN.test(n)).map((n) => [n, new Set<number>()]));
  let rows = 0;
  for (const row of sheetRows(file, grid, header, read)) {
    if (rows++ >= limits.sampleRows) continue;
    for (const n of kept) {
      observeValue(stats.get(n)!, row.values[n]);
      const d = days.get(n);
      const day = d && dayNumber(row.values[n]);
      if (d && day !== undefined) d.add(day);
    }
  }
  const columns = kept.map((n) => ({ name: n, ...inferGuideType(stats.get(n)!), declaredType: 'inferred', nullable: stats.get(n)!.nulls > 0 }));
  const hintColumn = columns.find((c) => (c.dataType === 'D' || c.dataType === 'T') && days.has(c.name));
  const hint = hintColumn && hintOf(hintColumn.name, days.get(hintColumn.name)!);
  return {
    name: grid.name, rows, columns, format: { category: '电子表格', type: format }, source: file,
    ...(hint ? { updateHint: hint } : {}), ...(names.length > kept.length ? { truncated: { columns: names.length - kept.length } } : {}),
  };
}

/**
 * Describe a CSV, XLSX or XLS file: each sheet a table (a CSV is one sheet, named after the file). Encodings,
 * header rows and footers are the readers' (src/readers); values are only folded into kinds and sizes.
 */
export async function describeFile(file: string, options: DescribeOptions = {}): Promise<TableDescription[]> {
  const limits = { ...DEFAULT_DESCRIBE_LIMITS, ...options.limits };
  const format = sniffFormat(file);
  const read: ReadOptions = options.encoding ? { encoding: options.encoding } : {};
  const wb = await loadGrids(file, read);
  const sheets = wb.sheets.filter((s) => s.rowCount > 0).map((s) => (format === 'csv' ? { ...s, name: path.basename(file, path.extname(file)) } : s));
  const picked = pickTables(file, sheets, options.tables, limits.maxTables);
  return picked.map((g) => describeSheet(file, g, format, read, limits));
}
