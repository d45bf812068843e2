import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { readSource } from '../../src/readers/source.js';
import { inspectSource } from '../../src/readers/inspect.js';
import { mapToArray } from '../../src/pipeline/map-sources.js';
import { type MappingTemplate } from '../../src/mapping/template.js';
import type { SkippedRow } from '../../src/readers/footer.js';
import { runCli } from '../helpers/cli.js';
import { writeDeptWorkbook, tempDir, RESOURCES } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string, o: Record<string, unknown> = {}): Promise<{ rows: number[]; skipped: SkippedRow[] }> {
  const skipped: SkippedRow[] = [];
  const rows: number[] = [];
  for await (const r of readSource(file, { onSkip: (s) => skipped.push(s), ...o })) rows.push(r.provenance.row);
  return { rows, skipped };
}

/** A plain one-level sheet with the given trailing rows (and merges on them). */
function plainSheet(name: string, tail: unknown[][], tailMerges: number[] = []): string {
  const header = ['序号', '信息资源名称', '信息资源代码', '更新周期', '发布日期', '共享类型'];
  const data = RESOURCES.slice(0, 3).map((r, i) => [i + 1, r[3], `301001/0000${i + 1}`, r[13], '2024-01-02', '无条件共享']);
  const ws = XLSX.utils.aoa_to_sheet([header, ...data, ...tail]);
  ws['!merges'] = tailMerges.map((r) => ({ s: { r: r - 1, c: 0 }, e: { r: r - 1, c: header.length - 1 } }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

describe('footers and notes after the table', () => {
  it('skips a merged 填表人/联系电话/审核人 footer and a 注 line, reporting their row numbers', async () => {
    const s = writeDeptWorkbook(dir, 'dept.xlsx');
    const { rows, skipped } = await rowsOf(s.file);
    expect(rows).toEqual(s.dataRows);
    expect(skipped.map((x) => x.row)).toEqual(s.footerRows);
    expect(skipped[0]).toMatchObject({ sheet: '资源目录', reason: 'footer' });
    expect(skipped[0].text).toContain('填表人');
    const seen = await inspectSource(s.file);
    expect(seen.sheets[0]).toMatchObject({ rows: s.dataRows.length, skipped: s.footerRows });
  });

  it('skips unmerged footer patterns, and text such as 合计 in a column of numbers', async () => {
    const file = plainSheet('plain.xlsx', [[], ['合计', '', '', '', '', ''], ['填报人：王五', '', '', '审核人：赵六'], ['说明：本表每季度更新']]);
    const { rows, skipped } = await rowsOf(file);
    expect(rows).toEqual([2, 3, 4]);
    expect(skipped.map((x) => x.row)).toEqual([6, 7, 8]);
  });

  it('keeps a sparse last record (only 序号 and a name) and notes inside the table', async () => {
    const file = plainSheet('sparse.xlsx', [[4, '说明：仍是一条记录'], [5, '企业年报信息']]);
    const { rows, skipped } = await rowsOf(file);
    expect(rows).toEqual([2, 3, 4, 5, 6]);
    expect(skipped).toEqual([]);
  });

  it('honours a template\'s explicit footerRows (and 0 turns detection off)', async () => {
    const file = plainSheet('explicit.xlsx', [[4, '附表一', '', '', '', ''], ['制表：王五']]);
    const base: MappingTemplate = { fields: [{ field: '/title', column: '信息资源名称', required: true }] };
    const auto = await mapToArray([file], base);
    expect(auto.report.skipped?.map((s) => s.row)).toEqual([6]);
    expect(auto.records).toHaveLength(4);
    const two = await mapToArray([file], { ...base, source: { footerRows: 2 } });
    expect(two.report.skipped?.map((s) => [s.row, s.reason])).toEqual([[5, 'template'], [6, 'template']]);
    expect(two.records).toHaveLength(3);
    const none = await mapToArray([file], { ...base, source: { footerRows: 0 } });
    expect(none.report.skipped ?? []).toEqual([]);
    expect([none.records.length, none.report.rejected]).toEqual([4, 1]);
  });

  it('map, validate and init name the skipped rows; the footer never becomes a record', () => {
    const s = writeDeptWorkbook(dir, 'cli.xlsx', { items: true });
    const tpl = path.join(dir, 'g.json');
    expect(runCli(['map', s.file, '--guess', '--save-template', tpl]).code).toBe(0);
    const out = path.join(dir, 'r.jsonl');
    const en = runCli(['map', s.file, '-m', tpl, '-o', out]);
    expect(en.stdout).toContain('rows 12, 13');
    const records = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.some((r) => JSON.stringify(r).includes('填表人'))).toBe(false);
    const zh = runCli(['map', s.file, '-m', tpl, '-o', out, '--lang', 'zh']);
    expect(zh.stdout).toContain('第 12、13 行');
    const json = runCli(['map', s.file, '-m', tpl, '-o', out, '--format', 'json']);
    expect(JSON.parse(json.stdout).skipped.map((x: SkippedRow) => x.row)).toEqual([12, 13]);
    const init = runCli(['init', '--yes', '--dir', dir, '--name', '示例区市场监督管理局', '--code', '11330106MB1F628054', '--division', '330106', '--sheet-file', s.file], { input: '' });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/note: skipped 2 rows .*rows 12, 13/);
  });
});
