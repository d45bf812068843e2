import fs from 'node:fs';
import { renderIssue } from '../../../src/i18n/render-issue.js';
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../../src/import/index.js';
import { validateRecords } from '../../../src/validate/records.js';
import { fixture } from '../../helpers/cli.js';

const run = async (importer: string, file: string) => IMPORTERS[importer].run(new Uint8Array(fs.readFileSync(fixture('real', file))), { file });

describe('real third-party catalogues import', () => {
  it('ny.data.json (New York State data.json)', async () => {
    const { records } = await run('datajson', 'ny.data.json');
    expect(records.length).toBeGreaterThan(0);
    const r = records[0];
    expect(r.title).toBe('State of New York Mortgage Agency (SONYMA) Loans Purchased: Beginning 2004');
    expect(r.metadataIdentifier).toBe('https://data.ny.gov/api/views/22ew-dxez');
    expect(r.provider.name).toBe('State of New York');
    expect(r.publishedDate).toBe('2016-07-21');
    expect(r.metadataUpdated).toBe('2019-06-10');
    expect(r.keywords).toContain('sonyma');
    expect(r.provenance).toEqual({ file: 'ny.data.json', row: 1 });
    // unmapped source fields are kept, not lost
    expect((r.extensions?.datajson as Record<string, unknown>).landingPage).toBe('https://data.ny.gov/d/22ew-dxez');
  });

  it('collection-1-parent-2-children.data.json: every dataset, parent link kept', async () => {
    const { records } = await run('datajson', 'collection-1-parent-2-children.data.json');
    expect(records).toHaveLength(3);
    expect(records[0].metadataIdentifier).toBe('OPM-ERround-0001-AWOL');
    expect(records.some((r) => (r.extensions?.datajson as Record<string, unknown> | undefined)?.isPartOf)).toBe(true);
  });

  it('missing-dataset-fields.data.json: the empty dataset is reported, the other imported', async () => {
    const { records, issues } = await run('datajson', 'missing-dataset-fields.data.json');
    expect(records.map((r) => r.metadataIdentifier)).toEqual(['IDF6-OPM-0001']);
    expect(renderIssue(issues.find((i) => i.code === 'import-skipped')!, 'en').message).toMatch(/entry 1 skipped/);
  });

  it('ckan_ckan_full_dataset_dcat_ap.json (ckanext-dcat scheming package)', async () => {
    const { records } = await run('ckan', 'ckan_ckan_full_dataset_dcat_ap.json');
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r).toMatchObject({ title: 'Test DCAT dataset', abstract: 'Lorem ipsum', metadataIdentifier: 'xx-some-dataset-id-yy', keywords: ['Tag 1', 'Tag 2'], publishedDate: '2024-05-01', metadataUpdated: '2024-05-05' });
    expect(r.provider).toEqual({ name: 'Test Publisher', code: 'http://example.org/publisher-id' });
    expect(r.onlineResources).toContain('https://example.com/data.csv');
    expect((r.extensions?.ckan as Record<string, unknown>).version).toBe('1.0b');
  });

  it('dcat_dataset_gov_de.rdf (DCAT-AP.de RDF/XML)', async () => {
    const { records } = await run('dcat', 'dcat_dataset_gov_de.rdf');
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r.title).toBe('Liefer- und Abholservices (Gastronomie)');
    expect(r.metadataIdentifier).toBe('c1be4007-d811-48fb-8818-2cb358b06a63');
    expect(r.provider.name).toBe('Hanse- und Universitätsstadt Rostock');
    expect(r.keywords).toContain('ökonomie');
    expect(r.publishedDate).toBe('2020-04-21');
    expect(r.openness).toEqual({ open: true });
    expect(r.onlineResources?.length).toBeGreaterThan(0);
  });

  it('imported records go through the validator (foreign data lacks 2017 guide fields, reported not crashed)', async () => {
    const { records } = await run('datajson', 'ny.data.json');
    const report = await validateRecords(records.map((record) => ({ record })), { profile: 'gbt21063-3', disputed: 'optional' });
    expect(report.stats.records).toBe(records.length);
    expect(report.issues.every((i) => i.provenance?.file === 'ny.data.json')).toBe(true);
  });
});

describe('importer input errors', () => {
  it('a remote JSON-LD @context is refused with a clear message (offline)', async () => {
    const doc = { '@context': 'https://example.org/context.jsonld', '@type': 'dcat:Dataset' };
    await expect(IMPORTERS.dcat.run(new TextEncoder().encode(JSON.stringify(doc)), { file: 'x.jsonld' })).rejects.toThrow(/remote @context https:\/\/example.org\/context.jsonld cannot be loaded \(offline\)/);
  });
  it('bad JSON is an ImportParseError naming the file', async () => {
    await expect(IMPORTERS.ckan.run(new TextEncoder().encode('{nope'), { file: 'bad.json' })).rejects.toThrow(/bad.json: JSON/);
  });
});
