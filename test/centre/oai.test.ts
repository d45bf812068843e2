import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { startCentre } from '../../src/centre/server.js';
import { startTestCentre, call, keyPath, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { validateOai } from './oai-validate.js';

const tokenOf = (xml: string) => /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(xml)?.[1];
const identifiers = (xml: string) => [...xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]);

describe('OAI-PMH 2.0 provider', () => {
  let c: TestCentre;
  let url: string;
  const oai = async (q: string) => {
    const r = await call(url, 'GET', `/oai?${q}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/xml');
    const v = await validateOai(r.text);
    expect(v.errors, `${q}\n${r.text.slice(0, 2000)}`).toEqual([]);
    expect(v.valid).toBe(true);
    return r.text;
  };

  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_A, PROVIDER_B], { oaiPageSize: 2 });
    url = c.centre.url;
    await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
    await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [1, 2, 3].map((i) => recordOfB(i, `道路运输许可 ${i}`)) } });
    await call(url, 'DELETE', keyPath('302005/00002'), { token: c.tokens[PROVIDER_B] });
  });
  afterAll(async () => c.stop());

  it('Identify, ListMetadataFormats and ListSets validate against the XSD', async () => {
    const id = await oai('verb=Identify');
    expect(id).toContain('<deletedRecord>persistent</deletedRecord>');
    expect(id).toContain('<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>');
    expect(id).toContain(`<baseURL>${url}/oai</baseURL>`);
    const formats = await oai('verb=ListMetadataFormats');
    for (const p of ['oai_dc', 'gbt21063', 'catalog']) expect(formats).toContain(`<metadataPrefix>${p}</metadataPrefix>`);
    await oai(`verb=ListMetadataFormats&identifier=${encodeURIComponent('oai:catalog:301002/00001')}`);
    const sets = await oai('verb=ListSets');
    expect(sets).toContain(`<setSpec>provider:${PROVIDER_A}</setSpec>`);
    expect(sets).toContain(`<setSpec>provider:${PROVIDER_B}</setSpec>`);
    expect(sets).toContain('<setSpec>class:301002</setSpec>');
  });

  it('GetRecord in oai_dc, the GB/T profile and the catalog format', async () => {
    const id = encodeURIComponent('oai:catalog:301002/00001');
    const dc = await oai(`verb=GetRecord&identifier=${id}&metadataPrefix=oai_dc`);
    expect(dc).toContain('<dc:title>企业登记注册信息</dc:title>');
    const gbt = await oai(`verb=GetRecord&identifier=${id}&metadataPrefix=gbt21063`);
    expect(gbt).toContain('<resourceTitle>企业登记注册信息</resourceTitle>');
    const cat = await oai(`verb=GetRecord&identifier=${id}&metadataPrefix=catalog`);
    expect(cat).toContain('origin="local"');
    const deleted = await oai(`verb=GetRecord&identifier=${encodeURIComponent('oai:catalog:302005/00002')}&metadataPrefix=oai_dc`);
    expect(deleted).toContain('<header status="deleted">');
    expect(deleted).not.toContain('<metadata>');
  });

  it('pages ListRecords with stateless resumption tokens; every page validates; deleted records are reported', async () => {
    const seen: string[] = [];
    let xml = await oai('verb=ListRecords&metadataPrefix=oai_dc');
    let pages = 1;
    seen.push(...identifiers(xml));
    let token = tokenOf(xml);
    // a second centre process over the same database answers the first one's tokens
    const other = await startCentre({ store: new SqliteStore(path.join(c.dir, 'centre.sqlite')), port: 0, oaiPageSize: 2 });
    try {
      while (token) {
        const base = pages % 2 ? other.url : url;
        const r = await call(base, 'GET', `/oai?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
        expect((await validateOai(r.text)).errors).toEqual([]);
        xml = r.text;
        pages++;
        seen.push(...identifiers(xml));
        token = tokenOf(xml);
      }
    } finally {
      await other.close();
    }
    expect(pages).toBe(3);
    expect(xml).toMatch(/<resumptionToken cursor="4"\/>/);
    expect(seen.sort()).toEqual(['301002/00001', '301002/00002', '302005/00001', '302005/00002', '302005/00003'].map((k) => `oai:catalog:${k}`));
    const ids = await oai('verb=ListIdentifiers&metadataPrefix=gbt21063&set=' + encodeURIComponent(`provider:${PROVIDER_B}`));
    expect(identifiers(ids)).toHaveLength(2);
    expect(ids).toContain('status="deleted"');
  });

  it('filters by from/until on datestamps and by set', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${today}&until=${today}`);
    expect(identifiers(all).length).toBe(2);
    expect(tokenOf(all)).toBeTruthy();
    const none = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01');
    expect(none).toContain('<error code="noRecordsMatch">');
    const byClass = await oai('verb=ListRecords&metadataPrefix=gbt21063&set=class:301');
    expect(identifiers(byClass).sort()).toEqual(['oai:catalog:301002/00001', 'oai:catalog:301002/00002']);
  });

  it('the XSD check is real: a response with undeclared metadata or a bad datestamp fails', async () => {
    const good = await oai(`verb=GetRecord&identifier=${encodeURIComponent('oai:catalog:301002/00001')}&metadataPrefix=oai_dc`);
    const alien = good.replace(/<metadata>[\s\S]*<\/metadata>/, '<metadata><x:thing xmlns:x="urn:nowhere">1</x:thing></metadata>');
    expect((await validateOai(alien)).valid).toBe(false);
    const badDate = good.replace(/<datestamp>[^<]+<\/datestamp>/, '<datestamp>yesterday</datestamp>');
    expect((await validateOai(badDate)).valid).toBe(false);
  });

  it('answers protocol errors with the right codes, still valid OAI-PMH', async () => {
    const cases: [string, string][] = [
      ['verb=Nope', 'badVerb'],
      ['', 'badVerb'],
      ['verb=ListRecords', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-99', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01T00:00:00Z', 'badArgument'],
      ['verb=Identify&extra=1', 'badArgument'],
      ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:catalog:nope', 'idDoesNotExist'],
      ['verb=GetRecord&metadataPrefix=oai_dc&identifier=urn:other', 'idDoesNotExist'],
      ['verb=ListRecords&resumptionToken=garbage', 'badResumptionToken'],
      ['verb=ListRecords&resumptionToken=x&metadataPrefix=oai_dc', 'badArgument'],
      ['verb=ListSets&resumptionToken=x', 'badResumptionToken'],
      ['verb=ListRecords&metadataPrefix=oai_dc&set=nothing', 'noRecordsMatch'],
    ];
    for (const [q, code] of cases) {
      const xml = await oai(q);
      expect(xml, q).toContain(`<error code="${code}">`);
    }
    const post = await call(url, 'POST', '/oai', { body: 'verb=Identify', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.text).toContain('<Identify>');
  });
});
