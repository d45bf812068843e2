import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { recordsToListingCsv, recordsToListingXlsx, neutraliseCell } from '../../../src/export/listing.js';
import { readJsonl } from '../../helpers/records.js';

const records = readJsonl('records', 'export-rich.jsonl');

describe('目录清单 listings are safe against formula injection', () => {
  it('neutralises = + - @ tab and CR, and nothing else', () => {
    for (const v of ['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ['企业', '1+1', 'a=b', '']) expect(neutraliseCell(v)).toBe(v);
  });

  it('CSV: no cell starts with a formula character', () => {
    const csv = recordsToListingCsv(records);
    expect(csv.startsWith('\uFEFF信息资源分类,信息资源名称')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(csv).toContain(`'+某局`);
    expect(csv).toContain(`'-2+3`);
    const cells = csv.slice(1).split('\r\n').flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('XLSX: cells are strings, never formulas, and dangerous ones are neutralised', () => {
    const wb = XLSX.read(recordsToListingXlsx(records), { type: 'array', cellFormula: true });
    const ws = wb.Sheets['目录清单'];
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: true });
    expect(rows[0][1]).toBe('信息资源名称');
    expect(rows[3][1]).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(rows[3][3]).toBe(`'+某局`);
    for (const addr of Object.keys(ws).filter((k) => !k.startsWith('!'))) {
      expect(ws[addr].f).toBeUndefined();
      expect(ws[addr].t).toBe('s');
    }
  });
});
