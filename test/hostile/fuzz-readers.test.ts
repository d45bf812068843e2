import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { fixture } from '../helpers/cli.js';
import { cli, tmpDir } from './helpers.js';
import { CaseRunner, FUZZ_RUNS, FUZZ_SEED, mutation, type Job } from './fuzz.js';

/**
 * Every reader on mutated real files (truncated, flipped, filled, spliced, repeated): each case ends, within a
 * bound, with rows / records / a verify verdict, or with the reader's own typed error (the CLI's exit 2 or 1) —
 * never another exception, a hang, or a heap past the worker's cap. One case per target also goes through the
 * real CLI: a documented exit code and no stack trace. Run long with CATALOG_FUZZ_RUNS (see fuzz.ts).
 */
let dir: string;
const runner = new CaseRunner();
const real = (name: string) => fixture('real', name);

/** target name → source file, the job for a mutated copy, and the CLI command for it. */
const TARGETS: [string, () => string, (file: string) => Job, (file: string) => string[]][] = [
  ['CSV (UTF-8 BOM)', () => real('taitung_shelters_utf8_bom.csv'), (file) => ({ target: 'read', file, format: 'csv' }), (f) => ['inspect', f]],
  ['CSV (Big5)', () => real('yilan_catalogue_2018-03-20_big5.csv'), (file) => ({ target: 'read', file }), (f) => ['inspect', f]],
  ['XLSX', () => real('dingyuan_result_import_template.xlsx'), (file) => ({ target: 'read', file, format: 'xlsx' }), (f) => ['inspect', f]],
  ['XLSX (merged cells)', () => real('dingshu_result_import_template_merged_cells.xlsx'), (file) => ({ target: 'read', file, format: 'xlsx' }), (f) => ['map', f, '--guess']],
  ['XLS (BIFF8)', () => real('putuo_tbmb_czfr_multisheet.xls'), (file) => ({ target: 'read', file, format: 'xls' }), (f) => ['inspect', f]],
  ['XLS (form)', () => real('songjiang_zyml_filled_test_upload.xls'), (file) => ({ target: 'read', file, format: 'xls' }), (f) => ['map', f, '--mapping', 'songjiang-form']],
  ['HTML as .xls', () => real('jucunwei_jichuxinxi_html_disguised.xls'), (file) => ({ target: 'read', file, format: 'html' }), (f) => ['inspect', f]],
  ['JSON', () => real('ny.data.json'), (file) => ({ target: 'read', file, format: 'json' }), (f) => ['inspect', f]],
  ['JSONL', () => fixture('records', 'valid-guide2017.jsonl'), (file) => ({ target: 'read', file, format: 'jsonl' }), (f) => ['inspect', f]],
  ['XML (OAI-PMH)', () => real('oaipmh_get_ListRecords_oai_dc.xml'), (file) => ({ target: 'read', file, format: 'xml' }), (f) => ['inspect', f]],
  ['records JSONL (validate)', () => fixture('records', 'valid-guide2017.jsonl'), (file) => ({ target: 'records', file }), (f) => ['validate', f]],
  ['import gbt-xml', () => path.join(dir, 'records.xml'), (file) => ({ target: 'import', file, importer: 'gbt-xml' }), (f) => ['import', f, '--from', 'gbt-xml', '-o', f + '.jsonl']],
  ['import dcat (RDF/XML)', () => real('dcat_dataset_gov_de.rdf'), (file) => ({ target: 'import', file, importer: 'dcat' }), (f) => ['import', f, '--from', 'dcat', '-o', f + '.jsonl']],
  ['import datajson', () => real('ny.data.json'), (file) => ({ target: 'import', file, importer: 'datajson' }), (f) => ['import', f, '--from', 'datajson', '-o', f + '.jsonl']],
  ['import ckan', () => real('ckan_ckan_full_dataset_dcat_ap.json'), (file) => ({ target: 'import', file, importer: 'ckan' }), (f) => ['import', f, '--from', 'ckan', '-o', f + '.jsonl']],
  ['package (verify)', () => path.join(dir, 'p.zip'), (file) => ({ target: 'verify', file }), (f) => ['verify', f]],
];

beforeAll(async () => {
  dir = tmpDir('catalog-fuzz-');
  const records = fixture('records', 'valid-guide2017.jsonl');
  for (const args of [['pack', records, '-o', path.join(dir, 'p.zip')], ['export', records, '--to', 'gbt-xml', '-o', path.join(dir, 'records.xml')]]) {
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(async () => {
  await runner.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fuzz: every reader ends in seconds on mutated real files', () => {
  it.each(TARGETS)('%s', async (name, source, job, command) => {
    const original = new Uint8Array(fs.readFileSync(source()));
    const slug = name.replace(/\W+/g, '-');
    const ext = path.extname(source());
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutation(original), async ({ label, bytes }) => {
        const file = path.join(dir, `${slug}-${n++}${ext}`);
        fs.writeFileSync(file, bytes);
        const o = await runner.run(job(file));
        expect(['ok', 'refused'], `${name} ${label}: ${o.outcome}: ${o.detail}`).toContain(o.outcome);
        if (n === 1) {
          const r = await cli(command(file), { timeoutMs: 60_000 });
          expect(r.timedOut, `${name} ${label}: CLI hung`).toBe(false);
          expect([0, 1, 2], `${name} ${label}: ${r.stderr}`).toContain(r.code);
          expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n|internal error/);
        }
        fs.rmSync(file, { force: true });
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
  }, 600_000);
});
