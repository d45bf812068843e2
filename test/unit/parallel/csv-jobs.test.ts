import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { mapSourcesJsonl } from '../../../src/pipeline/map-sources.js';
import { mapForValidation } from '../../../src/pipeline/map-validation.js';
import { emptyReport } from '../../../src/mapping/report.js';
import { validateRecords } from '../../../src/validate/records.js';
import { loadTemplate } from '../../../src/pipeline/load-template.js';
import { type MappingTemplate } from '../../../src/mapping/template.js';
import { readSource } from '../../../src/readers/source.js';
import { ReadError } from '../../../src/readers/row.js';
import { type ReadOptions } from '../../../src/readers/options.js';
import { ROOT, fixture } from '../../helpers/cli.js';

/**
 * --jobs: a CSV read in byte ranges by worker threads gives exactly what one thread gives: record JSON lines, the
 * map report (counts, rejects, warnings in order), the validation report (issues, their order and provenance,
 * duplicate and related-code checks) and the same error. Ranges are forced tiny so files split many times, also
 * inside quoted cells, multi-byte characters' neighbourhoods and blank-line runs.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-jobs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const CHECK = { profile: 'guide2017', lang: 'en' as const };

async function outcome(file: string, template: MappingTemplate, jobs: number, rangeBytes: number, read: ReadOptions = {}) {
  const o = { config: {}, read, jobs, jobSizes: { minBytes: 1, rangeBytes } };
  const errOf = (e: unknown) => (e instanceof ReadError ? { code: e.code, params: e.params } : { unexpected: String((e as Error)?.stack ?? e) });
  const report = emptyReport(template);
  const lines: string[] = [];
  let mapError;
  try {
    for await (const l of mapSourcesJsonl([file], template, o, report)) lines.push(l);
  } catch (e) {
    mapError = errOf(e);
  }
  const mapReport = emptyReport(template);
  let validation, validateError;
  try {
    validation = await validateRecords(mapForValidation(file, template, o, mapReport, CHECK), { ...CHECK, maxErrors: 50 });
  } catch (e) {
    validateError = errOf(e);
  }
  // Rows read before an error are not compared: the CLI discards them (no output file, no report).
  return JSON.stringify(mapError || validateError ? { mapError, validateError } : { lines, report, mapReport, validation });
}

const guide = loadTemplate(path.join(ROOT, 'templates', 'guide2017-sheet.json'));

/** A template for any table: 信息资源名称 from the first column (required: empty ones are rejected), the row number into the abstract. */
async function firstColumnTemplate(file: string, read: ReadOptions): Promise<MappingTemplate> {
  let first = '1';
  for await (const row of readSource(file, read)) {
    first = Object.keys(row.values)[0];
    break;
  }
  return { name: 'first-column', source: { layout: 'table' }, fields: [{ field: '/title', column: first, required: true }, { field: '/abstract', concat: ['$file', '$row'], separator: ' row ' }] } as MappingTemplate;
}

describe('--jobs on real files (GB18030, Big5, UTF-8 with BOM, headerless multi-line)', () => {
  const cases: [string, ReadOptions][] = [
    [fixture('made', 'project-made_gb18030_catalogue.csv'), {}],
    [fixture('real', 'yilan_catalogue_2018-03-20_big5.csv'), {}],
    [fixture('real', 'taitung_shelters_utf8_bom.csv'), {}],
    [fixture('real', 'yilan_catalogue_2018-03-20_headerless_multiline.csv'), { header: false }],
  ];
  for (const [file, read] of cases) {
    it(`${path.basename(file)}: same records, reports and issues with 3 threads and ranges of 1/40 of the file`, async () => {
      const size = fs.statSync(file).size;
      for (const template of [await firstColumnTemplate(file, read), ...(file.includes('gb18030') ? [guide] : [])]) {
        const one = await outcome(file, template, 1, size, read);
        expect(one).not.toContain('Error');
        // Some boundaries fall inside quoted multi-line cells.
        expect(await outcome(file, template, 3, Math.ceil(size / 40), read)).toBe(one);
      }
    }, 240_000);
  }
});

// Generated compilation sheets: a title line, the header, then rows with duplicate codes and titles, empty titles
// (rejected), related codes that exist or not, cells with quotes and line breaks of every kind, blank lines, ragged
// rows; LF or CRLF; UTF-8 (with or without BOM), GB18030 or Big5; sometimes an unclosed quote at the end; sometimes a
// 序号 column of numbers; often footers and notes below the table (填表人/审核人/注 lines, text in the 序号 column,
// blank lines among them), sometimes with a record after them (which makes them data).
const GENERATED: MappingTemplate = {
  name: 'generated', source: { layout: 'table', headerRow: 2 },
  fields: [
    { field: '/title', column: ['信息资源名称', '資料名稱'], required: true },
    { field: '/resourceCode', column: ['信息资源代码', '資料代碼'] },
    { field: '/provider/name', column: ['信息资源提供方', '提供機關'] },
    { field: '/relatedResourceCodes', column: ['关联资源代码', '關聯代碼'], transforms: ['split'] },
    { field: '/abstract', column: ['信息资源摘要', '摘要'], transforms: ['trim'] },
  ],
} as MappingTemplate;
/** Text in each encoding's repertoire: title line, header, provider, extra cell, an unclosed last row. */
const WORDS: Record<string, string[]> = {
  'utf-8': ['说明：生成的测试表', '信息资源名称,信息资源代码,信息资源提供方,关联资源代码,信息资源摘要', '某局', '多余', '丁,"未闭合'],
  gb18030: ['说明：生成的测试表', '信息资源名称,信息资源代码,信息资源提供方,关联资源代码,信息资源摘要', '某局', '多余', '丁,"未闭合'],
  big5: ['說明：產生的測試表', '資料名稱,資料代碼,提供機關,關聯代碼,摘要', '某機關', '多', '丁,"未閉合'],
};
/** Footer and note lines in each encoding's repertoire (the last has no 填表人-like opening: a note only in 序号). */
const FOOTERS: Record<string, string[]> = {
  'utf-8': ['填表人：张三', '审核人：李四', '联系电话：010-12345678', '注：本表数据截至2017年底', '合计', '（以下为说明）'],
  gb18030: ['填表人：张三', '审核人：李四', '联系电话：010-12345678', '注：本表数据截至2017年底', '合计', '（以下为说明）'],
  big5: ['填表人：張三', '注：本表資料截至2017年底', '以下空白', '（以下為說明）'],
};
const ALPHABET: Record<string, string[]> = {
  'utf-8': ['a', '资源', ',', '"', ' ', '\n', '\r\n', '\r', '𠀋', '', 'é'],
  gb18030: ['a', '资源', ',', '"', ' ', '\n', '\r\n', '\r', '𠀋', '', '€'],
  big5: ['a', '資源', ',', '"', ' ', '\n', '\r\n', '\r', '宜蘭', ''],
};
const sheet = fc.record({
  encoding: fc.constantFrom('utf-8', 'gb18030', 'big5'),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalEol: fc.boolean(),
  unclosed: fc.boolean().map((b) => b && Math.random() < 0.3),
  rangeBytes: fc.integer({ min: 1, max: 300 }),
  seq: fc.boolean(),
  footers: fc.array(fc.record({ blank: fc.integer({ min: 0, max: 1 }), text: fc.nat(), at: fc.nat(5), second: fc.option(fc.nat(5), { nil: undefined }) }), { maxLength: 4 }),
  recordAfter: fc.boolean().map((b) => b && Math.random() < 0.3),
  rows: fc.array(fc.record({ blank: fc.integer({ min: 0, max: 2 }), title: fc.constantFrom('甲', '乙', '', '丙'), code: fc.constantFrom('301001/00001', '301001/00002', '301001/00003', ''), related: fc.constantFrom('', '301001/00003', '301009/99999'), extra: fc.boolean().map((b) => b && Math.random() < 0.2), text: fc.array(fc.nat(10), { maxLength: 8 }) }), { minLength: 1, maxLength: 40 }),
});
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('--jobs on generated sheets (property)', () => {
  it('gives what one thread gives, footers below the table included', async () => {
    let n = 0;
    let withFooters = 0;
    await fc.assert(
      fc.asyncProperty(sheet, async (s) => {
        const abc = ALPHABET[s.encoding];
        const [titleLine, header, provider, extra, unclosed] = WORDS[s.encoding];
        const seq = (cells: string[], n: string) => (s.seq ? [n, ...cells] : cells);
        let text = titleLine + s.eol + seq(header.split(','), s.encoding === 'big5' ? '序號' : '序号').join(',');
        const record = (r: (typeof s.rows)[number], i: number) => {
          const cells = seq([r.title, r.code, provider, r.related, r.text.map((i) => abc[i % abc.length]).join('')], String(i + 1));
          if (r.extra) cells.push(extra);
          text += s.eol + s.eol.repeat(r.blank) + cells.map(field).join(',');
        };
        s.rows.forEach(record);
        const notes = FOOTERS[s.encoding];
        for (const f of s.footers) {
          const cells = seq(['', '', '', '', ''], '');
          cells[f.at % cells.length] = notes[f.text % notes.length];
          if (f.second !== undefined) cells[f.second % cells.length] = notes[(f.text + 1) % notes.length];
          text += s.eol + s.eol.repeat(f.blank) + cells.map(field).join(',');
        }
        if (s.recordAfter) record(s.rows[0], s.rows.length);
        if (s.unclosed) text += s.eol + unclosed;
        if (s.finalEol) text += s.eol;
        const file = path.join(tmp, `g${n++}.csv`);
        const bytes = s.encoding === 'utf-8' ? Buffer.from((s.bom ? '\uFEFF' : '') + text) : execFileSync('iconv', ['-f', 'UTF-8', '-t', s.encoding.toUpperCase()], { input: text });
        fs.writeFileSync(file, bytes);
        const read = { encoding: s.encoding };
        const one = await outcome(file, GENERATED, 1, bytes.length, read);
        if (one.includes('"reason":"footer"')) withFooters++;
        expect(await outcome(file, GENERATED, 3, s.rangeBytes, read)).toBe(one);
      }),
      { numRuns: 50 },
    );
    // The footer path was taken, not only generated.
    expect(withFooters).toBeGreaterThan(5);
  }, 600_000);
});
