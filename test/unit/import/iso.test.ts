import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORTERS } from '../../../src/import/index.js';
import { detectCatalogue } from '../../../src/import/detect.js';
import { fixture } from '../../helpers/cli.js';

const run = (file: string) => IMPORTERS.iso19139.run(new Uint8Array(fs.readFileSync(fixture('real', file))), { file });

/** Every non-empty text leaf of an XML text (between tags), entity-decoded the way a parser would. */
function xmlTexts(xml: string): string[] {
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/>([^<]+)</g)].map((m) => decode(m[1]).trim()).filter(Boolean);
}

describe('ISO 19139 / 19115-3 import: one record per MD_Metadata', () => {
  it('pycsw 19139 service record: one record, both keyword blocks, parties, dates, service, extent', async () => {
    const { records } = await run('pycsw_apiso_3e9a8c05.xml');
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r).toMatchObject({
      metadataIdentifier: '3e9a8c05', title: 'test Title', abstract: 'test Abstract',
      keywords: ['Geographic viewer (humanGeographicViewer)', 'administration'], keywordThesaurus: 'GEMET Themes, version 2.3',
      provider: { name: 'NTUA' }, metadataContacts: [{ name: 'NTUA' }], publishedDate: '2011-04-19', metadataUpdated: '2011-04-18',
      resourceIdentifier: 'http://aiolos.survey.ntua.gr', service: { url: 'http://aiolos.survey.ntua.gr/geoserver/wms', type: 'view' },
    });
    const iso = r.extensions!.iso as Record<string, any>;
    expect(iso.extent).toEqual({ west: '19.37', east: '29.61', south: '34.80', north: '41.75', begin: '2011-04-18', end: '2011-04-20' });
    expect(iso.dates).toEqual({ creation: '2011-04-19' });
  });

  it('pycsw 19115-3 record: publisher is the provider, every party kept with its role, online resources in order', async () => {
    const { records } = await run('pycsw_iso19115p3_auscope-3d-model.xml');
    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r.title).toBe('3D geological model of the Otway and Torquay Basin 2011');
    expect(r.provider).toEqual({ name: 'Earth Resources Victoria' });
    expect(r.metadataUpdated).toBe('2022-11-03');
    expect(r.keywords).toEqual(['Victoria', 'Otway Basin', 'Torquay Basin', '3D Geological Models']);
    expect(r.onlineResources).toEqual(['http://geology.data.vic.gov.au/searchAssistant/document.php?q=parent_id:37363', 'http://geology.data.vic.gov.au/searchAssistant/document.php?q=parent_id:107513', 'http://geomodels.auscope.org/model/otway']);
    const iso = r.extensions!.iso as Record<string, any>;
    expect(iso.parties.map((p: { name: string; role: string }) => `${p.role}:${p.name}`)).toEqual(['funder:AuScope', 'publisher:Earth Resources Victoria', 'author:P.B. SKLADZIEN', 'coAuthor:C. Jorand', 'collaborator:A. Krassay', 'contributor:L. Hall', 'pointOfContact:Earth Resources Victoria']);
    expect(iso.extent).toMatchObject({ west: '143.00', north: '-38.40', minimum: '-400', maximum: '300' });
  });

  it('a CSW GetRecords answer with two mdb:MD_Metadata gives two records, not one per repeated leaf', async () => {
    const { records, fields } = await run('pycsw_iso19115p3_GetRecords-filter-bbox.xml');
    expect(records.map((r) => r.metadataIdentifier)).toEqual(['5ebc3cb7-a3b5-4760-a8ff-851d5d5beb32', '09a7c1d4c97ccdd7e34306deb91320ab95d51bb8']);
    expect(records.map((r) => r.title)).toEqual(['3D geological model of the Otway and Torquay Basin 2011', 'ProvinceFullExtent']);
    expect(records[1].metadataUpdated).toBe('2018-02-08');
    expect(fields!.identificationInfo).toEqual({ count: 2, to: expect.stringContaining('/title') });
    expect(fields!.metadataScope).toEqual({ count: 1, to: 'extensions.iso' });
  });

  for (const file of ['pycsw_apiso_3e9a8c05.xml', 'pycsw_iso19115p3_auscope-3d-model.xml', 'pycsw_iso19115p3_GetRecords-filter-bbox.xml']) {
    it(`${file}: every text value of every MD_Metadata is in a record or its extensions`, async () => {
      const xml = fs.readFileSync(fixture('real', file), 'utf8');
      const { records } = await run(file);
      const held = JSON.stringify(records);
      const inside = xml.slice(xml.search(/<(\w+:)?MD_Metadata[\s>]/));
      for (const text of xmlTexts(inside)) expect(held.includes(JSON.stringify(text).slice(1, -1)), text).toBe(true);
    });
  }

  it('detects the ISO encodings from the content', () => {
    const d = (f: string) => detectCatalogue(new Uint8Array(fs.readFileSync(fixture('real', f))));
    expect(d('pycsw_apiso_3e9a8c05.xml')).toEqual({ kind: 'iso19139', looks: { en: 'an ISO 19139 record (MD_Metadata)', zh: 'ISO 19139 元数据（MD_Metadata）' } });
    expect(d('pycsw_iso19115p3_auscope-3d-model.xml').kind).toBe('iso19139');
    expect(d('pycsw_iso19115p3_GetRecords-filter-bbox.xml').kind).toBe('iso19139');
    expect(d('cite_Record_19887a8a-f6b0-4a63-ae56-7fba0e17801f.xml')).toEqual({ looks: { en: 'XML with root <csw:Record> (http://www.opengis.net/cat/csw/2.0.2)', zh: '根元素为 <csw:Record> (http://www.opengis.net/cat/csw/2.0.2) 的 XML' } });
  });

  it('keeps the attributes the mapping does not read (id, uuidref, codeList) under extensions.iso', async () => {
    const xml = `<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:xlink="http://www.w3.org/1999/xlink">
  <gmd:fileIdentifier><gco:CharacterString>attr-test</gco:CharacterString></gmd:fileIdentifier>
  <gmd:parentIdentifier uuidref="parent-42"/>
  <gmd:hierarchyLevel><gmd:MD_ScopeCode codeList="http://example.invalid/codelists#MD_ScopeCode" codeListValue="dataset" id="scope-1"/></gmd:hierarchyLevel>
  <gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation><gmd:title><gco:CharacterString>T</gco:CharacterString></gmd:title></gmd:CI_Citation></gmd:citation></gmd:MD_DataIdentification></gmd:identificationInfo>
</gmd:MD_Metadata>`;
    const { records } = await IMPORTERS.iso19139.run(new TextEncoder().encode(xml), { file: 'attrs.xml' });
    const iso = records[0].extensions!.iso as Record<string, unknown>;
    const values = JSON.stringify(iso);
    for (const v of ['parent-42', 'http://example.invalid/codelists#MD_ScopeCode', 'dataset', 'scope-1']) expect(values).toContain(v);
    expect(values).not.toContain('http://www.isotc211.org/2005/gco');
  });
});
