import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/readers/sniff.js';
import { inspectSource } from '../../src/readers/inspect.js';
import { mapToArray } from '../../src/pipeline/map-sources.js';
import { ReadError } from '../../src/readers/row.js';
import { tCode } from '../../src/i18n/t.js';
import { runCli, fixture, ROOT } from '../helpers/cli.js';
import { rawZip } from '../helpers/rawzip.js';
import { writeDeptWorkbook, tempDir } from '../helpers/dept-sheet.js';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: Uint8Array | string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, data);
  return f;
};
const codeOf = (file: string) => {
  try {
    sniffFormat(file);
  } catch (err) {
    if (err instanceof ReadError) return err.code;
    throw err;
  }
  return 'readable';
};
const text = (s: string) => new TextEncoder().encode(s);

describe('files that are not spreadsheets, known by their magic bytes', () => {
  it('names PDF, Word, PowerPoint, zip, images, archives and other binaries, whatever the extension', () => {
    const ole = (stream: string) => {
      const cfb = XLSX.CFB.utils.cfb_new();
      XLSX.CFB.utils.cfb_add(cfb, `/${stream}`, Buffer.alloc(600, 1));
      return XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer;
    };
    const cases: [string, Uint8Array | string, string][] = [
      ['report.xlsx', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n', 'not-a-spreadsheet-pdf'],
      ['form.xlsx', rawZip([{ name: '[Content_Types].xml', data: text('<Types/>') }, { name: 'word/document.xml', data: text('<w:document/>') }]), 'not-a-spreadsheet-docx'],
      ['slides.xls', rawZip([{ name: '[Content_Types].xml', data: text('<Types/>') }, { name: 'ppt/presentation.xml', data: text('<p/>') }]), 'not-a-spreadsheet-pptx'],
      ['bundle.xlsx', rawZip([{ name: 'a.csv', data: text('x,y\n1,2\n') }, { name: 'b.csv', data: text('x,y\n3,4\n') }]), 'not-a-spreadsheet-zip'],
      ['old.xls', ole('WordDocument'), 'not-a-spreadsheet-doc'],
      ['scan.xlsx', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]), 'not-a-spreadsheet-png'],
      ['photo.csv', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]), 'not-a-spreadsheet-jpeg'],
      ['data.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'not-a-spreadsheet-gzip'],
      ['tiny.csv', Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x9c, 0x11, 0x12, 0x7f, 0x0e, 0x15]), 'not-a-spreadsheet-binary'],
    ];
    for (const [name, data, code] of cases) expect({ name, code: codeOf(write(name, data)) }).toEqual({ name, code });
    // Real sources still read: a workbook, the BIFF8 .xls, UTF-16 and GB18030 text, one NUL in a CSV.
    expect(codeOf(writeDeptWorkbook(dir).file)).toBe('readable');
    expect(codeOf(fixture('real', 'songjiang_zyml_filled_test_upload.xls'))).toBe('readable');
    expect(codeOf(fixture('made', 'project-made_gb18030_catalogue.csv'))).toBe('readable');
    expect(codeOf(write('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('名称,代码\n企业,1\n', 'utf16le')])))).toBe('readable');
    expect(codeOf(write('u16nobom.csv', Buffer.from('name,code\nfirm,1\n', 'utf16le')))).toBe('readable');
    expect(codeOf(write('nul.csv', '名称,代码\n企业\u0000登记,1\n'))).toBe('readable');
    expect(tCode('not-a-spreadsheet-pdf', 'zh', { file: 'x.xlsx' })).toContain('PDF 文档，不是电子表格');
  });

  it('the CLI says it once, exit 2, in both languages', () => {
    const pdf = write('目录.xlsx', '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
    const en = runCli(['validate', pdf, '--mapping', 'guide2017-sheet']);
    expect(en.code).toBe(2);
    expect(en.stderr.trim().split('\n')).toEqual([`catalog: ${pdf} is a PDF document, not a spreadsheet. Export or save the table as .xlsx or .csv from the program that made it, then try again`]);
    const tiny = write('tiny.bin', Buffer.from([1, 2, 3, 0, 0x9c, 0x11, 0x12, 0x7f, 0x0e, 0x15, 0xaa]));
    const zh = runCli(['map', tiny, '--mapping', 'guide2017-sheet', '--lang', 'zh']);
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim().split('\n')).toHaveLength(1);
    expect(zh.stderr).toContain('是二进制文件');
  });
});

describe('sheets with nothing under the header', () => {
  it('a header-only sheet is an error "no data rows" (exit 1), not "all 0 records are valid"', async () => {
    const s = writeDeptWorkbook(dir, 'empty.xlsx', { headerOnly: true, noFooter: true });
    const lib = await mapToArray([s.file], { fields: [{ field: '/title', column: '信息资源名称', required: true }] });
    expect(lib.report.rejects.map((r) => r.code)).toEqual(['map-no-data-rows']);
    const tpl = write('t.json', JSON.stringify({ fields: [{ field: '/title', column: '信息资源名称', required: true }] }));
    const v = runCli(['validate', s.file, '--mapping', tpl]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('no data rows');
    const m = runCli(['map', s.file, '--mapping', tpl, '-o', path.join(dir, 'o.jsonl'), '--lang', 'zh']);
    expect(m.code).toBe(1);
    expect(m.stdout).toContain('没有数据行');
  });
});

describe('header rows', () => {
  it('inspect and map agree on the header row under an instruction row (hrss-catalog.xlsx: row 2)', async () => {
    const sample = path.join(ROOT, 'templates', 'samples', 'hrss-catalog.xlsx');
    const seen = await inspectSource(sample);
    expect(seen.sheets[0].headerRow).toBe(2);
    expect(seen.sheets[0].columns.slice(0, 5)).toEqual(['类', '项', '目', '细目', '信息资源名称']);
  });

  it('a headerless CSV (Yilan portal export) gets a --no-header hint, and --no-header keeps its first record', async () => {
    const yilan = fixture('real', 'yilan_catalogue_2018-03-20_headerless_multiline.csv');
    const tpl = write('y.json', JSON.stringify({ fields: [{ field: '/title', column: '1', required: true }, { field: '/abstract', column: '2' }] }));
    const withHeader = runCli(['map', yilan, '--mapping', tpl, '-o', path.join(dir, 'y1.jsonl')]);
    expect(withHeader.stdout).toContain('looks like data, not a header');
    expect(withHeader.stdout).toContain('--no-header');
    const out = path.join(dir, 'y2.jsonl');
    const r = runCli(['map', yilan, '--mapping', tpl, '--no-header', '-o', out]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('looks like data');
    const records = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records[0].title).toBe('宜蘭縣政府107年度歲入預算執行情形表');
    expect(records).toHaveLength((await inspectSource(yilan, { header: false })).sheets[0].rows);
    const ins = runCli(['inspect', yilan, '--lang', 'zh']);
    expect(ins.stdout).toContain('请加 --no-header');
  });
});
