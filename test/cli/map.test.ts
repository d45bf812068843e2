import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { unzipSync, strFromU8 } from 'fflate';
import { runCli, fixture, ROOT } from '../helpers/cli.js';

const real = (f: string) => fixture('real', f);
const template = (f: string) => path.join(ROOT, 'templates', f);
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-map-'));
  fs.writeFileSync(path.join(dir, 'catalog.config.json'), JSON.stringify({ department: { name: '上海市普陀区财政局', code: '11310107002430960M', division: '310107' } }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const saved = () => {
  const f = path.join(dir, 'anhui-template.json');
  fs.writeFileSync(f, JSON.stringify({ fields: [{ field: '/title', column: '标题', required: true }] }));
  return f;
};
const readJsonl = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('catalog map (CLI)', () => {
  it('maps the Putuo workbook to JSONL with defaults from the workspace config; --format json prints the run report', () => {
    const out = path.join(dir, 'putuo.jsonl');
    const r = runCli(['map', real('putuo_tbmb_czfr_multisheet.xls'), '--mapping', template('putuo-sheet-per-resource.json'), '-o', out, '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 8, records: 8, rejected: 0, blank: 0, rejects: [] });
    const records = readJsonl(out);
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({ title: '企业会计决算报表编制', provider: { name: '上海市普陀区财政局', code: '11310107002430960M' }, division: '310107' });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes records to stdout without -o, the report to stderr; rejects give exit 1 with the cell', () => {
    const r = runCli(['map', real('songjiang_zyml_filled_test_upload.xls'), real('songjiang_zyml_resource-templet.xls'), '-m', template('songjiang-form.json')], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0].items).toHaveLength(3);
    expect(r.stderr).toContain('songjiang_zyml_resource-templet.xls › sheet Sheet1 › row 2 › column C');
    expect(r.stderr).toContain('2 rows: 1 records, 1 rejected');
    const zh = runCli(['map', real('songjiang_zyml_resource-templet.xls'), '-m', template('songjiang-form.json'), '--lang', 'zh', '-o', path.join(dir, 'sj.jsonl')], { cwd: dir });
    expect(zh.stdout).toContain('工作表 Sheet1 › 第 2 行 › C 列');
    expect(zh.stdout).toContain('1 行：0 条记录，1 行被拒绝');
  });

  it('counts rows whose cells are all empty as blank, outside rows = records + rejected', () => {
    const csv = path.join(dir, 'blanks.csv');
    fs.writeFileSync(csv, '资源名称,提供单位\n道路,交通委\n,\n  ,\n,交通委\n桥梁,\n');
    const tpl = path.join(dir, 'blanks.json');
    fs.writeFileSync(tpl, JSON.stringify({ fields: [{ field: '/title', column: '资源名称', required: true }, { field: '/provider/name', column: '提供单位' }] }));
    const r = runCli(['map', csv, '-m', tpl, '-f', 'json', '-o', path.join(dir, 'blanks.jsonl')], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 3, records: 2, rejected: 1, blank: 2 });
    expect(report.rejects[0].provenance).toMatchObject({ row: 5, header: '资源名称' });
  });

  it('--sheet picks one sheet (name or index); --encoding overrides detection', () => {
    const one = runCli(['map', real('putuo_tbmb_czfr_multisheet.xls'), '-m', 'putuo-sheet-per-resource', '--sheet', '部门预算编制的审批', '-o', path.join(dir, 'one.jsonl'), '-f', 'json'], { cwd: dir });
    expect(JSON.parse(one.stdout)).toMatchObject({ rows: 1, records: 1 });
    expect(readJsonl(path.join(dir, 'one.jsonl'))[0]).toMatchObject({ title: '部门预算编制的审批', items: [{ name: '入库数据名称' }, { name: '统一社会信用代码' }, { name: '组织机构代码' }, { name: '编制部门' }, { name: '一般公共预算支出' }, { name: '财政专户支出' }, { name: '基金预算支出' }, { name: '结余资金弥补' }] });
    const third = runCli(['map', real('putuo_tbmb_czfr_multisheet.xls'), '-m', template('putuo-sheet-per-resource.json'), '--sheet', '3', '-f', 'json', '-o', path.join(dir, 'three.jsonl')], { cwd: dir });
    expect(readJsonl(path.join(dir, 'three.jsonl')).map((r: any) => r.title)).toEqual(['行政单位国有资产管理事项审批']);
    expect(JSON.parse(third.stdout).rows).toBe(1);
    const noSheet = runCli(['map', real('putuo_tbmb_czfr_multisheet.xls'), '-m', template('putuo-sheet-per-resource.json'), '--sheet', '不存在'], { cwd: dir });
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toContain('不存在');
    const tpl = path.join(dir, 'yilan.json');
    runCli(['map', real('yilan_catalogue_2018-03-20_big5.csv'), '--guess', '--save-template', tpl], { cwd: dir });
    const big5 = runCli(['map', real('yilan_catalogue_2018-03-20_big5.csv'), '-m', tpl, '--encoding', 'big5', '-o', path.join(dir, 'yilan.jsonl'), '-f', 'json'], { cwd: dir });
    expect(big5.code).toBe(0);
    const recs = readJsonl(path.join(dir, 'yilan.jsonl'));
    expect(JSON.parse(big5.stdout).records).toBe(recs.length);
    expect(recs.every((r: any) => typeof r.title === 'string' && !r.title.includes('\uFFFD'))).toBe(true);
  });

  it('--guess lists where columns go and what it could not place; --save-template writes a template that maps the file', () => {
    const saved = path.join(dir, 'xm.json');
    const g = runCli(['map', real('portal_records_fujian_xiamen.json'), '--guess', '--save-template', saved], { cwd: dir });
    expect(g.code).toBe(0);
    expect(g.stdout).toContain('目录名称 → /title');
    expect(g.stdout).toContain('数据来源 → /provider/name');
    expect(g.stdout).toContain('every column was placed');
    const m = runCli(['map', real('portal_records_fujian_xiamen.json'), '-m', saved, '-o', path.join(dir, 'xm.jsonl'), '-f', 'json'], { cwd: dir });
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ rows: 1001, records: 1001, rejected: 0 });

    // A header it does not know is listed, and lands in extensions.
    const csv = path.join(dir, 'odd.csv');
    fs.writeFileSync(csv, '资源名称,来源部门,奇怪的列\n道路,交通委,x\n');
    const j = runCli(['map', csv, '--guess', '--format', 'json'], { cwd: dir });
    const guess = JSON.parse(j.stdout);
    expect(guess.unplaced).toEqual(['奇怪的列']);
    expect(guess.template.fields.map((f: any) => f.field)).toEqual(['/title', '/provider/name']);
    // Several inputs: one template for the union of their headers.
    const csv2 = path.join(dir, 'odd2.csv');
    fs.writeFileSync(csv2, '资源名称,更新周期\n桥梁,每月\n');
    const both = JSON.parse(runCli(['map', csv, csv2, '--guess', '-f', 'json'], { cwd: dir }).stdout);
    expect(both.template.fields.map((f: any) => f.field)).toEqual(['/title', '/provider/name', '/updateCycle']);
  });

  it('usage errors exit 2 with one line: no template, missing template, invalid template (file + pointer), unreadable input', () => {
    const noTpl = runCli(['map', real('portal_records_anhui_anhui.json')], { cwd: dir });
    expect(noTpl.code).toBe(2);
    expect(noTpl.stderr).toMatch(/--mapping/);
    expect(runCli(['map', real('portal_records_anhui_anhui.json'), '-m', path.join(dir, 'nope.json')], { cwd: dir }).code).toBe(2);
    const bad = path.join(dir, 'bad-template.json');
    fs.writeFileSync(bad, JSON.stringify({ fields: [{ field: '/title', column: '标题', transforms: [{ codelist: 'Update Cycle' }] }] }));
    const b = runCli(['map', real('portal_records_anhui_anhui.json'), '-m', bad], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toContain('bad-template.json');
    expect(b.stderr).toContain('/fields/0/transforms/0/codelist');
    const noDir = runCli(['map', real('portal_records_anhui_anhui.json'), '-m', saved(), '-o', path.join(dir, 'no', 'such', 'x.jsonl')], { cwd: dir });
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain('folder does not exist');
    const missing = runCli(['map', path.join(dir, 'missing.xlsx'), '-m', template('guide2017-sheet.json')], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.xlsx');
  });
});

describe('catalog template (CLI) and the guide2017 round trip', () => {
  it('writes a blank .xlsx with instructions, Chinese headers and drop-down lists', () => {
    const out = path.join(dir, '目录编制表.xlsx');
    const r = runCli(['template', '--profile', 'guide2017', '-o', out], { cwd: dir });
    expect(r.code).toBe(0);
    const wb = XLSX.read(fs.readFileSync(out));
    expect(wb.SheetNames).toEqual(['目录编制表', '信息项']);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['目录编制表'], { header: 1 });
    expect(rows[1].slice(0, 6)).toEqual(['类', '项', '目', '细目', '信息资源名称', '信息资源代码']);
    expect(rows[0][0]).toContain('必填');
    const xml = strFromU8(unzipSync(fs.readFileSync(out))['xl/worksheets/sheet1.xml']);
    expect(xml).toMatch(/<\/sheetData><dataValidations count="\d+">/);
    expect(xml).toContain('<formula1>"实时,每日,每周,每旬,每月,每季度,每半年,每年,不定期,其他"</formula1>');
    expect(runCli(['template', '--profile', 'nope', '-o', out]).code).toBe(2);
    expect(runCli(['template', '-o', path.join(dir, 'x.pdf')]).code).toBe(2);
  });

  it('a filled sheet maps back with templates/guide2017-sheet.json and validates; items join by 信息资源代码', () => {
    const blank = path.join(dir, 'blank.xlsx');
    runCli(['template', '-o', blank], { cwd: dir });
    const wb = XLSX.read(fs.readFileSync(blank));
    XLSX.utils.sheet_add_aoa(wb.Sheets['目录编制表'], [
      ['3', 1, 2, '', '企业登记注册信息', '301002/00001', '', '', '全市企业登记信息。', '数据库', 'oracle', '', '有条件共享', '凭公函申请', '', '共享平台', '否', '', '每天', '2024年3月1日', ''],
      [],
      ['3', '01', '002', '', '  ', '301002/00002'],
      ['2', '05', '001', '', '道路信息', '205001/00001', '某市交通局', '11330100002482998R', '道路', '电子表格', 'xlsx', '', '无条件共享', '', '', '共享平台方式', '是', '无', '月度', 45352, '301002/00001'],
    ], { origin: 'A3' });
    XLSX.utils.sheet_add_aoa(wb.Sheets['信息项'], [['301002/00001', '企业名称', '字符型', 200], ['301002/00001', '成立日期', 'D', 8], ['205001/00001', '道路名称', 'varchar', 100], ['999999/1', '孤儿项', 'C', 1]], { origin: 'A3' });
    const filled = path.join(dir, 'filled.xlsx');
    fs.writeFileSync(filled, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const out = path.join(dir, 'filled.jsonl');
    const r = runCli(['map', filled, '-m', template('guide2017-sheet.json'), '-o', out, '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 3, records: 2, rejected: 1, blank: 0 });
    expect(report.rejects[0]).toMatchObject({ code: 'map-required-missing', provenance: { sheet: '目录编制表', row: 5, column: 'E' } });
    expect(report.warnings.find((w: any) => w.code === 'map-item-orphan')).toMatchObject({ value: '999999/1', provenance: { sheet: '信息项', row: 6 } });
    const [a, b] = readJsonl(out);
    expect(a).toMatchObject({
      directoryClass: { class: '3', item: '01', heading: '002' }, title: '企业登记注册信息', resourceCode: '301002/00001',
      provider: { name: '上海市普陀区财政局', code: '11310107002430960M' }, division: '310107',
      format: { category: '数据库', type: 'oracle' }, sharing: { type: '有条件共享', condition: '凭公函申请', method: '共享平台方式' },
      openness: { open: false }, updateCycle: '每日', publishedDate: '2024-03-01',
      items: [{ name: '企业名称', dataType: 'C', length: '200' }, { name: '成立日期', dataType: 'D', length: '8' }],
    });
    expect(a.extensions).toBeUndefined();
    expect(a.provenance.fields['/items/1/dataType']).toEqual({ sheet: '信息项', row: 4, column: 'C', header: '数据类型' });
    expect(b).toMatchObject({ title: '道路信息', updateCycle: '每月', publishedDate: '2024-03-01', openness: { open: true, condition: '无' }, items: [{ name: '道路名称', dataType: 'C' }], relatedResourceCodes: ['301002/00001'] });
    const v = runCli(['validate', out, '-f', 'json'], { cwd: dir });
    expect(JSON.parse(v.stdout).issues).toEqual([]);
    expect(v.code).toBe(0);
  });

  it('the blank .csv maps back too (no 信息项 sheet: reported, not silent)', () => {
    const csv = path.join(dir, '目录编制表.csv');
    expect(runCli(['template', '-o', csv], { cwd: dir }).code).toBe(0);
    const text = fs.readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    fs.writeFileSync(csv, text + '3,01,002,,企业登记注册信息,301002/00001,,,全市企业登记信息。,数据库,oracle,,无条件共享,,,共享平台方式,否,,每日,2024-03-01,\r\n');
    const r = runCli(['map', csv, '-m', template('guide2017-sheet.json'), '-o', path.join(dir, 'csv.jsonl'), '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ rows: 1, records: 1, rejected: 0 });
    expect(report.warnings.map((w: any) => w.code)).toContain('map-items-sheet-missing');
    expect(readJsonl(path.join(dir, 'csv.jsonl'))[0]).toMatchObject({ title: '企业登记注册信息', provider: { name: '上海市普陀区财政局' }, sharing: { type: '无条件共享' } });
  });
});

describe('catalog validate --mapping (CLI)', () => {
  it('maps and validates a spreadsheet in one pass; each issue names the cell and the value', () => {
    const r = runCli(['validate', real('songjiang_zyml_filled_test_upload.xls'), real('songjiang_zyml_resource-templet.xls'), '--mapping', template('songjiang-form.json'), '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.mapping).toMatchObject({ rows: 2, records: 1, rejected: 1 });
    const reject = report.issues.find((i: any) => i.code === 'map-required-missing');
    expect(reject.provenance).toMatchObject({ file: real('songjiang_zyml_resource-templet.xls'), sheet: 'Sheet1', row: 2, column: 'C' });
    expect(report.valid).toBe(false);
    for (const i of report.issues) expect(i.provenance.sheet).toBe('Sheet1');
  });

  it('an offending value is reported with its cell', () => {
    const csv = path.join(dir, 'bad-cycle.csv');
    fs.writeFileSync(csv, '资源名称,更新频率,发布日期\n道路,每两年,2016年8月2日\n');
    const tpl = path.join(dir, 'csv-template.json');
    fs.writeFileSync(tpl, JSON.stringify({ fields: [{ field: '/title', column: '资源名称', required: true }, { field: '/updateCycle', column: '更新频率', transforms: [{ codelist: 'update-cycle' }] }, { field: '/publishedDate', column: '发布日期', transforms: ['date'] }] }));
    const r = runCli(['validate', csv, '-m', tpl, '-f', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const issue = JSON.parse(r.stdout).issues.find((i: any) => i.path === '/updateCycle');
    expect(issue).toMatchObject({ code: 'enum-mismatch', value: '每两年', provenance: { file: csv, row: 2, header: '更新频率' } });
  });

  it('uses the workspace config\'s default template for spreadsheets only, not for record files', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-ws-'));
    try {
      fs.writeFileSync(path.join(ws, 'catalog.config.json'), JSON.stringify({ mapping: template('putuo-sheet-per-resource.json'), department: { name: '上海市普陀区财政局', code: '11310107002430960X' } }));
      const r = runCli(['validate', real('putuo_tbmb_czfr_multisheet.xls'), fixture('records', 'valid-guide2017.jsonl'), '-f', 'json'], { cwd: ws });
      const report = JSON.parse(r.stdout);
      expect(report.mapping).toMatchObject({ rows: 8, records: 8, rejected: 0 });
      expect(report.stats.records).toBe(10); // 8 mapped sheets + 2 records read as records
      expect(report.issues.filter((i: any) => i.provenance.file.endsWith('.jsonl'))).toEqual([]);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a spreadsheet without --mapping is a usage error', () => {
    const r = runCli(['validate', real('putuo_tbmb_czfr_multisheet.xls')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--mapping');
  });
});
