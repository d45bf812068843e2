import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { readSource } from '../../../src/readers/source.js';
import { readGrid, gridRows } from '../../../src/readers/sheets.js';
import { inspectSource } from '../../../src/readers/inspect.js';
import { ReadError, type SourceRow } from '../../../src/readers/row.js';
import { detectEncoding } from '../../../src/readers/encoding.js';
import { sniffFormat } from '../../../src/readers/sniff.js';
import { tCode } from '../../../src/i18n/t.js';
import { fixture } from '../../helpers/cli.js';

const real = (f: string) => fixture('real', f);
const made = (f: string) => fixture('made', f);

async function all(file: string, options: Parameters<typeof readSource>[1] = {}): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const r of readSource(file, options)) rows.push(r);
  return rows;
}

async function readError(p: Promise<unknown>): Promise<ReadError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ReadError);
    return err as ReadError;
  }
  throw new Error('expected a ReadError');
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-readers-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, data: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
};

describe('CSV encodings (real files)', () => {
  it('detects the Yilan Big5 CSV as Big5 (never GB18030) and decodes it with no replacement characters', async () => {
    const file = real('yilan_catalogue_2018-03-20_big5.csv');
    const guess = detectEncoding(fs.readFileSync(file), file);
    expect(guess.encoding).toBe('big5');
    expect(guess.encoding).not.toBe('gb18030');
    const rows = await all(file);
    // 357 lines: one header + 356 records (counted with Python's csv module on the big5hkscs-decoded text).
    expect(rows).toHaveLength(356);
    expect(Object.keys(rows[0].values)).toEqual(['資料集名稱', '資料來源', '聯絡人', '聯絡電話', '資料說明']);
    expect(rows[0].values['資料集名稱']).toBe('宜蘭縣殯葬設施一覽表');
    for (const r of rows) for (const v of Object.values(r.values)) expect(String(v)).not.toContain('\uFFFD');
    // 0xF9DC is a Big5 extension character (嫺); a GBK reading would garble it.
    expect(rows[10].values['聯絡人']).toBe('吳怡嫺');
    expect(rows[10].provenance).toEqual({ file, row: 12, line: 12 });
    expect(rows.at(-1)!.values['資料集名稱']).toBe('宜蘭縣各鄉鎮市環保志工隊名單');
  });

  it('reads the headerless multi-line Yilan CSV with the right row count', async () => {
    const file = real('yilan_catalogue_2018-03-20_headerless_multiline.csv');
    const text = fs.readFileSync(file, 'utf8');
    // Independent count: every record ends with its portal path "/dataset/…", each unique; 401 physical lines.
    const ids = text.match(/\/dataset\/[\w-]+/g)!;
    expect(new Set(ids).size).toBe(ids.length);
    expect(text.split('\n').length - 1).toBe(401);
    const rows = await all(file, { header: false });
    expect(rows).toHaveLength(ids.length);
    expect(rows).toHaveLength(357);
    expect(Object.keys(rows[0].values)).toEqual(['1', '2', '3']);
    expect(rows[0].values['1']).toBe('宜蘭縣政府107年度歲入預算執行情形表');
    for (const r of rows) expect(String(r.values['3'])).toMatch(/^\/dataset\//);
    const multi = rows.filter((r) => String(r.values['2']).includes('\n'));
    expect(multi.length).toBe(401 - 357); // each multi-line record here spans two lines
    expect(multi[0].provenance.line).toBe(141);
    expect(multi[1].provenance.line).toBe(143);
    expect(rows.at(-1)!.provenance.line).toBe(401);
  });

  it('reads the Taitung UTF-8 CSV with a BOM (the BOM is not part of the first header)', async () => {
    const file = real('taitung_shelters_utf8_bom.csv');
    const info = await inspectSource(file);
    expect(info).toMatchObject({ format: 'csv', encoding: 'UTF-8', confidence: 100, encodingSource: 'bom', delimiter: ',' });
    const rows = await all(file);
    expect(rows).toHaveLength(168);
    expect(Object.keys(rows[0].values)[0]).toBe('主管機關');
    expect(Object.keys(rows[0].values)).toHaveLength(13);
    expect(rows[0].values).toMatchObject({ 主管機關: '臺東縣政府', 收容所編號: 'SV950-0001', 收容所名稱: '臺東市公所' });
    expect(rows[0].cells['收容所編號']).toEqual({ row: 2, column: 'B', header: '收容所編號' });
  });

  it('detects the project-made GB18030 CSV as GB18030 (not Big5) and decodes it like its UTF-8 twin', async () => {
    const file = made('project-made_gb18030_catalogue.csv');
    expect(detectEncoding(fs.readFileSync(file), file).encoding).toBe('gb18030');
    const rows = await all(file);
    const twin = await all(made('project-made_gb18030_catalogue.utf8.csv'));
    expect(rows.map((r) => r.values)).toEqual(twin.map((r) => r.values));
    expect(rows).toHaveLength(10);
    expect(rows[3].values['资源摘要']).toBe('低保对象家庭人口、保障金额及发放情况\n（涉及个人隐私，仅限政务共享）');
    expect(rows[4].provenance.line).toBe(7);
  });

  it('stops with encoding-uncertain when too little text to tell GB18030 from Big5, and honours --encoding', async () => {
    const gb = fs.readFileSync(made('project-made_gb18030_catalogue.csv'));
    const short = write('short.csv', Buffer.concat([gb.subarray(0, gb.indexOf(0x2c)), Buffer.from('\n')])); // "资源名称" alone: 8 bytes
    const err = await readError(all(short));
    expect(err.code).toBe('encoding-uncertain');
    expect(tCode(err.code, 'en', err.params)).toContain('--encoding');
    const rows = await all(short, { encoding: 'gbk', header: false });
    expect(rows[0].values['1']).toBe('资源名称');
    await expect(readError(all(short, { encoding: 'latin-9' }))).resolves.toMatchObject({ code: 'encoding-unknown' });
  });

  it('a file that is UTF-8 for its first megabyte and GBK later stops at the GBK line (never garbled)', async () => {
    const gb = fs.readFileSync(made('project-made_gb18030_catalogue.csv'));
    const gbLine = gb.subarray(gb.indexOf(0x0a) + 1, gb.indexOf(0x0a, gb.indexOf(0x0a) + 1) + 1);
    const body = Array.from({ length: 40000 }, (_, i) => `${i},${'x'.repeat(28)},,,\n`).join('');
    const file = write('late.csv', Buffer.concat([Buffer.from('资源名称,资源提供方,更新周期,开放属性,资源摘要\n'), Buffer.from(body), gbLine]));
    let n = 0;
    const err = await readError((async () => {
      for await (const _ of readSource(file)) n++;
    })());
    expect(err).toMatchObject({ code: 'encoding-invalid-bytes', params: { line: 40002, encoding: 'UTF-8' } });
    expect(n).toBeLessThanOrEqual(40000);
  });

  it('names the line of invalid bytes and of replacement characters', async () => {
    const bad = write('bad.csv', Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]));
    const e1 = await readError(all(bad, { encoding: 'utf-8' }));
    expect(e1).toMatchObject({ code: 'encoding-invalid-bytes', params: { line: 3, encoding: 'UTF-8' } });
    const fffd = write('fffd.csv', 'a,b\n1,2\n3,\uFFFD\n');
    const e2 = await readError(all(fffd));
    expect(e2).toMatchObject({ code: 'encoding-replacement-char', params: { line: 3 } });
    expect(tCode(e2.code, 'zh', e2.params)).toContain('第 3 行');
  });
});

describe('CSV shapes', () => {
  it('sniffs ; tab and | delimiters', async () => {
    expect((await all(write('s.csv', 'a;b;c\n1;2;"x;y"\n')))[0].values).toEqual({ a: '1', b: '2', c: 'x;y' });
    expect((await all(write('t.tsv', 'a\tb\n1\t2\n')))[0].values).toEqual({ a: '1', b: '2' });
    expect((await all(write('p.csv', 'a|b|c\n1|2|3\n')))[0].values).toEqual({ a: '1', b: '2', c: '3' });
    expect((await all(write('d.csv', 'a;b\n1;2\n'), { delimiter: ',' }))[0].values).toEqual({ 'a;b': '1;2' });
  });

  it('reports ragged rows as warnings, keeps extra cells, and never crashes', async () => {
    const rows = await all(write('r.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n'));
    expect(rows).toHaveLength(3);
    expect(rows[0].warnings).toBeUndefined();
    expect(rows[1].values).toEqual({ a: '4', b: '5', c: null });
    expect(rows[1].warnings).toEqual([{ code: 'ragged-row', params: expect.objectContaining({ line: 3, expected: 3, actual: 2 }) }]);
    expect(rows[2].values['#4']).toBe('9');
  });

  it('reports the physical start line of records with LF, CRLF and CR line ends, blank lines, quoted line breaks and a BOM', async () => {
    const lines = async (name: string, text: string) => (await all(write(name, text))).map((r) => [r.provenance.line, Object.values(r.values)]);
    // LF, a quoted line break, no final line break.
    expect(await lines('l1.csv', 'a,b\n"x\ny",2\n3,4')).toEqual([[2, ['x\ny', '2']], [4, ['3', '4']]]);
    // CRLF with skipped blank lines (each "\r\n" one line) and a quoted LF inside a record.
    expect(await lines('l2.csv', 'a,b\r\n\r\n1,2\r\n\r\n\r\n"x\ny",2\r\n3,4\r\n')).toEqual([[3, ['1', '2']], [6, ['x\ny', '2']], [8, ['3', '4']]]);
    // A BOM before the header changes nothing; CR-only line ends count like any other.
    expect(await lines('l3.csv', '\uFEFFa,b\r1,2\r3,4\r')).toEqual([[2, ['1', '2']], [3, ['3', '4']]]);
    // A CRLF file whose last line ends with a lone LF: that LF is part of the last cell (csv-parse keeps the
    // line-end style it found first), and the record still starts on its own line.
    expect(await lines('l4.csv', 'a,b\r\n1,2\r\n3,4\n')).toEqual([[2, ['1', '2']], [3, ['3', '4\n']]]);
    expect(await lines('l5.csv', 'a,b\r\n1,2\r\n"3\n",4\n')).toEqual([[2, ['1', '2']], [3, ['3\n', '4\n']]]);
    // Blank LF lines before a record: it starts after them.
    expect(await lines('l6.csv', 'a,b\n1,2\n\n\n3,4\n5,6\n')).toEqual([[2, ['1', '2']], [5, ['3', '4']], [6, ['5', '6']]]);
    // A quoted "\r\n" is one line break (csv-parse counts two): neither that record nor the later ones shift.
    expect(await lines('l7.csv', 'a,b\n"x\r\ny",2\n3,4\n')).toEqual([[2, ['x\r\ny', '2']], [4, ['3', '4']]]);
    expect(await lines('l8.csv', 'a,b\r\n"x\r\ny",2\r\n3,4\r\n')).toEqual([[2, ['x\r\ny', '2']], [4, ['3', '4']]]);
    // A quoted lone "\r" is a line break too.
    expect(await lines('l9.csv', 'a,b\n"x\ry",2\n3,4\n')).toEqual([[2, ['x\ry', '2']], [4, ['3', '4']]]);
  });

  it('keeps a character outside the BMP whole where the reader cuts the text it hands to csv-parse', async () => {
    // The reader feeds csv-parse 4,096 characters at a time: put a surrogate pair across each of the first cuts.
    for (const before of [4091, 4092, 4093]) {
      const cell = 'x'.repeat(before) + '𠀋' + 'y'.repeat(5000) + '𠀋';
      const rows = await all(write(`sp${before}.csv`, `a,b\n${cell},宜蘭\n`));
      expect(rows.map((r) => r.values)).toEqual([{ a: cell, b: '宜蘭' }]);
    }
  });

  it('names the line where an unclosed quote starts; reads latin1 only when asked', async () => {
    const err = await readError(all(write('q.csv', 'a,b\n1,2\n3,"abc\n4,5\n')));
    expect(err).toMatchObject({ code: 'csv-parse-error', params: { line: 3 } });
    const latin = write('l.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]));
    expect((await readError(all(latin))).code).toBe('encoding-uncertain');
    expect((await all(latin, { encoding: 'latin1' }))[0].values).toEqual({ a: 'café', b: '1' });
  });

  it('removes NUL bytes, names duplicate and empty headers, honours headerRow', async () => {
    const rows = await all(write('n.csv', 'title line\nname,name,,x\n1,2\x00,3,4\n'), { headerRow: 2 });
    expect(rows[0].values).toEqual({ name: '1', 'name (2)': '2', '3': '3', x: '4' });
    const info = await inspectSource(path.join(tmp, 'n.csv'), { headerRow: 2 });
    expect(info.nulChars).toBe(1);
  });
});

describe('workbooks (real files)', () => {
  it('reads every sheet of the Putuo BIFF8 workbook (code page 936) with its header row', async () => {
    const file = real('putuo_tbmb_czfr_multisheet.xls');
    const info = await inspectSource(file);
    expect(info.format).toBe('xls');
    expect(info.sheets.map((s) => s.name)).toEqual(['企业会计决算报表编制', '部门预算编制的审批', '行政单位国有资产管理事项审批', '会计代理记账机构执业资格审批', '行政事业单位账户设立审批', '政府采购进口产品审核', '政府采购采用公开招标以外方式的审批', '财政退库事项审批']);
    for (const s of info.sheets) {
      expect(s.headerRow).toBe(1);
      expect(s.columns[0]).toBe('入库数据名称');
      expect(s.rows).toBe(10); // rows 2–11 hold the sequence numbers 1–10
    }
    expect(info.sheets[1].columns).toEqual(['入库数据名称', '统一社会信用代码', '组织机构代码', '编制部门', '一般公共预算支出', '财政专户支出', '基金预算支出', '结余资金弥补']);
    const rows = await all(file, { sheet: '部门预算编制的审批' });
    expect(rows).toHaveLength(10);
    expect(rows[0].provenance).toEqual({ file, sheet: '部门预算编制的审批', row: 2 });
    expect(rows[0].cells['入库数据名称']).toEqual({ sheet: '部门预算编制的审批', row: 2, column: 'A', header: '入库数据名称' });
    expect((await all(file, { sheet: 8 }))[0].provenance.sheet).toBe('财政退库事项审批');
    const err = await readError(all(file, { sheet: 'nope' }));
    expect(err.code).toBe('sheet-not-found');
    expect(String(err.params.available)).toContain('1:企业会计决算报表编制');
  });

  it('sniffs the HTML-disguised jucunwei ".xls" as HTML and reads it as a table below its title', async () => {
    const file = real('jucunwei_jichuxinxi_html_disguised.xls');
    expect(sniffFormat(file)).toBe('html');
    const info = await inspectSource(file);
    expect(info.format).toBe('html');
    expect(info.sheets[0].headerRow).toBe(2); // row 1 is the title 居村委基础信息表 merged across the table
    expect(info.sheets[0].columns.slice(0, 4)).toEqual(['区县', '街镇', '名称', '辖区面积(平方公里)']);
    expect(info.sheets[0].columns).toHaveLength(19);
    const rows = await all(file);
    expect(rows).toHaveLength(21); // 23 <tr> in the file: title, header, 21 rows
    expect(rows[0].values).toMatchObject({ 区县: '徐汇区', 街镇: '天平路街道', 名称: '上海新村居委会' });
  });

  it('fills vertically merged values down their rows (dingshu merged cells)', async () => {
    const rows = await all(real('dingshu_result_import_template_merged_cells.xlsx'));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.values['领域数据元名称'])).toEqual(['领域数据元1', '领域数据元2', '领域数据元3']);
    for (const r of rows) expect(r.values).toMatchObject({ 序号: 1, 基准数据元名称: '基准数据元一（示例，请自行删除本行）', 数据类型: '字符型' });
    const [grid] = await readGrid(real('dingshu_result_import_template_merged_cells.xlsx'));
    expect(grid.merges.map((m) => m.ref)).toEqual(['A2:A4', 'B2:B4', 'C2:C4', 'D2:D4']);
    expect(grid.raw[2][0]).toBeNull();
    expect(grid.values[2][0]).toBe(1);
  });

  it('reads the dingyuan template', async () => {
    const rows = await all(real('dingyuan_result_import_template.xlsx'));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0].values)).toEqual(['序号', '数据元名称', '数源单位统一社会信用代码']);
  });

  it('gives the Songjiang form-style template and its filled upload as grids: key/value cells, then the 信息项 table', async () => {
    const [filled] = await readGrid(real('songjiang_zyml_filled_test_upload.xls'));
    const [blank] = await readGrid(real('songjiang_zyml_resource-templet.xls'));
    expect(filled.name).toBe('Sheet1');
    // Key in column B, value in C (merged C:I on the single-value rows).
    expect(String(filled.raw[1][1]).trim()).toBe('资源目录名称');
    expect(filled.raw[1][2]).toBe('测试目录模板上传');
    expect(filled.merges.find((m) => m.top === 2 && m.left === 3)?.ref).toBe('C2:I2');
    expect(filled.values[1][8]).toBe('测试目录模板上传');
    expect(filled.raw[1][8]).toBeNull();
    expect(blank.raw[1][2]).toBeNull();
    // Paired rows: 业务联系人 | value | 联系电话 | value.
    expect(String(filled.raw[8][1]).trim()).toBe('业务联系人');
    expect(filled.raw[8][2]).toBe('张三');
    expect(String(filled.raw[8][5]).trim()).toBe('联系电话');
    expect(String(filled.raw[8][6])).toBe('33333');
    // The 信息项 table: header at row 14, three items, then the endFlag marker.
    expect(filled.raw[13].slice(1, 8)).toEqual(['资源项名称', '字段名', '数据类型', '备注', '共享属性', '公开属性', '不予共享/公开理由']);
    expect(filled.raw[14].slice(1, 7)).toEqual(['资源名称1', 'col1', '数字', 11, '按需共享', '普遍公开']); // 备注 is a number cell
    expect(filled.raw[16][1]).toBe('资源名称3');
    expect(filled.raw[17][1]).toBe('endFlag');
    expect(blank.raw[13][1]).toBe('资源项名称');
    // The 信息项 table as rows, ending at the endFlag marker.
    const items = [...gridRows('filled.xls', filled, { headerRow: 14, stopAt: 'endFlag' })];
    expect(items.map((r) => r.values['资源项名称'])).toEqual(['资源名称1', '资源名称2', '资源名称3']);
    expect(items[2].values).toMatchObject({ 字段名: 'col3', 数据类型: '日期', 共享属性: '不共享' });
    expect(items.map((r) => r.provenance.row)).toEqual([15, 16, 17]);
    expect(items[0].cells['字段名']).toEqual({ sheet: 'Sheet1', row: 15, column: 'C', header: '字段名' });
    // Header detection finds the same table row.
    const info = await inspectSource(real('songjiang_zyml_filled_test_upload.xls'));
    expect(info.sheets[0].headerRow).toBe(14);
  });
});

describe('workbooks (project-made at test time)', () => {
  function build(): string {
    const ws = XLSX.utils.aoa_to_sheet([
      ['某区政务信息资源目录'],
      ['填表说明：请逐项填写，日期格式为年-月-日，不要改动表头，也不要在表格下方填写其他内容。'],
      ['资源名称', '提供方', null, '发布日期', '数量'],
      [null, '名称', '代码', null, null],
      ['企业登记', '市场监管局', '11310000', new Date(Date.UTC(2016, 7, 2)), 3],
      [null, '税务局', '11310001', new Date(Date.UTC(2017, 0, 31)), 4],
      ['合计', null, null, null, null],
    ], { cellDates: true });
    ws['E7'] = { t: 'n', v: 7, f: 'SUM(E5:E6)' };
    ws['!merges'] = ['A1:E1', 'B3:C3', 'A3:A4', 'D3:D4', 'E3:E4', 'A5:A6'].map((r) => XLSX.utils.decode_range(r));
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '目录');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['信息项名称', '数据类型'], ['企业名称', '字符型']]), '信息项');
    return write('made.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  }

  it('skips title and instruction rows, joins a merged parent header with its children, reads dates and cached formula values', async () => {
    const file = build();
    const info = await inspectSource(file, { sheet: '目录' });
    expect(info.sheets[0]).toMatchObject({ headerRow: 3, columns: ['资源名称', '提供方/名称', '提供方/代码', '发布日期', '数量'], rows: 2, skipped: [7] });
    const rows = await all(file, { sheet: 1 });
    expect(rows.map((r) => r.values)).toEqual([
      { 资源名称: '企业登记', '提供方/名称': '市场监管局', '提供方/代码': '11310000', 发布日期: '2016-08-02', 数量: 3 },
      { 资源名称: '企业登记', '提供方/名称': '税务局', '提供方/代码': '11310001', 发布日期: '2017-01-31', 数量: 4 },
    ]); // the 合计 row under the table is a footer (skipped, reported by inspect)
    expect(rows[0].provenance.row).toBe(5);
    expect(rows[0].cells['发布日期']).toEqual({ sheet: '目录', row: 5, column: 'D', header: '发布日期' });
    // Every sheet by default; headerRow override.
    expect((await all(file)).length).toBe(3);
    const forced = await all(file, { sheet: '目录', headerRow: 4 });
    expect(Object.keys(forced[0].values)).toContain('名称');
  });

  it('the same workbook saved as BIFF8 .xls reads the same', async () => {
    const wb = XLSX.read(fs.readFileSync(build()), { cellNF: true }); // keep the date number formats when re-saving
    const xls = write('made.xls', XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    expect(sniffFormat(xls)).toBe('xls');
    const rows = await all(xls, { sheet: '目录' });
    expect(rows[1].values).toMatchObject({ '提供方/名称': '税务局', 发布日期: '2017-01-31' });
  });

  it('refuses password-protected and malformed workbooks with a clear message', async () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    const header = Buffer.alloc(64);
    header.writeUInt16LE(4, 0);
    header.writeUInt16LE(4, 2);
    header.writeUInt32LE(0x40, 4);
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', header);
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(512, 7));
    const enc = write('secret.xlsx', XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
    const e1 = await readError(all(enc));
    expect(e1.code).toBe('workbook-encrypted');
    expect(tCode(e1.code, 'zh', e1.params)).toContain('密码');
    const junk = write('junk.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 3)]));
    expect((await readError(all(junk))).code).toBe('workbook-unreadable');
    const page = write('page.xls', '<html><body><p>会话已过期，请重新登录</p></body></html>');
    expect((await readError(all(page))).code).toBe('html-no-table');
  });
});

describe('JSON and XML', () => {
  it('reads the Anhui and Xiamen portal dumps as rows', async () => {
    const anhui = await all(real('portal_records_anhui_anhui.json'));
    expect(anhui).toHaveLength(JSON.parse(fs.readFileSync(real('portal_records_anhui_anhui.json'), 'utf8')).length);
    expect(anhui).toHaveLength(700);
    expect(anhui[0].values).toMatchObject({ 标题: '六次全省人口普查基本情况信息', 提供单位: '省统计局', 更新频率: '每年', 数据格式: "['api']" });
    expect(anhui[0].provenance).toEqual({ file: real('portal_records_anhui_anhui.json'), row: 1 });
    const xiamen = await all(real('portal_records_fujian_xiamen.json'));
    expect(xiamen).toHaveLength(1001);
    expect(xiamen[0].values).toMatchObject({ 目录名称: '厦门市大气超级站激光雷达监测数据', 开放类型: '依申请开放', 数据来源: '厦门市生态环境局' });
  });

  it('finds the dataset array of a data.json catalog, flattens nested objects with dotted keys, keeps a single object as one record', async () => {
    const rows = await all(real('collection-1-parent-2-children.data.json'));
    expect(rows).toHaveLength(3);
    const ckan = await all(real('ckan_ckan_full_dataset_dcat_ap.json'));
    expect(ckan).toHaveLength(1);
    expect(ckan[0].values['tags.0.name']).toBeDefined();
    expect(Array.isArray(ckan[0].values['tags'])).toBe(true);
    const nested = await all(write('n.json', JSON.stringify({ result: { results: [{ title: 'a', distribution: [{ format: 'CSV' }] }] } })));
    expect(nested[0].values).toMatchObject({ title: 'a', 'distribution.0.format': 'CSV' });
    const jsonl = write('r.jsonl', '{"a":1}\n\n{"a":2,"b":{"c":3}}\n');
    expect(sniffFormat(jsonl)).toBe('jsonl');
    const jl = await all(jsonl);
    expect(jl.map((r) => r.provenance.line)).toEqual([1, 3]);
    expect(jl[1].values['b.c']).toBe(3);
    expect((await readError(all(write('bad.json', '[{"a":1},\n{"a":}]')))).params.line).toBe(2);
  });

  it('streams XML records at a record path (auto-detected or given) with leaf paths as keys', async () => {
    const file = real('oaipmh_get_ListRecords_oai_dc.xml');
    const info = await inspectSource(file);
    expect(info.recordPath).toBe('/oai:OAI-PMH/oai:ListRecords/oai:record');
    expect(info.sheets[0].rows).toBe(10); // 10 <oai:record> elements in the file
    const rows = await all(file, { recordPath: 'ListRecords/record' });
    expect(rows).toHaveLength(10);
    expect(rows[0].values['oai:header.oai:identifier']).toBeDefined();
    expect(Object.keys(rows[0].values).some((k) => k.includes('xmlns'))).toBe(false);
    const one = await all(real('cite_Record_19887a8a-f6b0-4a63-ae56-7fba0e17801f.xml'));
    expect(one).toHaveLength(1);
    expect(one[0].values).toMatchObject({ 'dc:title': 'Lorem ipsum', 'dc:identifier': 'urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f' });
    const own = write('c.xml', '<?xml version="1.0"?>\n<catalog><record id="1"><title>企业登记</title><kw>a</kw><kw>b</kw></record>\n<record id="2"><title><![CDATA[x & y]]></title></record></catalog>');
    const r = await all(own, { recordPath: 'catalog/record' });
    expect(r.map((x) => x.values)).toEqual([{ '@id': '1', title: '企业登记', kw: ['a', 'b'] }, { '@id': '2', title: 'x & y' }]);
    expect(r[1].provenance.line).toBe(3);
    expect((await readError(all(own, { recordPath: 'catalog/item' }))).code).toBe('xml-no-records');
  });

  it('the default record path prefers the record element over repeated leaves inside it', async () => {
    // one ISO 19139 record: its two keyword blocks are not two records
    expect((await inspectSource(real('pycsw_apiso_3e9a8c05.xml'))).recordPath).toBe('/gmd:MD_Metadata');
    expect(await all(real('pycsw_apiso_3e9a8c05.xml'))).toHaveLength(1);
    // one ISO 19115-3 record: three online resources in two transferOptions, still one record
    expect(await all(real('pycsw_iso19115p3_auscope-3d-model.xml'))).toHaveLength(1);
    // a CSW answer: through the wrapper to the repeated MD_Metadata
    const csw = await inspectSource(real('pycsw_iso19115p3_GetRecords-filter-bbox.xml'));
    expect(csw.recordPath).toBe('/csw:GetRecordsResponse/csw:SearchResults/mdb:MD_Metadata');
    expect(csw.sheets[0].rows).toBe(2);
    // a catalogue holding a single record: the record, not the catalogue
    const single = write('one.xml', '<catalog><record><title>企业登记</title><kw>a</kw><kw>b</kw></record></catalog>');
    expect((await inspectSource(single)).recordPath).toBe('/catalog/record');
  });

  it('refuses XXE and billion-laughs files before expanding anything', async () => {
    const xxe = write('xxe.xml', '<?xml version="1.0"?>\n<!DOCTYPE catalog [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<catalog><record><title>&xxe;</title></record></catalog>\n');
    const lol = write('lol.xml', `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<lolz><record><t>&lol9;</t></record></lolz>\n`);
    for (const f of [xxe, lol]) {
      const err = await readError(all(f));
      expect(err.code).toBe('xml-entity-refused');
      expect(tCode(err.code, 'en', err.params)).toContain('refused');
      expect((await readError(all(f, { recordPath: 'record' }))).code).toBe('xml-entity-refused');
    }
    const undef = write('u.xml', '<catalog><record><title>&nope;</title></record></catalog>');
    expect((await readError(all(undef, { recordPath: 'record' }))).code).toBe('xml-parse-error');
  });
});

describe('declared charsets (project-made GBK fixtures)', () => {
  it('reads an HTML-table ".xls" declared as GBK, like its UTF-8 twin', async () => {
    const file = made('project-made_gbk_html_table.xls');
    const info = await inspectSource(file);
    expect(info).toMatchObject({ format: 'html', encoding: 'GB18030', encodingSource: 'declared' });
    expect(info.sheets[0]).toMatchObject({ headerRow: 2, columns: ['资源名称', '提供单位', '更新周期'], rows: 2 });
    const twin = await all(made('project-made_gbk_html_table.utf8.html'));
    expect((await all(file)).map((r) => r.values)).toEqual(twin.map((r) => r.values));
    expect(twin[1].values).toEqual({ 资源名称: '户籍人口统计数据', 提供单位: '区公安分局', 更新周期: '每月' });
  });

  it('trusts valid UTF-8 bytes over a wrong charset declaration', async () => {
    const lying = write('lying.xls', fs.readFileSync(made('project-made_gbk_html_table.utf8.html')));
    expect((await inspectSource(lying)).encodingSource).toBe('utf8-valid');
  });

  it('reads XML declared as GB2312', async () => {
    const rows = await all(made('project-made_gb2312_catalogue.xml'));
    const twin = await all(made('project-made_gb2312_catalogue.utf8.xml'));
    expect(rows.map((r) => r.values)).toEqual(twin.map((r) => r.values));
    expect(rows[1].values).toEqual({ '@编号': '2', 名称: '户籍人口统计数据', 提供方: '区公安分局' });
    expect((await inspectSource(made('project-made_gb2312_catalogue.xml'))).encodingSource).toBe('declared');
  });
});

describe('readSource errors', () => {
  it('names missing and empty files', async () => {
    expect((await readError(all(path.join(tmp, 'missing.csv')))).code).toBe('read-file-not-found');
    expect((await readError(all(write('empty.csv', '')))).code).toBe('read-empty-file');
    expect((await readError(all(tmp))).code).toBe('read-not-a-file');
  });
});
