/**
 * 信息项 blocks inside form-style sheets (issue 16): a sheet of label | value rows with an 信息项 table inside is
 * found by `--guess` and `init`, which propose a form template with the block joined (items.from "table-below").
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { mapToArray } from '../../src/pipeline/map-sources.js';
import { proposeMapping, proposalAsGuess } from '../../src/init/propose.js';
import { fixture, runCli } from '../helpers/cli.js';
import { tempDir, DEPT, DEPT_CODE } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A bureau's one-resource form: title, label | value pairs (two per row), then the 信息项 table and a footer. */
function formSheet(): string {
  const ws = XLSX.utils.aoa_to_sheet([
    ['政务信息资源登记表'],
    ['信息资源名称', '市场主体登记信息', '信息资源代码', '301001/00001'],
    ['信息资源提供方', DEPT, '信息资源提供方代码', DEPT_CODE],
    ['信息资源摘要', '辖区内各类市场主体设立、变更、注销登记信息。', '更新周期', '每月'],
    ['共享类型', '有条件共享', '发布日期', '2024-03-01'],
    ['信息项名称', '数据类型', '数据长度', '说明'],
    ['统一社会信用代码', '字符型', 18, '主体标识'],
    ['企业名称', '字符型', 200, ''],
    ['成立日期', '日期型', 8, ''],
  ]);
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '登记表');
  const file = path.join(dir, 'form.xlsx');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  return file;
}

describe('信息项 inside a form sheet', () => {
  it('init and --guess propose a form template that joins the 信息项 block; it maps to one record with its items', async () => {
    const file = formSheet();
    const p = await proposeMapping(file);
    expect(p.base.source).toMatchObject({ layout: 'form' });
    expect(p.base.items).toMatchObject({ from: 'table-below', headerLabel: '信息项名称' });
    const g = proposalAsGuess(p);
    expect(Object.fromEntries(g.columns.filter((c) => c.field).map((c) => [c.column, c.field]))).toMatchObject({
      信息资源名称: '/title', 信息资源代码: '/resourceCode', 信息资源提供方: '/provider/name', 信息资源摘要: '/abstract', 更新周期: '/updateCycle', 发布日期: '/publishedDate',
    });
    const { records, report } = await mapToArray([file], g.template);
    expect(report).toMatchObject({ records: 1, rejected: 0 });
    expect(records[0]).toMatchObject({ title: '市场主体登记信息', resourceCode: '301001/00001', updateCycle: '每月' });
    expect(records[0].items?.map((i) => [i.name, i.dataType])).toEqual([['统一社会信用代码', 'C'], ['企业名称', 'C'], ['成立日期', 'D']]);
  });

  it('from the CLI: map --guess --save-template, then map; a bundled form template is proposed for the Songjiang form', async () => {
    const file = formSheet();
    const tpl = path.join(dir, 'form-template.json');
    const g = runCli(['map', file, '--guess', '--save-template', tpl]);
    expect(g.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(tpl, 'utf8')).items).toMatchObject({ from: 'table-below' });
    const m = runCli(['map', file, '-m', tpl, '-o', path.join(dir, 'form.jsonl')]);
    expect(m.code).toBe(0);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'form.jsonl'), 'utf8').trim());
    expect(rec.items).toHaveLength(3);
    const sj = await proposeMapping(fixture('real', 'songjiang_zyml_filled_test_upload.xls'));
    expect(sj.basis).toMatchObject({ kind: 'bundled', name: expect.stringMatching(/songjiang/) });
    const { records } = await mapToArray([fixture('real', 'songjiang_zyml_filled_test_upload.xls')], proposalAsGuess(sj).template);
    expect(records[0].items).toHaveLength(3);
  });
});
