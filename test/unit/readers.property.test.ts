import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readSource } from '../../src/index.js';

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
