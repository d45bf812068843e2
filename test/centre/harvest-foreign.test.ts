import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { harvest, HarvestError } from '../../src/centre/harvest.js';
import { tCode } from '../../src/i18n/t.js';
import { foreignKey } from '../../src/centre/harvest-foreign.js';
import { startForeignVendor, startRecordedPycsw, vendorRecords, type ForeignVendor } from '../hostile/foreign-vendor.js';
import { runCliAsync } from './helpers.js';

/**
 * Harvest from providers of another vendor: the recorded pycsw OAI-PMH answers (real, unmodified) and a
 * loopback provider with its own identifier scheme, only oai_dc (iso19139 when offered), sets, deleted
 * records and resumption tokens that expire. Real SQLite centre databases in a temp directory.
 */

let dir: string;
let n = 0;
const newStore = () => new SqliteStore(path.join(dir, `c${++n}.sqlite`));
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-foreign-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('harvest of the recorded pycsw OAI-PMH answers (oai_dc)', () => {
  let pycsw: Awaited<ReturnType<typeof startRecordedPycsw>>;
  beforeAll(async () => { pycsw = await startRecordedPycsw(); });
  afterAll(() => pycsw.close());

  it('maps every Dublin Core record, keyed by source + identifier; a second run changes nothing', async () => {
    const store = newStore();
    try {
      const r = await harvest(store, pycsw.url, { metadataPrefix: 'oai_dc' });
      expect(r.received).toBe(10);
      expect(r.created).toHaveLength(10);
      expect(pycsw.requests).toEqual(['/oai?verb=ListRecords&metadataPrefix=oai_dc', '/oai?verb=ListRecords&resumptionToken=11']);
      const host = new URL(pycsw.url).host;
      const key = `${host}/urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f`;
      expect(r.created).toContain(key);
      const lorem = (await store.getRecord(key))!;
      expect(lorem.origin).toBe(pycsw.url);
      expect(lorem.record).toMatchObject({
        metadataIdentifier: key, resourceIdentifier: 'urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f', title: 'Lorem ipsum',
        keywords: ['Tourism--Greece'], abstract: 'Quisque lacus diam, placerat mollis, pharetra in, commodo sed, augue. Duis iaculis arcu vel arcu.',
        format: { category: '图形图像', type: 'svg+xml', note: 'image/svg+xml' }, classifications: [{ scheme: 'DCMI Type', name: 'Image' }],
        extensions: { dc: { spatial: 'GR-22' }, oai: { identifier: 'urn:uuid:19887a8a-f6b0-4a63-ae56-7fba0e17801f' } },
      });
      expect(lorem.record.provider.code).toMatch(/^x-[0-9a-f]{12}$/);
      // no title in DC: the identifier stands in; the bounding box has no record field and is kept
      const untitled = (await store.getRecord(`${host}/urn:uuid:1ef30a8b-876d-4828-9246-c37ab4510bbd`))!.record;
      expect(untitled.title).toBe('urn:uuid:1ef30a8b-876d-4828-9246-c37ab4510bbd');
      expect(untitled.extensions?.dc).toMatchObject({ 'BoundingBox/LowerCorner': '60.042 13.754', 'BoundingBox/@crs': 'urn:x-ogc:def:crs:EPSG:6.11:4326' });
      const dated = (await store.getRecord(`${host}/urn:uuid:784e2afd-a9fd-44a6-9a92-a3848371c8ec`))!.record;
      expect(dated).toMatchObject({ publishedDate: '2006-05-12', format: { category: '电子文件' } });
      const subjectScheme = (await store.getRecord(`${host}/urn:uuid:6a3de50b-fa66-4b58-a0e6-ca146fdd18d4`))!.record;
      expect(subjectScheme).toMatchObject({ keywords: ['Vegetation'], keywordThesaurus: 'http://www.digest.org/2.1', relatedResourceCodes: ['urn:uuid:94bc9c83-97f6-4b40-9eb8-a8e8787a5c63'] });

      const again = await harvest(store, pycsw.url, { metadataPrefix: 'oai_dc' });
      expect(again).toMatchObject({ received: 10, created: [], updated: [], unchanged: 10 });
      expect(await store.countRecords()).toBe(10);
    } finally {
      await store.close();
    }
  });
});

describe('harvest of another vendor\'s provider', () => {
  let vendor: ForeignVendor;
  beforeAll(async () => { vendor = await startForeignVendor(); });
  afterAll(() => vendor.close());

  it('chooses oai_dc (no catalog, no GB/T), pages through, then re-harvests incrementally with deletions', async () => {
    vendor.records = vendorRecords(7);
    const store = newStore();
    try {
      vendor.requests.length = 0;
      const r = await harvest(store, vendor.url);
      expect(vendor.requests[0]).toBe('/oai?verb=ListMetadataFormats');
      expect(vendor.requests[1]).toBe('/oai?verb=ListRecords&metadataPrefix=oai_dc');
      expect(r).toMatchObject({ pages: 3, received: 7, lastDatestamp: '2026-03-01T06:00:00Z' });
      const key = foreignKey(`${vendor.url}/oai`, 'oai:vendor.example:dataset/1001');
      expect(key).toBe(`${new URL(vendor.url).host}/oai:vendor.example:dataset/1001`);
      const rec = (await store.getRecord(key))!.record;
      expect(rec).toMatchObject({
        title: '第2号 数据集 交通', provider: { name: '某市交通运输局' }, keywords: ['开放数据', '交通'], abstract: '第2号数据集的说明',
        publishedDate: '2025-12-31', format: { category: '电子表格', type: 'csv' }, onlineResources: ['https://vendor.example/dataset/1001'],
        extensions: { dc: { creator: '数据管理科', rights: 'CC-BY 4.0', spatial: '310000' } },
      });

      // one record changed, one deleted, one new: only those come back (from = the last datestamp), no duplicates
      vendor.records[2] = { ...vendor.records[2], datestamp: '2026-03-02T00:00:00Z', dc: { ...vendor.records[2].dc, title: ['改名了'] } };
      vendor.records[3] = { ...vendor.records[3], datestamp: '2026-03-02T00:00:00Z', deleted: true };
      vendor.records.push({ ...vendorRecords(8)[7], datestamp: '2026-03-02T00:00:00Z' });
      vendor.requests.length = 0;
      const again = await harvest(store, vendor.url);
      expect(vendor.requests[1]).toBe('/oai?verb=ListRecords&metadataPrefix=oai_dc&from=2026-03-01T06%3A00%3A00Z');
      expect(again.created).toHaveLength(1);
      expect(again.updated).toEqual([foreignKey(`${vendor.url}/oai`, 'oai:vendor.example:dataset/1002')]);
      expect(again.withdrawn).toEqual([foreignKey(`${vendor.url}/oai`, 'oai:vendor.example:dataset/1003')]);
      expect((await store.getRecord(again.withdrawn[0]))!.status).toBe('withdrawn');
      expect(await store.countRecords()).toBe(8);
      expect(await store.countRecords('published')).toBe(7);
    } finally {
      await store.close();
    }
  });

  it('takes only one set when asked', async () => {
    vendor.records = vendorRecords(7);
    const store = newStore();
    try {
      const r = await harvest(store, vendor.url, { set: 'dept:transport' });
      expect(r.received).toBe(3);
      const providers = new Set((await store.search({})).items.map((i) => i.record.provider.name));
      expect([...providers]).toEqual(['某市交通运输局']);
    } finally {
      await store.close();
    }
  });

  it('keeps the query string of the source URL: its own arguments on every request, ?set= as the set', async () => {
    vendor.records = vendorRecords(14);
    const store = newStore();
    try {
      vendor.requests.length = 0;
      const url = `${vendor.url}/oai?tenant=city&set=dept:transport`;
      const r = await harvest(store, url);
      expect(r.received).toBe(7);
      expect(r.source).toBe(`${vendor.url}?tenant=city&set=dept:transport`);
      expect(vendor.requests[0]).toBe('/oai?tenant=city&verb=ListMetadataFormats');
      expect(vendor.requests[1]).toBe('/oai?tenant=city&verb=ListRecords&metadataPrefix=oai_dc&set=dept%3Atransport');
      // a resumption request carries the source's own argument, and no list argument beside the token (OAI-PMH §3.5)
      expect(vendor.requests.slice(2).every((q) => /^\/oai\?tenant=city&verb=ListRecords&resumptionToken=[^&]+$/.test(q))).toBe(true);
      expect(vendor.requests.length).toBeGreaterThan(2);
      expect((await store.getRecord(r.created[0]))?.origin).toBe(r.source);
      expect((await store.getHarvestState(`${r.source}#set=dept:transport`))?.lastDatestamp).toBe(r.lastDatestamp);
      // an argument only the harvest sets is refused, not dropped
      await expect(harvest(store, `${vendor.url}/oai?verb=Identify`)).rejects.toMatchObject({ code: 'harvest-url-argument', params: { argument: 'verb' } });
      await expect(harvest(store, `${vendor.url}/oai?metadataPrefix=marc21`)).rejects.toMatchObject({ code: 'harvest-url-argument', params: { argument: 'metadataPrefix' } });
    } finally {
      await store.close();
    }
  });

  it('two tenants of one provider (?tenant=) are two sources: the same OAI identifiers give distinct records', async () => {
    vendor.records = vendorRecords(7);
    const store = newStore();
    try {
      const a = await harvest(store, `${vendor.url}/oai?tenant=a`);
      const b = await harvest(store, `${vendor.url}/oai?tenant=b`);
      expect([a.created.length, b.created.length]).toEqual([7, 7]);
      expect(b.created.filter((k) => a.created.includes(k))).toEqual([]);
      expect(await store.countRecords('published')).toBe(14);
      expect((await store.getRecord(b.created[0]))?.origin).toBe(`${vendor.url}?tenant=b`);
    } finally {
      await store.close();
    }
  });

  it('an expired resumption token restarts the list once; a token that always expires is reported clearly', async () => {
    vendor.records = vendorRecords(7);
    const store = newStore();
    try {
      // tokens forgotten after the first page (the vendor's product restarted): asked again from the start
      let first = true;
      const orig = vendor.requests.push.bind(vendor.requests);
      vendor.requests.push = (...u: string[]) => { if (u[0].includes('resumptionToken') && first) { first = false; vendor.expireTokens(); } return orig(...u); };
      const r = await harvest(store, vendor.url);
      vendor.requests.push = orig;
      expect(r.received).toBe(10);
      expect(r.created).toHaveLength(7);
      expect(r.unchanged).toBe(3);
      expect(await store.countRecords()).toBe(7);

      vendor.expireEvery = true;
      const err = await harvest(store, vendor.url, { from: '2026-01-01' }).catch((e: unknown) => e);
      vendor.expireEvery = false;
      expect(err).toBeInstanceOf(HarvestError);
      expect((err as HarvestError).code).toBe('harvest-token-expired');
      expect(tCode((err as HarvestError).code, 'zh', (err as HarvestError).params)).toMatch(/续传令牌失效（badResumptionToken，第 \d+ 页：The token has expired/);
      expect(await store.countRecords()).toBe(7);
    } finally {
      await store.close();
    }
  });

  it('prefers iso19139 when offered and reads it with the ISO 19139 importer', async () => {
    const iso = await startForeignVendor({ records: vendorRecords(2), iso: true });
    const store = newStore();
    try {
      const r = await harvest(store, iso.url);
      expect(iso.requests[1]).toBe('/oai?verb=ListRecords&metadataPrefix=iso19139');
      expect(r.created).toHaveLength(2);
      const rec = (await store.getRecord(r.created[0]))!.record;
      expect(rec.metadataIdentifier).toBe(foreignKey(`${iso.url}/oai`, 'oai:vendor.example:dataset/1000'));
      expect(rec.extensions?.iso).toMatchObject({ fileIdentifier: '3e9a8c05' });
      expect(rec.title).toBeTruthy();
      expect(rec.provider.code).toMatch(/^x-/);
    } finally {
      await store.close();
      await iso.close();
    }
  });

  it('catalog centre harvest from the CLI: oai_dc by choice, usage error for an unknown prefix', async () => {
    vendor.records = vendorRecords(4);
    const db = path.join(dir, 'cli.sqlite');
    const ok = await runCliAsync(['centre', 'harvest', vendor.url, '--db', db, '--lang', 'en']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`harvested 4 from ${vendor.url}: 4 new, 0 updated, 0 unchanged, 0 withdrawn, 0 skipped`);
    const bad = await runCliAsync(['centre', 'harvest', vendor.url, '--db', db, '--metadata-prefix', 'marcxml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use catalog, gbt21063, iso19139, oai_dc');
  });
});
