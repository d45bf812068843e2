import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { cli, tmpDir, isRefusal } from './helpers.js';
import { fixture } from '../helpers/cli.js';
import { planXlsxStream, XLSX_STREAM_MIN_BYTES } from '../../src/readers/xlsxstream.js';
import { readSource } from '../../src/readers/source.js';
import { ReadError } from '../../src/readers/row.js';
import { checkZip, zipEntries } from '../../src/readers/zipcheck.js';

/**
 * Damaged .xlsx: one changed byte in a compressed part used to make SheetJS's inflater spin for minutes
 * (issue 14 §4). Every damaged entry is now refused before any parser sees it: exit 2, naming file and part.
 */
let dir: string;
const REAL = fixture('real', 'dingyuan_result_import_template.xlsx');

/** Offset of a part's compressed data in a zip. */
function dataOffset(bytes: Buffer, part: string): { start: number; length: number } {
  const e = zipEntries('x', bytes).find((x) => x.name === part)!;
  const start = e.offset + 30 + bytes.readUInt16LE(e.offset + 26) + bytes.readUInt16LE(e.offset + 28);
  return { start, length: e.compressed };
}

function mutate(name: string, f: (b: Buffer) => Buffer | void): string {
  const b = fs.readFileSync(REAL);
  const out = f(b) ?? b;
  const p = path.join(dir, name);
  fs.writeFileSync(p, out);
  return p;
}

beforeAll(() => {
  dir = tmpDir();
});

describe('a damaged compressed part fails fast with exit 2', () => {
  it.each([
    // the reproduction: byte 0 of docProps/custom.xml's deflate data set to 0 (a stored block with bad lengths)
    ['custom-zero.xlsx', (b: Buffer) => { b[dataOffset(b, 'docProps/custom.xml').start] = 0; }, 'docProps/custom.xml'],
    ['custom-ff.xlsx', (b: Buffer) => { b[dataOffset(b, 'docProps/custom.xml').start] = 0xff; }, 'docProps/custom.xml'],
    // inflates, but to other bytes: only the CRC-32 tells
    ['sheet-crc.xlsx', (b: Buffer) => { const o = dataOffset(b, 'xl/worksheets/sheet1.xml'); b[o.start + o.length - 3] ^= 0x01; }, 'xl/worksheets/sheet1.xml'],
    // deflate data cut short inside the file (the central directory intact)
    ['styles-cut.xlsx', (b: Buffer) => { const o = dataOffset(b, 'xl/styles.xml'); b.fill(0, o.start + 10, o.start + o.length); }, 'xl/styles.xml'],
  ])('%s: inspect, map --guess and validate --mapping refuse it, naming the part', async (name, f, part) => {
    const file = mutate(name, f);
    for (const args of [['inspect', file], ['map', file, '--guess'], ['validate', file, '--mapping', 'templates/guide2017-sheet.json']]) {
      const r = await cli(args, { timeoutMs: 30_000 });
      expect(isRefusal(r, 2), JSON.stringify(r)).toBe(true);
      expect(r.stderr).toContain('the workbook is damaged');
      expect(r.stderr).toContain(file);
      expect(r.stderr).toContain(part);
    }
    const zh = await cli(['--lang', 'zh', 'inspect', file], { timeoutMs: 30_000 });
    expect(isRefusal(zh, 2)).toBe(true);
    expect(zh.stderr).toContain('工作簿已损坏');
  }, 300_000);

  it('a local header that disagrees with the central directory is damage (SheetJS trusts the local one)', () => {
    const b = fs.readFileSync(REAL);
    const e = zipEntries('x', b).find((x) => x.name === 'xl/workbook.xml')!;
    b.writeUInt32LE(e.size + 1000, e.offset + 22);
    expect(() => checkZip('lying.xlsx', b)).toThrow(ReadError);
    try { checkZip('lying.xlsx', b); } catch (err) { expect((err as ReadError).params).toMatchObject({ part: 'xl/workbook.xml', detail: /disagree on the sizes/ }); }
  });

  it('the real template itself passes the check', () => {
    expect(checkZip('ok.xlsx', fs.readFileSync(REAL)).size).toBeGreaterThan(5);
  });
});

describe('the streaming reader checks large sheet parts as it reads them', () => {
  /** A plain table workbook whose sheet part is above the streaming threshold (built directly, no SheetJS). */
  function bigWorkbook(): Buffer {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
    const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
    let rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>信息资源名称</t></is></c><c r="B1" t="inlineStr"><is><t>信息资源代码</t></is></c></row>';
    const n = Math.ceil(XLSX_STREAM_MIN_BYTES / 100) + 10;
    for (let r = 2; r <= n; r++) rows += `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>资源${r}</t></is></c><c r="B${r}"><v>${r * 7919}</v></c></row>`;
    return Buffer.from(zipSync({
      '[Content_Types].xml': strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/></Types>`),
      '_rels/.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${ns}" xmlns:r="${rns}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rns}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
      'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`),
    }, { level: 1 }));
  }

  it('a sound large workbook streams; a changed byte in its sheet part is reported as damage', async () => {
    const good = bigWorkbook();
    const plan = planXlsxStream('big.xlsx', good);
    expect('fallback' in plan).toBe(false);
    const o = dataOffset(good, 'xl/worksheets/sheet1.xml');
    expect(o.length).toBeGreaterThan(1000);
    // several positions: some make invalid deflate data, some only a wrong CRC-32; all are damage
    for (const at of [0.1, 0.5, 0.9, 0.999]) {
      const bad = Buffer.from(good);
      bad[o.start + Math.floor(o.length * at)] ^= 0x55;
      const file = path.join(dir, `big-${at}.xlsx`);
      fs.writeFileSync(file, bad);
      let err: unknown;
      try {
        for await (const _ of readSource(file)) { /* read every row */ }
      } catch (e) { err = e; }
      expect(err, `byte at ${at}`).toBeInstanceOf(ReadError);
      expect((err as ReadError).code).toBe('workbook-damaged');
      expect((err as ReadError).params.part).toBe('xl/worksheets/sheet1.xml');
    }
  }, 120_000);
});
