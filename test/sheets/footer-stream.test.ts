/**
 * Footers and notes below a table that is streamed rather than read as a whole grid: CSV files and large .xlsx
 * sheets (the streaming reader, readers/xlsxstream.ts). Same rule as on grids: a trailing run of 填表人/审核人/注 lines
 * or text in a column of numbers is skipped and reported with its row numbers; rows in the middle never are.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../../src/readers/source.js';
import { inspectSource } from '../../src/readers/inspect.js';
import { XLSX_STREAM_MIN_BYTES } from '../../src/readers/xlsxstream.js';
import type { SkippedRow } from '../../src/readers/footer.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, RESOURCES } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string, o: Record<string, unknown> = {}): Promise<{ rows: number[]; skipped: SkippedRow[] }> {
  const skipped: SkippedRow[] = [];
  const rows: number[] = [];
  for await (const r of readSource(file, { onSkip: (s) => skipped.push(s), ...o })) rows.push(r.provenance.row);
  return { rows, skipped };
}

const HEADER = ['序号', '信息资源名称', '信息资源代码', '更新周期', '发布日期', '共享类型'];
const data = (n: number) => Array.from({ length: n }, (_, i) => [i + 1, `${RESOURCES[i % RESOURCES.length][3]}${i + 1}`, `301001/${String(i + 1).padStart(5, '0')}`, '每月', '2024-01-02', '无条件共享']);
const csv = (rows: unknown[][]) => rows.map((r) => r.map((c) => String(c ?? '')).join(',')).join('\n') + '\n';

describe('footers below a CSV table', () => {
  it('skips a 填表人/联系电话 line and a 注 line after a blank row, reporting rows 6 and 7', async () => {
    const file = path.join(dir, 'footer.csv');
    fs.writeFileSync(file, csv([HEADER, ...data(3), HEADER.map(() => ''), ['填表人：张三  联系电话：0571-87001234'], ['注：日期格式为年-月-日']]));
    const { rows, skipped } = await rowsOf(file);
    expect(rows).toEqual([2, 3, 4, 5]); // the blank row 5 still arrives (counted as blank by map)
    expect(skipped.map((s) => [s.row, s.reason])).toEqual([[6, 'footer'], [7, 'footer']]);
    expect(skipped[0].text).toContain('填表人');
    expect((await inspectSource(file)).sheets[0]).toMatchObject({ skipped: [6, 7] });
  });

  it('a note in the middle is data (rows after it are records); text in the 序号 column at the end is a note', async () => {
    const file = path.join(dir, 'middle.csv');
    fs.writeFileSync(file, csv([HEADER, ...data(2), ['注：以下为新增'], ...data(2).map((r) => [Number(r[0]) + 2, ...r.slice(1)]), ['以上数据截至6月']]));
    const { rows, skipped } = await rowsOf(file);
    expect(rows).toEqual([2, 3, 4, 5, 6]);
    expect(skipped.map((s) => s.row)).toEqual([7]);
  });

  it('footerRows in the template skips exactly that many last rows; 0 and --no-header skip none', async () => {
    const file = path.join(dir, 'explicit.csv');
    fs.writeFileSync(file, csv([HEADER, ...data(4), ['合计', '', '', '', '', ''], ['制表：李四']]));
    expect((await rowsOf(file)).skipped.map((s) => s.row)).toEqual([6, 7]);
    const three = await rowsOf(file, { footerRows: 3 });
    expect(three.skipped.map((s) => [s.row, s.reason])).toEqual([[5, 'template'], [6, 'template'], [7, 'template']]);
    expect((await rowsOf(file, { footerRows: 0 })).rows).toEqual([2, 3, 4, 5, 6, 7]);
    expect((await rowsOf(file, { header: false })).skipped).toEqual([]);
  });

  it('catalog map names the skipped CSV rows without a sheet, in both languages', () => {
    const file = path.join(dir, 'cli.csv');
    fs.writeFileSync(file, csv([HEADER, ...data(3), ['填表人：张三'], ['审核人：李四']]));
    const tpl = path.join(dir, 'cli.json');
    expect(runCli(['map', file, '--guess', '--save-template', tpl]).code).toBe(0);
    const en = runCli(['map', file, '-m', tpl, '-o', path.join(dir, 'cli.jsonl')]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('cli.csv rows 5, 6');
    expect(en.stdout).toMatch(/3 rows: 3 records, 0 rejected/);
    const zh = runCli(['--lang', 'zh', 'map', file, '-m', tpl, '-o', path.join(dir, 'cli.jsonl')]);
    expect(zh.stdout).toContain('cli.csv 第 5、6 行');
  });
});

describe('footers below a large .xlsx sheet read by the streaming reader', () => {
  it('skips the 填表人 and 注 rows of a sheet over the streaming threshold, as the grid path does', async () => {
    const n = 9000;
    const long = '辖区内各类市场主体设立、变更、注销登记信息，按月更新。'.repeat(12);
    const ws = XLSX.utils.aoa_to_sheet([HEADER.concat('信息资源摘要'), ...data(n).map((r) => [...r, long]), [], ['填表人：张三  审核人：李四'], ['注：本表由系统导出']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '目录');
    const file = path.join(dir, 'large.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: false }) as Buffer);
    const { largestSheetBytes } = await import('../../src/readers/xlsxstream.js');
    expect(largestSheetBytes(file, fs.readFileSync(file))).toBeGreaterThanOrEqual(XLSX_STREAM_MIN_BYTES);
    const { rows, skipped } = await rowsOf(file);
    expect(rows).toHaveLength(n); // neither the empty row nor the two notes
    expect(rows[n - 1]).toBe(n + 1);
    expect(skipped.map((s) => [s.sheet, s.row])).toEqual([['目录', n + 3], ['目录', n + 4]]);
    expect((await inspectSource(file)).sheets[0]).toMatchObject({ skipped: [n + 3, n + 4] });
  });
});
