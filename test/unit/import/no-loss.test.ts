import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../../src/import/index.js';
import { recordsToDataJson, accessLevelOf } from '../../../src/export/datajson.js';
import { readForeignDate } from '../../../src/import/values.js';
import type { CatalogRecord } from '../../../src/model/record.js';
import { renderIssue } from '../../../src/i18n/render-issue.js';
import { fixture } from '../../helpers/cli.js';
import { validatePod } from '../../helpers/validators.js';

const DATAJSON = [fixture('real', 'ny.data.json'), fixture('real', 'collection-1-parent-2-children.data.json'), fixture('real', 'missing-dataset-fields.data.json'),
  fixture('made', 'project-made_pod_date_forms.data.json'), fixture('made', 'project-made_pod_wrong_types.data.json')];

const importFile = (importer: string, file: string) => IMPORTERS[importer].run(new Uint8Array(fs.readFileSync(file)), { file });

/** Every scalar of a JSON value with its path. */
function leaves(v: unknown, path = ''): [string, string][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k));
  return v === undefined || v === null ? [] : [[path, String(v)]];
}

/**
 * Source values that come back as something else (documented in docs/import.md): the JSON-LD types are
 * implied, accessLevel becomes 开放属性, accrualPeriodicity an update-cycle label.
 */
const TRANSFORMED = /(^|\.)@type$|^accessLevel$|^accrualPeriodicity$/;

describe('data.json import drops nothing', () => {
  for (const file of DATAJSON) {
    it(`${file.split('/').pop()}: every source value is in the record or its extensions; every field is counted`, async () => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      const { records, fields } = await importFile('datajson', file);
      const sources = (doc.dataset as Record<string, unknown>[]).filter((d) => d && Object.keys(d).length);
      expect(records).toHaveLength(sources.length);
      const counts: Record<string, number> = {};
      sources.forEach((src, i) => {
        const held = new Set(leaves(records[i]).map(([, v]) => v));
        for (const [path, value] of leaves(src)) {
          if (TRANSFORMED.test(path)) continue;
          expect(held.has(value), `${path} = ${value} lost in record ${i + 1}: ${JSON.stringify(records[i])}`).toBe(true);
        }
        for (const k of Object.keys(src)) counts[k] = (counts[k] ?? 0) + 1;
      });
      expect(Object.fromEntries(Object.entries(fields!).map(([k, f]) => [k, f.count]))).toEqual(counts);
      for (const f of Object.values(fields!)) expect(f.to).toBeTruthy();
    });
  }

  it('numbers where text is expected are kept as text, each with a warning', async () => {
    const { records, issues } = await importFile('datajson', fixture('made', 'project-made_pod_wrong_types.data.json'));
    expect(records[0]).toMatchObject({ title: '707', abstract: 'true', keywords: ['交通', '2023', '公交'], metadataIdentifier: '42' });
    expect(records[0].extensions?.datajson).toEqual({ modified: 2023 });
    expect(issues.filter((i) => i.code === 'import-coerced').map((i) => i.params?.field)).toEqual(['title', 'description', 'keyword[1]', 'modified', 'identifier']);
    expect(renderIssue(issues.find((i) => i.code === 'import-coerced')!, 'en').message).toBe('project-made_pod_wrong_types.data.json entry 1: title should be text but is a number (707); kept as the text "707"'.replace('project-made_pod_wrong_types.data.json', fixture('made', 'project-made_pod_wrong_types.data.json')));
  });

  it('every POD modified form is read: days to dates, repeating intervals to the update cycle, the rest kept and told', async () => {
    const { records, issues } = await importFile('datajson', fixture('made', 'project-made_pod_date_forms.data.json'));
    const byId = Object.fromEntries(records.map((r) => [r.metadataIdentifier, r]));
    expect(byId['stat-2023'].metadataUpdated).toBeUndefined();
    expect((byId['stat-2023'].extensions?.datajson as any).modified).toBe('2023');
    expect(byId['price-monthly'].updateCycle).toBe('每月');
    expect(byId['list-yearly'].updateCycle).toBe('每年');
    expect(byId.census.updateCycle).toBeUndefined();
    expect((byId.census.extensions?.datajson as any).modified).toBe('R/P2Y');
    expect(byId['air-quality']).toMatchObject({ metadataUpdated: '2023-05-01', publishedDate: '2019-03-15', updateCycle: '每日' });
    const told = issues.filter((i) => i.code.startsWith('import-date-')).map((i) => `${i.severity} ${i.params?.value}`);
    expect(told).toEqual(['warning 2023', 'warning 2023-05', 'warning 2020-01', 'info R/P1Y', 'warning R/P2Y', 'info 2023-05-01T10:00:00+08:00']);
  });

  it('readForeignDate knows every ISO 8601 form POD allows', () => {
    const cases: [string, string, string?, string?][] = [
      ['2023', 'year'], ['2023-05', 'year-month'], ['2023-05-01', 'date', '2023-05-01'], ['2023-05-01T10:00:00Z', 'date-time', '2023-05-01'],
      ['20230501T1000', 'date-time', '2023-05-01'], ['2023-W05', 'week-or-ordinal'], ['2023-123', 'week-or-ordinal'],
      ['R/P1D', 'repeating', undefined, '每日'], ['R/P1W', 'repeating', undefined, '每周'], ['R/P1M', 'repeating', undefined, '每月'],
      ['R/P3M', 'repeating', undefined, '每季度'], ['R/P6M', 'repeating', undefined, '每半年'], ['R/P1Y', 'repeating', undefined, '每年'],
      ['R/2010-01-01/P1Y', 'repeating', undefined, '每年'], ['R5/P2Y', 'repeating'], ['P1Y', 'duration'], ['2023-02-30', 'unknown'], ['soon', 'unknown'],
    ];
    for (const [v, kind, date, cycle] of cases) expect(readForeignDate(v), v).toMatchObject({ kind, ...(date ? { date } : {}), ...(cycle ? { cycle } : {}) });
  });
});

describe('data.json: valid in → valid out', () => {
  for (const file of [fixture('real', 'collection-1-parent-2-children.data.json'), fixture('made', 'project-made_pod_date_forms.data.json')]) {
    it(`${file.split('/').pop()}: import → export passes the POD v1.1 schema with no config, and gives every dataset back`, async () => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(validatePod(doc).valid).toBe(true);
      const { records } = await importFile('datajson', file);
      const { document, issues } = recordsToDataJson(records, {});
      const v = validatePod(document);
      expect(v.errors).toBeNull();
      expect(issues.filter((i) => i.code === 'export-missing-config')).toEqual([]);
      // Same fields with the same values, dataset by dataset (only key order may differ). One addition:
      // a repeating-interval `modified` became the update cycle, which is written as accrualPeriodicity too.
      const sort = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));
      const expected = (doc.dataset as Record<string, unknown>[]).map((d) => (/^R\/P1[DWMY]$/.test(String(d.modified)) && !d.accrualPeriodicity ? { ...d, accrualPeriodicity: d.modified } : d));
      expect((document.dataset as Record<string, unknown>[]).map(sort)).toEqual(expected.map(sort));
    });
  }
});

describe('accessLevel from 开放属性', () => {
  const rec = (extra: Partial<CatalogRecord>): CatalogRecord => ({ title: 't', provider: { name: 'p' }, ...extra });
  it.each([
    [{ openness: { open: true } }, 'public', undefined],
    [{ openness: { open: true, condition: '无条件开放' } }, 'public', undefined],
    [{ openness: { open: true, type: '无条件开放' } }, 'public', undefined],
    [{ openness: { open: true, condition: '须注册后申请' } }, 'restricted public', '须注册后申请'],
    [{ openness: { open: true, type: '有条件开放' } }, 'restricted public', '有条件开放'],
    [{ openness: { open: false } }, 'non-public', '不予开放'],
    [{ openness: { open: false }, sharing: { type: '不予共享', basis: '《保密法》' } }, 'non-public', '《保密法》'],
    [{ openness: { open: true, type: '不予开放' } }, 'non-public', '不予开放'],
    [{}, 'non-public', '不予开放'],
  ] as [Partial<CatalogRecord>, string, string | undefined][])('%j → %s', (extra, level, rights) => {
    expect(accessLevelOf(rec(extra))).toEqual({ accessLevel: level, rights });
  });
});

describe('CKAN and DCAT import drop nothing either', () => {
  it('ckanext-dcat package: every source value is in the record or extensions.ckan; every field counted', async () => {
    const file = fixture('real', 'ckan_ckan_full_dataset_dcat_ap.json');
    const src = JSON.parse(fs.readFileSync(file, 'utf8'));
    const { records, fields } = await importFile('ckan', file);
    const held = new Set(leaves(records[0]).map(([, v]) => v));
    for (const [path, value] of leaves(src)) expect(held.has(value), `${path} = ${value}`).toBe(true);
    expect(Object.keys(fields!).sort()).toEqual(Object.keys(src).sort());
  });

  it('DCAT-AP.de RDF/XML: every object of every dataset triple is in the record or extensions.dcat', async () => {
    const file = fixture('real', 'dcat_dataset_gov_de.rdf');
    const { records, fields } = await importFile('dcat', file);
    const held = new Set(leaves(records[0]).map(([, v]) => v));
    const { parseRdfXml } = await import('../../../src/import/dcat.js');
    const quads = await parseRdfXml(fs.readFileSync(file, 'utf8'), `file:///${encodeURIComponent(file)}`);
    const ds = quads.find((q) => q.object.value === 'http://www.w3.org/ns/dcat#Dataset')!.subject;
    // accessRights and accrualPeriodicity come back as 开放属性 and an update-cycle label (transformed, not lost).
    const transformed = ['http://purl.org/dc/terms/accessRights', 'http://purl.org/dc/terms/accrualPeriodicity'];
    const objects = quads.filter((q) => q.subject.equals(ds) && q.object.termType !== 'BlankNode' && q.object.value !== 'http://www.w3.org/ns/dcat#Dataset' && !transformed.includes(q.predicate.value));
    expect(objects.length).toBeGreaterThan(10);
    for (const q of objects) expect(held.has(q.object.value), `${q.predicate.value} ${q.object.value}`).toBe(true);
    expect(fields!['dct:title']).toEqual({ count: 1, to: 'dct:title' });
    expect(fields!['dcat:distribution'].to).toBe('extensions.dcat.dcat:distribution');
  });
});
