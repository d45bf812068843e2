import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../../src/readers/source.js';
import { readGrid } from '../../../src/readers/sheets.js';
import { readRecordFile } from '../../../src/model/jsonl.js';

const REAL = path.join(__dirname, '..', '..', 'fixtures', 'real');

/** Read every row of a source, summing what onBytes was told and how often. */
async function told(file: string): Promise<{ bytes: number; calls: number; rows: number }> {
  const out = { bytes: 0, calls: 0, rows: 0 };
  for await (const _ of readSource(file, { onBytes: (n) => ((out.bytes += n), out.calls++) })) out.rows++;
  return out;
}

describe('readers tell the bytes they read (progress by bytes, no re-read)', () => {
  it('a CSV is told chunk by chunk, summing to its size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bytes-'));
    const file = path.join(dir, 'big.csv');
    // three 64 KB read chunks at least
    fs.writeFileSync(file, 'name,value\n' + Array.from({ length: 20_000 }, (_, i) => `row ${i},${'x'.repeat(i % 7)}`).join('\n') + '\n');
    const r = await told(file);
    expect(r.rows).toBe(20_000);
    expect(r.bytes).toBe(fs.statSync(file).size);
    expect(r.calls).toBeGreaterThan(2);
    fs.rmSync(dir, { recursive: true });
  });

  it('a real Big5 CSV and a real XML document sum to their sizes', async () => {
    for (const name of ['yilan_catalogue_2018-03-20_big5.csv', 'pycsw_iso19115p3_GetRecords-filter-bbox.xml']) {
      const file = path.join(REAL, name);
      const r = await told(file);
      expect(r.bytes, name).toBe(fs.statSync(file).size);
    }
  });

  it('a workbook and a JSON document, loaded whole, tell their size once', async () => {
    for (const name of ['dingyuan_result_import_template.xlsx', 'songjiang_zyml_filled_test_upload.xls', 'portal_records_anhui_anhui.json']) {
      const file = path.join(REAL, name);
      const r = await told(file);
      expect(r.calls, name).toBe(1);
      expect(r.bytes, name).toBe(fs.statSync(file).size);
    }
    let bytes = 0;
    await readGrid(path.join(REAL, 'songjiang_zyml_filled_test_upload.xls'), { onBytes: (n) => (bytes += n) });
    expect(bytes).toBe(fs.statSync(path.join(REAL, 'songjiang_zyml_filled_test_upload.xls')).size);
  });

  it('a JSONL record file tells the stream’s own count', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bytes-'));
    const file = path.join(dir, 'records.jsonl');
    fs.writeFileSync(file, Array.from({ length: 5000 }, (_, i) => JSON.stringify({ title: `记录 ${i}`, resourceCode: `c-${i}` })).join('\n') + '\n');
    let bytes = 0;
    let n = 0;
    for await (const _ of readRecordFile(file, (b) => (bytes += b))) n++;
    expect(n).toBe(5000);
    expect(bytes).toBe(fs.statSync(file).size);
    fs.rmSync(dir, { recursive: true });
  });
});
