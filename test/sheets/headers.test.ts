import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectSource } from '../../src/readers/inspect.js';
import { mapToArray } from '../../src/pipeline/map-sources.js';
import { loadTemplate } from '../../src/pipeline/load-template.js';
import { proposeMapping, proposalAsGuess } from '../../src/init/propose.js';
import { fieldLabel } from '../../src/model/record.js';
import { runCli } from '../helpers/cli.js';
import { writeDeptWorkbook, tempDir, DEPT, DEPT_CODE } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The field each leaf column of the department sheet should get. */
const EXPECTED: Record<string, string> = {
  类: '/directoryClass/class', 项: '/directoryClass/item', 目: '/directoryClass/heading', 细目: '/directoryClass/subheading',
  信息资源名称: '/title', 信息资源代码: '/resourceCode', 信息资源提供方: '/provider/name', 信息资源提供方代码: '/provider/code', 信息资源摘要: '/abstract',
  格式分类: '/format/category', 格式类型: '/format/type', 格式说明: '/format/note',
  共享属性: '/sharing/type', 共享条件: '/sharing/condition', 不予共享依据: '/sharing/basis', 共享方式: '/sharing/method',
  // The sheet's 开放条件 holds 无条件开放/有条件开放: its values say it is the openness type.
  是否开放: '/openness/open', 开放条件: '/openness/type', 更新周期: '/updateCycle', 发布日期: '/publishedDate', 关联资源代码: '/relatedResourceCodes',
};
const leaf = (c: string) => c.split('/').pop()!;

describe('multi-level merged headers', () => {
  for (const threeLevels of [false, true]) {
    it(`the parent label decides what 类/项/目/细目, 格式分类 and the 共享/开放 children mean (${threeLevels ? 3 : 2} header levels)`, async () => {
      const s = writeDeptWorkbook(dir, `levels${threeLevels ? 3 : 2}.xlsx`, { threeLevels });
      const g = proposalAsGuess(await proposeMapping(s.file));
      const placed = Object.fromEntries(g.columns.filter((c) => c.field).map((c) => [leaf(c.column), c.field]));
      expect(placed).toEqual(EXPECTED);
      expect(g.unplaced).toEqual(['序号']);
      expect(g.columns.find((c) => c.column === '资源格式/格式分类')).toMatchObject({ field: '/format/category' });
      expect(fieldLabel('/format/category', 'en')).toBe('format category'); // the label the CLI shows for it
      // The guessed template maps the sheet: class levels padded, the format category not overwritten by the type.
      const { records } = await mapToArray([s.file], g.template);
      expect(records[0]).toMatchObject({ directoryClass: { class: '3', item: '01', heading: '001' }, format: { category: '数据库', type: 'oracle' } });
      expect(records[3].sharing).toMatchObject({ type: '不予共享', basis: '涉及商业秘密，依法不予共享' });
    });
  }

  it('init and map --guess make ONE proposal; validate names the column of an empty required field', () => {
    const s = writeDeptWorkbook(dir, 'one.xlsx', { items: true });
    const guessFile = path.join(dir, 'guess.json');
    const guess = runCli(['map', s.file, '--guess', '--format', 'json', '--save-template', guessFile]);
    expect(guess.code, guess.stderr).toBe(0);
    const ws = path.join(dir, 'ws');
    fs.mkdirSync(ws);
    const init = runCli(['init', '--yes', '--dir', ws, '--name', DEPT, '--code', DEPT_CODE, '--division', '330106', '--sheet-file', s.file, '--format', 'json'], { input: '' });
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout).columns.map((c: { column: string; field?: string }) => [c.column, c.field ?? null]))
      .toEqual(JSON.parse(guess.stdout).columns.map((c: { column: string; field?: string }) => [c.column, c.field ?? null]));
    const fromInit = loadTemplate(path.join(ws, 'mapping.json'));
    const fromGuess = loadTemplate(guessFile);
    expect(fromInit.fields).toEqual(fromGuess.fields);
    expect(fromInit.items).toEqual(fromGuess.items);
    // An empty required cell: the error names its column.
    const csv = path.join(dir, 'empty-cell.csv');
    fs.writeFileSync(csv, '信息资源名称,格式分类,更新周期\n企业登记,,每月\n');
    const tpl = path.join(dir, 'e.json');
    expect(runCli(['map', csv, '--guess', '--save-template', tpl]).code).toBe(0);
    const v = runCli(['validate', csv, '--mapping', tpl, '--lang', 'zh']);
    expect(v.stdout).toContain('required-missing /format [列 B]');
  });
});

describe('values decide too', () => {
  it('a column\'s values weigh as much as its header; two columns with one meaning are ranked', async () => {
    const { guessFromHeaders } = await import('../../src/mapping/guess.js');
    const headers = ['资源名称', '详情', '开放条件', '创建时间', '发布时间', '提供方代码', '奇怪的列'];
    const values = [['甲', '乙'], ['https://data.example.cn/d/1', 'https://data.example.cn/d/2'], ['无条件开放', '有条件开放'], ['2020-01-01', '2020-02-01'], ['2021-01-01', '2021-02-01'], [DEPT_CODE, DEPT_CODE], ['x', 'y']];
    const g = guessFromHeaders(headers, { values });
    const by = Object.fromEntries(g.columns.map((c) => [c.column, c.field ?? null]));
    expect(by).toMatchObject({ 详情: '/onlineResources', 开放条件: '/openness/type', 发布时间: '/publishedDate', 创建时间: null, 奇怪的列: null });
    expect(g.unplaced).toEqual(['创建时间', '奇怪的列']);
  });

  it('never says every column was placed when it placed none', () => {
    const csv = path.join(dir, 'odd.csv');
    fs.writeFileSync(csv, '甲列,乙列\n1,2\n');
    const r = runCli(['map', csv, '--guess']);
    expect(r.stdout).not.toContain('every column was placed');
    expect(r.stdout).toContain('甲列, 乙列');
  });
});

describe('信息项 sheets', () => {
  it('the proposal finds the 信息项 sheet and joins it by 信息资源代码; records get their items', async () => {
    const s = writeDeptWorkbook(dir, 'items.xlsx', { items: true });
    const p = await proposeMapping(s.file);
    expect(p.sheet).toBe('资源目录');
    expect(p.base.items).toMatchObject({ from: 'sheet', sheet: '信息项', key: '信息资源代码', resourceKey: '信息资源代码' });
    expect(p.base.items?.fields?.map((f) => [f.column, f.field])).toEqual([['信息项名称', '/name'], ['数据类型', '/dataType'], ['数据长度', '/length']]);
    // The 信息项 sheet's columns are not proposed as columns of the resource table.
    expect(p.columns.map((c) => c.column)).not.toContain('信息项名称');
    const { records, report } = await mapToArray([s.file], proposalAsGuess(p).template);
    expect(records).toHaveLength(5);
    expect(records[0].items?.map((i) => [i.name, i.dataType])).toEqual([['统一社会信用代码', 'C'], ['名称', 'C']]); // 字符型 as the data-type code
    expect(records[1].items?.map((i) => i.name)).toEqual(['经营者姓名']);
    expect(report.warnings.filter((w) => w.code === 'map-item-orphan')).toEqual([]);
    expect((await inspectSource(s.file)).sheets.map((x) => x.name)).toEqual(['资源目录', '信息项']);
  });

  it('items-required-for-structured says what to add and that catalog template writes such a sheet', () => {
    const s = writeDeptWorkbook(dir, 'noitems.xlsx');
    const tpl = path.join(dir, 'n.json');
    expect(runCli(['map', s.file, '--guess', '--save-template', tpl]).code).toBe(0);
    const en = runCli(['validate', s.file, '--mapping', tpl]);
    expect(en.stdout).toContain('add an 信息项 sheet to the workbook (columns 信息资源代码, 信息项名称, 数据类型, 数据长度)');
    expect(en.stdout).toContain('catalog template');
  });
});
