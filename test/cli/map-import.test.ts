import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, fixture } from '../helpers/cli.js';
import { IMPORTERS } from '../../src/import/index.js';

// `catalog map --mapping import/<name>` routes foreign catalogues through the importers (issue 5: round-trip via map).
describe('catalog map with import templates', () => {
  const cases: [string, string][] = [
    ['ny.data.json', 'datajson'],
    ['collection-1-parent-2-children.data.json', 'datajson'],
    ['ckan_ckan_full_dataset_dcat_ap.json', 'ckan'],
    ['dcat_dataset_gov_de.rdf', 'dcat'],
  ];
  it.each(cases)('%s via import/%s', async (file, importer) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-map-import-'));
    const out = path.join(dir, 'records.jsonl');
    const input = fixture('real', file);
    const r = runCli(['map', input, '--mapping', `import/${importer}`, '-o', out, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.rows).toBe(report.records + report.rejected);
    const written = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const direct = await IMPORTERS[importer].run(fs.readFileSync(input), { file: input });
    expect(written.length).toBe(direct.records.length);
    expect(written.length).toBeGreaterThan(0);
    expect(written.map((w) => w.title)).toEqual(direct.records.map((d) => d.title));
  });

  it('a broken catalogue is a one-line usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-map-import-'));
    const bad = path.join(dir, 'bad.data.json');
    fs.writeFileSync(bad, '{"dataset": [');
    const r = runCli(['map', bad, '--mapping', 'import/datajson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.data\.json cannot be parsed as JSON/);
  });

  // issue 17: a guessed mapping over an ISO record's leaf paths put useLimitation under the provider; the
  // importer reads its structure, so --guess names it and saves the import template
  it.each([['pycsw_apiso_3e9a8c05.xml', 'iso19139'], ['ny.data.json', 'datajson']])('--guess on %s proposes the %s importer', (file, importer) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-map-import-'));
    const input = fixture('real', file);
    const tpl = path.join(dir, 'template.json');
    const r = runCli(['map', input, '--guess', '--save-template', tpl, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`catalog import ${input}`);
    expect(r.stdout).not.toMatch(/provider name|--no-header/);
    expect(JSON.parse(fs.readFileSync(tpl, 'utf8'))).toEqual({ importer });
    const zh = runCli(['map', input, '--guess', '--lang', 'zh']);
    expect(zh.stdout).toContain('已有导入器');
    const out = path.join(dir, 'records.jsonl');
    const mapped = runCli(['map', input, '--mapping', tpl, '-o', out]);
    expect(mapped.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThan(0);
  });
});

