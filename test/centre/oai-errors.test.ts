import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestCentre, call, type TestCentre } from './helpers.js';
import { guideRecords, PROVIDER_A } from './fixtures.js';
import { validateOai } from './oai-validate.js';
import { validDatestamp } from '../../src/centre/oai.js';

/**
 * Every error condition of OAI-PMH 2.0 §3.6 (error and exception conditions), verb by verb, as the
 * spec lists them. Each response must carry the expected code AND validate against the OAI-PMH XSD;
 * for badVerb and badArgument the <request> element must carry no attributes (§3.2 "the request is
 * not echoed"), so a bad value can never make the response invalid.
 * Not applicable here: noSetHierarchy (this repository has sets) and noMetadataFormats (every item,
 * deleted ones included, is available in every format).
 */
const ID = encodeURIComponent('oai:catalog:301002/00001');
const CASES: { verb: string; query: string; code: string; why: string }[] = [
  { verb: '-', query: '', code: 'badVerb', why: 'verb missing' },
  { verb: '-', query: 'verb=Frobnicate', code: 'badVerb', why: 'illegal verb' },
  { verb: '-', query: 'verb=Identify&verb=ListSets', code: 'badVerb', why: 'verb repeated' },
  { verb: 'Identify', query: 'verb=Identify&set=a', code: 'badArgument', why: 'illegal argument' },
  { verb: 'GetRecord', query: 'verb=GetRecord&metadataPrefix=oai_dc', code: 'badArgument', why: 'identifier missing' },
  { verb: 'GetRecord', query: `verb=GetRecord&identifier=${ID}`, code: 'badArgument', why: 'metadataPrefix missing' },
  { verb: 'GetRecord', query: `verb=GetRecord&identifier=${ID}&metadataPrefix=oai_dc&metadataPrefix=catalog`, code: 'badArgument', why: 'repeated argument' },
  { verb: 'GetRecord', query: `verb=GetRecord&identifier=${ID}&metadataPrefix=marc21`, code: 'cannotDisseminateFormat', why: 'format not served' },
  { verb: 'GetRecord', query: `verb=GetRecord&identifier=${ID}&metadataPrefix=${encodeURIComponent('a b<c>')}`, code: 'badArgument', why: 'metadataPrefix of illegal syntax' },
  { verb: 'GetRecord', query: 'verb=GetRecord&identifier=oai:catalog:999999/99999&metadataPrefix=oai_dc', code: 'idDoesNotExist', why: 'unknown identifier' },
  { verb: 'GetRecord', query: 'verb=GetRecord&identifier=urn:isbn:0451450523&metadataPrefix=oai_dc', code: 'idDoesNotExist', why: 'identifier of another repository' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers', code: 'badArgument', why: 'metadataPrefix missing' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-02-30', code: 'badArgument', why: 'from is no calendar date' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&until=2023-02-29T10:00:00Z', code: 'badArgument', why: 'until is no calendar date (with time)' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01T24:00:00Z', code: 'badArgument', why: 'hour 24' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01T10:00:00', code: 'badArgument', why: 'time without Z' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z', code: 'badArgument', why: 'granularities differ' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01', code: 'badArgument', why: 'from after until' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=' + encodeURIComponent('not a set'), code: 'badArgument', why: 'set of illegal syntax' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&until=2000-01-01', code: 'noRecordsMatch', why: 'empty date range' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=provider:nobody', code: 'noRecordsMatch', why: 'set nobody uses' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&metadataPrefix=marc21', code: 'cannotDisseminateFormat', why: 'format not served' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&resumptionToken=zzz', code: 'badResumptionToken', why: 'token invalid' },
  { verb: 'ListIdentifiers', query: 'verb=ListIdentifiers&resumptionToken=zzz&metadataPrefix=oai_dc', code: 'badArgument', why: 'token is exclusive' },
  { verb: 'ListMetadataFormats', query: 'verb=ListMetadataFormats&identifier=oai:catalog:999999/99999', code: 'idDoesNotExist', why: 'unknown identifier' },
  { verb: 'ListMetadataFormats', query: 'verb=ListMetadataFormats&metadataPrefix=oai_dc', code: 'badArgument', why: 'illegal argument' },
  { verb: 'ListRecords', query: 'verb=ListRecords', code: 'badArgument', why: 'metadataPrefix missing' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30T00:00:00Z', code: 'badArgument', why: 'from is no calendar date (with time)' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01', code: 'badArgument', why: 'month 13' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=oai_dc&until=' + encodeURIComponent('2024-01-01"><x'), code: 'badArgument', why: 'markup in a date' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=oai_dc&set=class:999', code: 'noRecordsMatch', why: 'set nobody uses' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=oai_dc&set=nothing', code: 'noRecordsMatch', why: 'unknown set' },
  { verb: 'ListRecords', query: 'verb=ListRecords&metadataPrefix=marc21', code: 'cannotDisseminateFormat', why: 'format not served' },
  { verb: 'ListRecords', query: 'verb=ListRecords&resumptionToken=' + encodeURIComponent('{"p":1}'), code: 'badResumptionToken', why: 'token invalid' },
  { verb: 'ListSets', query: 'verb=ListSets&resumptionToken=x', code: 'badResumptionToken', why: 'no token is valid' },
  { verb: 'ListSets', query: 'verb=ListSets&from=2024-01-01', code: 'badArgument', why: 'illegal argument' },
];

describe('OAI-PMH 2.0 §3.6: every error condition', () => {
  let c: TestCentre;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_A]);
    await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
  });
  afterAll(async () => c.stop());

  it('covers every verb', () => {
    expect(new Set(CASES.map((x) => x.verb))).toEqual(new Set(['-', 'Identify', 'GetRecord', 'ListIdentifiers', 'ListMetadataFormats', 'ListRecords', 'ListSets']));
  });

  for (const k of CASES) {
    it(`${k.verb}: ${k.why} → ${k.code}`, async () => {
      const r = await call(c.centre.url, 'GET', `/oai?${k.query}`);
      expect(r.status).toBe(200);
      const codes = [...r.text.matchAll(/<error code="([^"]+)">/g)].map((m) => m[1]);
      expect(codes, r.text).toContain(k.code);
      const v = await validateOai(r.text);
      expect(v.errors, r.text).toEqual([]);
      const request = /<request([^>]*)>/.exec(r.text)![1];
      if (k.code === 'badVerb' || k.code === 'badArgument') expect(request).toBe('');
      else expect(request).toContain('verb=');
    });
  }

  it('datestamps are real calendar dates and times', () => {
    for (const ok of ['2024-02-29', '2023-12-31T23:59:59Z', '0001-01-01']) expect(validDatestamp(ok), ok).toBe(true);
    for (const bad of ['2023-02-29', '2024-02-30', '2024-04-31', '2024-00-10', '2024-01-01T23:60:00Z', '2024-01-01T10:00:60Z', '2024-1-01', '2024-01-01T10:00Z', '0000-01-01']) expect(validDatestamp(bad), bad).toBe(false);
  });
});
