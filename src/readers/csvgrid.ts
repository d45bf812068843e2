import path from 'node:path';
import { readCsv, type CsvInfo } from './csv.js';
import type { ReadOptions } from './options.js';
import type { LoadedWorkbook, CellValue } from './workbook.js';

/** A CSV as a single grid (whole file in memory: for form-style CSVs, which are small). */
export async function readCsvGrid(file: string, options: ReadOptions = {}): Promise<LoadedWorkbook> {
  const info: CsvInfo = { stats: { nulChars: 0, lines: 1 } };
  const values: CellValue[][] = [];
  let columnCount = 0;
  for await (const row of readCsv(file, { ...options, header: false }, info)) {
    const cells = Object.values(row.values) as CellValue[];
    while (values.length < row.provenance.row - 1) values.push([]);
    values.push(cells);
    columnCount = Math.max(columnCount, cells.length);
  }
  for (const row of values) while (row.length < columnCount) row.push(null);
  const name = path.basename(file);
  return { format: 'csv', encoding: info.encoding, sheets: [{ name, index: 1, values, raw: values.map((r) => r.slice()), merges: [], rowCount: values.length, columnCount }] };
}
