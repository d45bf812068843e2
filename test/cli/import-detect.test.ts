import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, fixture } from '../helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-detect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('catalog import: the catalogue kind comes from the content', () => {
  it.each([
    ['real/ny.data.json', 'datajson', 1],
    ['real/dcat_dataset_gov_de.rdf', 'dcat', 1],
    ['real/ckan_ckan_full_dataset_dcat_ap.json', 'ckan', 1],
    ['real/pycsw_apiso_3e9a8c05.xml', 'iso19139', 1],
    ['real/pycsw_iso19115p3_GetRecords-filter-bbox.xml', 'iso19139', 2],
  ])('%s without --from is read as %s', (file, kind, n) => {
    const out = path.join(dir, `${kind}.jsonl`);
    const r = runCli(['import', fixture(...file.split('/')), '-o', out, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ from: kind, records: n });
    expect(Object.keys(report.fields).length).toBeGreaterThan(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(n);
  });

  it('a wrong --from is refused with exit 2 naming what the file looks like, and nothing is written', () => {
    const out = path.join(dir, 'wrong.jsonl');
    const r = runCli(['import', fixture('real', 'ny.data.json'), '--from', 'ckan', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('looks like a data.json catalogue (dataset[]) (--from datajson), not ckan: use --from datajson');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(out)).toBe(false);
    const zh = runCli(['--lang', 'zh', 'import', fixture('real', 'ny.data.json'), '--from', 'ckan', '-o', out]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('看起来是 data.json 目录（dataset[]）（--from datajson），不是 ckan');
  });

  it('a portal dump is no data.json: refused, not 700 empty records', () => {
    const out = path.join(dir, 'portal.jsonl');
    for (const args of [['--from', 'datajson'], []]) {
      const r = runCli(['import', fixture('real', 'portal_records_anhui_anhui.json'), ...args, '-o', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('a JSON array of 700 items with keys 标题, 发布日期');
      expect(r.stderr).toContain('catalog map');
    }
    expect(fs.existsSync(out)).toBe(false);
  });

  it('catalog map with an import template refuses a file of another kind the same way', () => {
    const r = runCli(['map', fixture('real', 'ny.data.json'), '--mapping', 'import/ckan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not ckan: use --from datajson');
  });
});
