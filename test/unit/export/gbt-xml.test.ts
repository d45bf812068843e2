import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { recordsToGbtXml } from '../../../src/export/gbt-xml.js';
import { gbtXmlToRecords } from '../../../src/import/gbt-xml.js';
import { canonicalJson } from '../../../src/model/identity.js';
import { IMPORTERS } from '../../../src/import/index.js';
import { type CatalogRecord } from '../../../src/model/record.js';
import { validateGbtXml } from '../../helpers/validators.js';
import { exportFixtures } from '../../helpers/records.js';

const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);
const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const record: fc.Arbitrary<CatalogRecord> = fc.record({
  title: text,
  resourceCode: fc.option(fc.stringMatching(/^[1-3]\d{5}\/\d{3,5}$/), { nil: undefined }),
  metadataIdentifier: fc.option(fc.stringMatching(/^[A-Z0-9-]{3,12}$/), { nil: undefined }),
  abstract: fc.option(fc.string(), { nil: undefined }),
  provider: fc.record({ name: text, code: fc.option(text, { nil: undefined }) }, { requiredKeys: ['name'] }),
  keywords: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  publishedDate: fc.option(date, { nil: undefined }),
  classifications: fc.option(fc.array(fc.record({ scheme: text, name: fc.option(text, { nil: undefined }) }, { requiredKeys: ['scheme'] }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  items: fc.option(fc.array(fc.record({ name: text, dataType: fc.constantFrom('C', 'N', 'D') }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  openness: fc.option(fc.record({ open: fc.boolean(), condition: fc.option(text, { nil: undefined }) }, { requiredKeys: ['open'] }), { nil: undefined }),
  extensions: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string()), { nil: undefined }),
}, { requiredKeys: ['title', 'provider'] }) as fc.Arbitrary<CatalogRecord>;

const strip = (r: CatalogRecord) => JSON.parse(JSON.stringify(r)) as CatalogRecord;

describe('GB/T XML export', () => {
  it('every fixture export passes standards/gbt21063-3/catalog.xsd', async () => {
    const r = await validateGbtXml(recordsToGbtXml(exportFixtures()));
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('generated records: the export passes the XSD and reads back to the same records', async () => {
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 5 }), async (recs) => {
      const clean = recs.map(strip);
      const xml = recordsToGbtXml(clean);
      const v = await validateGbtXml(xml);
      expect(v.errors).toEqual([]);
      expect(gbtXmlToRecords(xml).map((x) => canonicalJson(x))).toEqual(clean.map((x) => canonicalJson(x)));
    }), { numRuns: 15 });
  });

  it('round-trips through the gbt-xml importer (provenance added, content equal)', async () => {
    const recs = exportFixtures();
    const { records } = await IMPORTERS['gbt-xml'].run(new TextEncoder().encode(recordsToGbtXml(recs)), { file: 'c.xml' });
    expect(records[0].provenance).toEqual({ file: 'c.xml', row: 1 });
    expect(records.map((r) => canonicalJson(r))).toEqual(recs.map((r) => canonicalJson(r)));
  });

  it('the XSD rejects what it should: a missing resourceTitle and a bad date', async () => {
    const good = recordsToGbtXml([{ title: 't', provider: { name: 'p' }, publishedDate: '2024-01-01' }]);
    expect((await validateGbtXml(good.replace(/<resourceTitle>t<\/resourceTitle>\n\s*/, ''))).valid).toBe(false);
    expect((await validateGbtXml(good.replace('2024-01-01', '2024/1/1'))).valid).toBe(false);
  });

  it('escapes markup and survives characters XML cannot carry', () => {
    const xml = recordsToGbtXml([{ title: 'a <b> & "c"', provider: { name: 'x\u0001y' } }]);
    expect(xml).toContain('a &lt;b&gt; &amp; "c"');
    expect(gbtXmlToRecords(xml)[0].provider.name).toBe('x\uFFFDy');
  });
});
