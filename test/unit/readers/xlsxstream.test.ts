import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { readSource } from '../../../src/readers/source.js';
import { readGrid, gridRows } from '../../../src/readers/sheets.js';
import { inspectSource } from '../../../src/readers/inspect.js';
import { planXlsxStream, streamXlsxRows, XLSX_STREAM_MIN_BYTES } from '../../../src/readers/xlsxstream.js';
import { type SourceRow } from '../../../src/readers/row.js';
import { type ReadOptions } from '../../../src/readers/options.js';
import { generateXlsx } from '../../../bench/generate.mjs';
import { fixture } from '../../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-xlsxstream-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, data: Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};

/** The SheetJS path: whole grids, then the same header/rows logic readSheets uses for small files. */
async function viaGrid(file: string, options: ReadOptions = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for (const grid of await readGrid(file, options)) for (const r of gridRows(file, grid, options)) rows.push(r);
  return rows;
}

/** The streaming path, forced whatever the file size; undefined when it falls back. */
function viaStream(file: string, options: ReadOptions = {}): SourceRow[] | { fallback: string } {
  const plan = planXlsxStream(file, fs.readFileSync(file), options);
  if ('fallback' in plan) return plan;
  const rows: SourceRow[] = [];
  for (const batch of streamXlsxRows(plan)) rows.push(...batch);
  return rows;
}

async function same(file: string, options: ReadOptions = {}): Promise<number> {
  const expected = await viaGrid(file, options);
  const got = viaStream(file, options);
  expect(got).toEqual(expected);
  return expected.length;
}

function book(sheets: Record<string, XLSX.WorkSheet>, opts: XLSX.WritingOptions = {}): Buffer {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', ...opts }) as Buffer;
}

describe('streaming .xlsx reader gives the same rows as the SheetJS reader', () => {
  it('real workbook without merges', async () => {
    expect(await same(fixture('real', 'dingyuan_result_import_template.xlsx'))).toBeGreaterThan(0);
  });

  it('real workbook with merged cells falls back to SheetJS (merges come after <sheetData>)', () => {
    const got = viaStream(fixture('real', 'dingshu_result_import_template_merged_cells.xlsx'));
    expect(got).toEqual({ fallback: 'merged cells' });
  });

  it('project-made workbooks: title + instruction rows, dates, custom date formats, cached formulas, booleans, errors, shared and inline strings, empty margin column, two sheets', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['某区政务信息资源目录'],
      ['填表说明：请逐项填写，日期格式为年-月-日，不要改动表头，也不要在表格下方填写其他内容。'],
      [null, '资源名称', '提供方', '发布日期', '数量', '开放', '备注', null],
      [null, '企业登记', '市场监管局', new Date(Date.UTC(2016, 7, 2)), 3, true, 'a & b <c>', null],
      [null, '税务登记', '税务局', new Date(Date.UTC(2017, 0, 31, 10, 30)), 4.5, false, null, 'x'],
      [null, null, null, null, null, null, null, null],
      [null, '合计', null, null, null, null, '  spaced  ', null],
    ], { cellDates: true });
    ws['E7'] = { t: 'n', v: 7.5, f: 'SUM(E4:E5)' };
    ws['F7'] = { t: 'e', v: 0x2a, w: '#N/A' };
    ws['D7'] = { t: 'n', v: 45000, z: 'yyyy"年"m"月"d"日"' };
    ws['C7'] = { t: 's', v: '=text', f: 'CONCAT("=","text")' };
    const items = XLSX.utils.aoa_to_sheet([['信息项名称', '数据类型'], ['企业名称', '字符型'], ['成立日期', '日期型']]);
    for (const [name, opts] of [['sst.xlsx', { bookSST: true }], ['inline.xlsx', { bookSST: false }]] as const) {
      const file = write(name, book({ 目录: ws, 信息项: items }, opts));
      expect(await same(file)).toBe(5);
      expect(await same(file, { sheet: '目录' })).toBe(3);
      expect(await same(file, { sheet: 2 })).toBe(2);
      expect(await same(file, { sheet: '目录', headerRow: 4 })).toBeGreaterThan(0);
      expect(await same(file, { sheet: '目录', header: false })).toBe(6);
    }
    const date1904 = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(date1904, ws, '目录');
    date1904.Workbook = { WBProps: { date1904: true } };
    expect(await same(write('1904.xlsx', XLSX.write(date1904, { type: 'buffer', bookType: 'xlsx' }) as Buffer))).toBe(3);
  });

  it('a generated larger workbook (inline strings, no dimension, as bench/generate.mjs writes) and readSource streams it above the threshold', async () => {
    const small = path.join(tmp, 'gen-3000.xlsx');
    await generateXlsx(small, 3000);
    expect(await same(small)).toBe(3000);
    const big = path.join(tmp, 'gen-big.xlsx');
    await generateXlsx(big, 9000);
    const plan = planXlsxStream(big, fs.readFileSync(big));
    expect('fallback' in plan).toBe(false);
    if (!('fallback' in plan)) expect(plan.sheets[0].entry.size).toBeGreaterThanOrEqual(XLSX_STREAM_MIN_BYTES);
    const rows: SourceRow[] = [];
    for await (const r of readSource(big)) rows.push(r);
    const expected = await viaGrid(big);
    expect(rows).toEqual(expected);
    // inspect streams it too, and describes it as the SheetJS path would.
    const [grid] = await readGrid(big);
    const info = await inspectSource(big);
    expect(info).toMatchObject({ format: 'xlsx', encoding: null, confidence: null });
    expect(info.sheets).toEqual([{ name: grid.name, index: 1, headerRow: expected[0].provenance.row - 1, columns: Object.keys(expected[0].values), rows: expected.length, warnings: 0, merges: 0 }]);
  });
});
