import { describe, expect, it } from 'vitest';
import { recordsToDcatAp } from '../../../src/export/dcat-ap.js';
import { IMPORTERS } from '../../../src/import/index.js';
import { jsonLdToStore, validateShacl } from '../../helpers/validators.js';
import { exportFixtures, project } from '../../helpers/records.js';

const records = exportFixtures();

describe('DCAT-AP 3 export', () => {
  it.each(['shapes.ttl', 'range.ttl', 'dcat-ap-SHACL.ttl'])('every export passes the DCAT-AP 3 SHACL shapes (%s, data graph only)', async (shapes) => {
    const { document } = recordsToDcatAp(records);
    const report = await validateShacl(await jsonLdToStore(document), shapes);
    expect(report.results).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('the shapes do catch a dataset without dct:description (so the check is real)', async () => {
    const { document, issues } = recordsToDcatAp([{ title: 't', resourceCode: '301002/1', provider: { name: 'p' } }]);
    expect(issues[0].params?.field).toMatch(/dct:description/);
    const report = await validateShacl(await jsonLdToStore(document), 'shapes.ttl');
    expect(report.conforms).toBe(false);
    expect(report.results.some((r) => r.path === 'http://purl.org/dc/terms/description')).toBe(true);
  });

  it('round-trips the fields DCAT-AP carries (JSON-LD → import)', async () => {
    const { document } = recordsToDcatAp(records);
    const back = (await IMPORTERS.dcat.run(new TextEncoder().encode(JSON.stringify(document)), { file: 'catalog.jsonld' })).records;
    const fields = ['resourceCode', 'metadataIdentifier', 'resourceIdentifier', 'title', 'abstract', 'keywords', 'publishedDate', 'metadataUpdated', 'provider.name', 'provider.code', 'classifications', 'onlineResources', 'service', 'updateCycle', 'openness.open'];
    const key = (r: Record<string, unknown>) => String(r.resourceCode ?? r.metadataIdentifier);
    const a = back.map((r) => project(r, fields)).sort((x, y) => key(x).localeCompare(key(y)));
    const b = records.map((r) => project(r, fields)).sort((x, y) => key(x).localeCompare(key(y)));
    expect(a).toEqual(b);
    expect(back.find((r) => r.resourceCode === '301002/00001')?.metadataContacts).toEqual([{ name: '某市大数据中心' }]);
  });
});
