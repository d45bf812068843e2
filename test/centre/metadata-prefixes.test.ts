import { describe, it, expect } from 'vitest';
import { metadataPrefixes, parseListRecords, HarvestError } from '../../src/centre/harvest.js';
import { tCode } from '../../src/i18n/t.js';

// The shape of an OAI-PMH 2.0 ListMetadataFormats answer (§4.4), with and without a namespace prefix.
const answer = (p: string) => `<?xml version="1.0" encoding="UTF-8"?>
<${p}OAI-PMH xmlns${p ? ':' + p.slice(0, -1) : ''}="http://www.openarchives.org/OAI/2.0/">
  <${p}responseDate>2024-03-01T00:00:00Z</${p}responseDate>
  <${p}request verb="ListMetadataFormats">http://127.0.0.1/oai</${p}request>
  <${p}ListMetadataFormats>
    <${p}metadataFormat><${p}metadataPrefix> oai_dc </${p}metadataPrefix><${p}schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</${p}schema></${p}metadataFormat>
    <${p}metadataFormat><${p}metadataPrefix>gbt21063</${p}metadataPrefix></${p}metadataFormat>
  </${p}ListMetadataFormats>
</${p}OAI-PMH>`;

describe('ListMetadataFormats parsing (harvest)', () => {
  it('lists the prefixes, with or without a namespace prefix on the elements', async () => {
    expect(await metadataPrefixes(answer(''), 'http://x/oai')).toEqual(['oai_dc', 'gbt21063']);
    expect(await metadataPrefixes(answer('oai:'), 'http://x/oai')).toEqual(['oai_dc', 'gbt21063']);
  });
  it('an OAI error answer offers nothing; broken XML is a harvest error', async () => {
    expect(await metadataPrefixes('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="badVerb">x</error></OAI-PMH>', 'http://x/oai')).toEqual([]);
    await expect(metadataPrefixes('<OAI-PMH><ListMetadataFormats>', 'http://x/oai')).rejects.toBeInstanceOf(HarvestError);
  });
  it('goes through the same XML limits as ListRecords: depth and entity declarations', async () => {
    await expect(metadataPrefixes(answer('').replace('<ListMetadataFormats>', '<ListMetadataFormats>' + '<x>'.repeat(5000) + '</x>'.repeat(5000)), 'http://x/oai'))
      .rejects.toMatchObject({ code: 'harvest-xml-too-deep', params: { max: 256 } });
    await expect(metadataPrefixes('<!DOCTYPE OAI-PMH [<!ENTITY a "b">]>' + answer('').replace(/^<\?xml[^>]*>\n/, ''), 'http://x/oai'))
      .rejects.toMatchObject({ code: 'harvest-xml-entity' });
  });
});

describe('ListRecords parsing (harvest)', () => {
  const page = (metadata: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate><request>x</request>
<ListRecords><record><header><identifier>oai:v:1</identifier><datestamp>2026-01-01</datestamp></header><metadata>${metadata}</metadata></record>${extra}</ListRecords></OAI-PMH>`;

  it('hands a GB/T block to its reader exactly as sent, astral characters included', () => {
    const block = '<ResourceCatalog xmlns="urn:x"><Metadata><t>𠀀𪚥 企业 &amp; 𠮷</t></Metadata></ResourceCatalog>';
    const p = parseListRecords(page(block, '<resumptionToken cursor="0">t1</resumptionToken>'), 'http://x/oai');
    expect(p.items).toHaveLength(1);
    expect(p.items[0]).toMatchObject({ identifier: 'oai:v:1', datestamp: '2026-01-01', deleted: false, gbtXml: block });
    expect([p.token, p.cursor]).toEqual(['t1', 0]);
  });

  it('refuses XML deeper than 256 elements, and XML that is not a ListRecords answer', () => {
    // the error is code + params; its English wording comes from the catalogue, as at the edges
    const worded = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return tCode((err as HarvestError).code, 'en', (err as HarvestError).params);
      }
      return 'no error';
    };
    expect(worded(() => parseListRecords(page('<a>'.repeat(300) + '</a>'.repeat(300)), 'http://x/oai'))).toMatch(/nested more than 256 levels deep/);
    expect(worded(() => parseListRecords('<rss/>', 'http://x/oai'))).toMatch(/not an OAI-PMH ListRecords answer/);
    expect(() => parseListRecords('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><Identify/></OAI-PMH>', 'http://x/oai')).toThrow(HarvestError);
  });
});
