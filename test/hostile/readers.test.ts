import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { zipSync, unzipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import { cli, tmpDir, isRefusal } from './helpers.js';
import { rawZip } from '../helpers/rawzip.js';

/** Hostile source files given to the real CLI (`catalog inspect` and `catalog map`): refused with exit 2 and a clear line. */
let dir: string;
const file = (name: string) => path.join(dir, name);
const TEMPLATE = path.join('templates', 'guide2017-sheet.json');

function goodXlsx(): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([['信息资源名称', '信息资源代码'], ['企业登记注册信息', '301002/00001']]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '目录编制表');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
}

beforeAll(() => {
  dir = tmpDir();
  fs.writeFileSync(file('xxe.xml'), '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<目录><资源><名称>&x;</名称></资源></目录>\n');
  fs.writeFileSync(file('lol.xml'), '<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n<目录><资源><名称>&d;</名称></资源></目录>\n');
  fs.writeFileSync(file('deep.xml'), '<a>'.repeat(200_000) + 'x' + '</a>'.repeat(200_000));
  fs.writeFileSync(file('attr.xml'), `<目录><资源 名称="${'长'.repeat(3 * 1024 * 1024)}"><x>1</x></资源></目录>`);
  fs.writeFileSync(file('text.xml'), `<目录><资源><名称>${'长'.repeat(3 * 1024 * 1024)}</名称></资源><资源><名称>a</名称></资源></目录>`);

  const good = goodXlsx();
  fs.writeFileSync(file('truncated.xlsx'), good.subarray(0, good.length >> 1));
  fs.writeFileSync(file('garbage.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(4000, 0xa5)]));
  // A real bomb: a valid workbook whose sheet part is 200 MB of spaces (deflates to ~200 KB).
  const parts: Record<string, Uint8Array> = unzipSync(good);
  const sheet = Object.keys(parts).find((k) => k.startsWith('xl/worksheets/'))!;
  const head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  parts[sheet] = Buffer.concat([Buffer.from(head), Buffer.alloc(200 * 1024 * 1024, 0x20), Buffer.from('</sheetData></worksheet>')]);
  fs.writeFileSync(file('bomb.xlsx'), zipSync(parts, { level: 9 }));
  // Lying central directory: a part declares 4 GB uncompressed.
  fs.writeFileSync(file('declared.xlsx'), rawZip(Object.entries(unzipSync(good)).map(([name, data]) => ({ name, data, declaredSize: name === sheet ? 0xfffffff0 : undefined }))));
  // Password-protected OOXML: an OLE compound file holding EncryptionInfo + EncryptedPackage (what Excel writes).
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.alloc(200)]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  fs.writeFileSync(file('encrypted.xlsx'), XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer);
  // An .xls that is not BIFF at all (CFB header, then garbage).
  fs.writeFileSync(file('broken.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(3000, 0x11)]));

  fs.writeFileSync(file('bad-utf8.csv'), Buffer.concat([Buffer.from('信息资源名称,信息资源代码\n' + '企业登记注册信息,301002/00001\n'.repeat(50)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(',2\n')]));
  fs.writeFileSync(file('ragged.csv'), '说明\n信息资源名称,信息资源代码\n企业登记,301002/00001\n企业登记,301002/00002,多余,多余\n企业登记\n');
  fs.writeFileSync(file('nul.csv'), '信息资源名称,信息资源代码\n企业\u0000登记,301002/00001\n');
  fs.writeFileSync(file('bigcell.csv'), '信息资源名称,信息资源代码\n' + '长'.repeat(10 * 1024 * 1024) + ',1\n');
  fs.writeFileSync(file('unclosed.csv'), '信息资源名称,信息资源代码\n"企业登记,1\n' + 'x,2\n'.repeat(1000));
}, 120_000);

describe('hostile XML', () => {
  it.each([
    ['xxe.xml', /entities|XXE/],
    ['lol.xml', /entities|billion/],
    ['deep.xml', /nested more than 256/],
    ['attr.xml', /longer than 1048576/],
    ['text.xml', /longer than 1048576/],
  ])('%s is refused with exit 2 and a clear message', async (name, message) => {
    for (const args of [['inspect', file(name)], ['map', file(name), '--mapping', TEMPLATE, '-o', file(name + '.jsonl')]]) {
      const r = await cli(args);
      expect(isRefusal(r, 2), JSON.stringify(r)).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(name);
    }
    expect(fs.existsSync(file(name + '.jsonl'))).toBe(false);
  });

  it('never reads the external entity', async () => {
    const r = await cli(['inspect', file('xxe.xml'), '--format', 'json']);
    expect(r.stdout + r.stderr).not.toMatch(/root:x:0:0/);
  });
});

describe('hostile workbooks', () => {
  it.each([
    ['truncated.xlsx', /not a readable Excel workbook/],
    ['garbage.xlsx', /not a readable Excel workbook/],
    ['bomb.xlsx', /zip bomb/],
    ['declared.xlsx', /zip bomb/],
    ['encrypted.xlsx', /password-protected/],
    ['broken.xls', /not a readable|cannot/],
  ])('%s is refused with exit 2 and a clear message', async (name, message) => {
    const r = await cli(['inspect', file(name)]);
    expect(isRefusal(r, 2), JSON.stringify(r)).toBe(true);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(name);
  });
});

describe('hostile CSV', () => {
  it('invalid bytes for the detected (or forced) encoding: refused, naming the line', async () => {
    const forced = await cli(['inspect', file('bad-utf8.csv'), '--encoding', 'utf-8']);
    expect(isRefusal(forced, 2)).toBe(true);
    expect(forced.stderr).toMatch(/line 52: bytes are not valid UTF-8/);
    const sniffed = await cli(['inspect', file('bad-utf8.csv')]);
    expect(isRefusal(sniffed, 2)).toBe(true);
    expect(sniffed.stderr).toMatch(/--encoding/);
  });

  it('a 10 MB cell is refused (no unbounded buffering)', async () => {
    const r = await cli(['inspect', file('bigcell.csv')]);
    expect(isRefusal(r, 2), JSON.stringify(r).slice(0, 500)).toBe(true);
    expect(r.stderr).toMatch(/bigcell\.csv line 2: a single value is longer than 1048576 characters/);
  });

  it('ragged rows are reported with their lines; mapping rejects nothing silently', async () => {
    const r = await cli(['inspect', file('ragged.csv'), '--header-row', '2', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).raggedRows ?? JSON.parse(r.stdout)).toBeTruthy();
    expect(r.stdout).toMatch(/ragged|different number/i);
    const m = await cli(['map', file('ragged.csv'), '--mapping', TEMPLATE, '-o', file('ragged.jsonl'), '--format', 'json']);
    expect(m.timedOut).toBe(false);
    expect([0, 1]).toContain(m.code);
    const report = JSON.parse(m.stdout);
    expect(report.rows).toBe(3);
    expect(report.records + report.rejected).toBe(3);
  });

  it('NUL bytes are removed and counted, never passed on', async () => {
    const r = await cli(['inspect', file('nul.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 NUL characters removed/);
    const m = await cli(['map', file('nul.csv'), '--mapping', TEMPLATE, '--header-row', '1', '-o', file('nul.jsonl')]);
    expect(m.timedOut).toBe(false);
    if (fs.existsSync(file('nul.jsonl'))) expect(fs.readFileSync(file('nul.jsonl'), 'utf8')).not.toContain('\u0000');
  });

  it('an unclosed quote is reported at the line it opens', async () => {
    const r = await cli(['inspect', file('unclosed.csv')]);
    expect(isRefusal(r, 2)).toBe(true);
    expect(r.stderr).toMatch(/line 2/);
  });
});
