import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readSource } from '../../../src/readers/source.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-csv-prop-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Cells mixing CJK, ASCII, delimiters, quotes and line breaks; long enough that multi-byte characters cross the
// reader's 64 KiB chunk boundaries. U+FFFD, NUL and BOM are excluded (the reader rejects or strips them by design).
const piece = fc.constantFrom('资源', '目录', '宜蘭', ',', ';', '|', '\t', '"', '""', '\n', '\r\n', ' ', 'a', 'Z', '9', '、', '，', '𠀋', 'é');
const cell = fc.array(piece, { minLength: 1, maxLength: 120 }).map((a) => a.join(''));

describe('CSV reader round-trip (property)', () => {
  it('reads back every cell of a CSV written with full quoting, in UTF-8 and UTF-16LE', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 300 }), fc.boolean(), async (cols, rows, utf16) => {
        const header = Array.from({ length: cols }, (_, i) => `列${i + 1}`);
        const table = rows.map((r) => r.slice(0, cols));
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = [header, ...table].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        const file = path.join(tmp, `t${n++}.csv`);
        fs.writeFileSync(file, utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8'));
        const got: Record<string, unknown>[] = [];
        for await (const r of readSource(file)) got.push(r.values);
        expect(got).toEqual(table.map((r) => Object.fromEntries(r.map((v, i) => [header[i], v]))));
      }),
      { numRuns: 25 },
    );
  });
});

// Start lines: the physical line each record starts on, as an editor counts them ("\r\n", "\r" and "\n" each one
// line break), known from how the text was written, not from csv-parse. Files use one line-end style (LF, CRLF or
// CR) between records; quoted cells hold any line breaks; blank lines come between records; BOM and final line end
// optional.
const cellText = fc.array(fc.constantFrom('a', '资源', ',', '"', ' ', '\n', '\r\n', '\r', '𠀋', ''), { maxLength: 6 }).map((a) => a.join(''));
const csvFile = fc.record({
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  rows: fc.array(fc.record({ blank: fc.integer({ min: 0, max: 2 }), cells: fc.tuple(cellText, cellText) }), { minLength: 1, maxLength: 40 }),
});
const breaks = (t: string) => (t.match(/\r\n|\r|\n/g) ?? []).length;
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('CSV reader start lines (property)', () => {
  it('are the physical lines the records start on, for any line-end style, blank lines and quoted line breaks', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, async ({ eol, bom, finalEol, rows }) => {
        let text = 'h1,h2';
        const expected: number[] = [];
        for (const r of rows) {
          text += eol + eol.repeat(r.blank);
          expected.push(breaks(text) + 1);
          text += r.cells.map(field).join(',');
        }
        if (finalEol) text += eol;
        const file = path.join(tmp, `l${n++}.csv`);
        fs.writeFileSync(file, (bom ? '\uFEFF' : '') + text);
        const got: number[] = [];
        const values: string[][] = [];
        for await (const r of readSource(file, { delimiter: ',' })) {
          got.push(r.provenance.line!);
          values.push([String(r.values.h1 ?? ''), String(r.values.h2 ?? '')]);
        }
        expect(values).toEqual(rows.map((r) => r.cells));
        expect(got).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
