import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import fc from 'fast-check';
import { readSource } from '../../src/readers/source.js';
import { ReadError, type SourceRow } from '../../src/readers/row.js';
import { mapRow } from '../../src/mapping/map.js';
import { loadTemplate } from '../../src/pipeline/load-template.js';
import { type SourceFormat } from '../../src/readers/options.js';
import { ROOT } from '../helpers/cli.js';
import { tmpDir } from './helpers.js';

/**
 * Arbitrary bytes through every reader (format forced, so each parser sees them) and arbitrary rows through the
 * mapping: the only way out is rows, a ReadError, or a mapping result — never another exception, never a hang.
 */
const dir = tmpDir('catalog-prop-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const FORMATS: SourceFormat[] = ['csv', 'xlsx', 'xls', 'html', 'xml', 'json', 'jsonl'];

// Bytes biased towards each format's syntax so parsers get past their first byte.
const fragments = fc.constantFrom('<', '>', '</', '<!DOCTYPE x [', '<!ENTITY a "b">', ']>', '&a;', '<a>', '</a>', '<r x="1">', '"', ',', '\n', '{', '}', '[', ']', ':', 'null', '"k"', '<table><tr><td>', '</td></tr></table>', 'PK\u0003\u0004', '\u00d0\u00cf\u0011\u00e0', '资源', '\u0000', '\ufffd', '\r\n');
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.array(fragments, { maxLength: 200 }).map((a) => new TextEncoder().encode(a.join(''))),
  fc.tuple(fc.constantFrom('PK\u0003\u0004', '\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1'), fc.uint8Array({ maxLength: 4096 })).map(([h, b]) => Buffer.concat([Buffer.from(h, 'latin1'), b])),
);

let n = 0;
describe('readers on arbitrary bytes (property)', () => {
  it('every forced format either yields rows or throws a ReadError', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom(...FORMATS), async (data, format) => {
        const file = path.join(dir, `f${n++}.bin`);
        fs.writeFileSync(file, data);
        try {
          for await (const row of readSource(file, { format, encoding: format === 'csv' ? 'utf-8' : undefined })) expect(row.values).toBeTypeOf('object');
        } catch (err) {
          if (!(err instanceof ReadError)) throw new Error(`${format}: ${err instanceof Error ? err.stack : String(err)}`, { cause: err });
          expect(err.code).toMatch(/^[a-z0-9-]+$/);
        } finally {
          fs.rmSync(file, { force: true });
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe('mapping on arbitrary rows (property)', () => {
  const template = loadTemplate(path.join(ROOT, 'templates', 'guide2017-sheet.json'));
  const headers = ['类', '项', '目', '信息资源名称', '信息资源代码', '信息资源提供方', '信息资源提供方代码', '格式分类', '共享类型', '是否向社会开放', '更新周期', '发布日期', '关联资源代码', '随便'];
  const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('是', '否', '2024-13-45', '45000', '=1+1', '每日', '有条件共享', '3', '01'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  it('maps every row to a record, a reject with issues, or blank; never throws', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...headers), value), (values) => {
        const row: SourceRow = { values, cells: Object.fromEntries(Object.keys(values).map((k) => [k, { row: 3, header: k }])), provenance: { file: 'prop.csv', row: 3 } };
        const r = mapRow(row, template, { config: {} });
        expect(['record', 'reject', 'blank']).toContain(r.kind);
        if (r.kind === 'reject') expect(r.reject.code).toMatch(/^[a-z0-9-]+$/);
      }),
      { numRuns: 300 },
    );
  });
});
