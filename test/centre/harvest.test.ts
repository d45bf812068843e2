import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { startCentre } from '../../src/centre/server.js';
import { harvest } from '../../src/centre/harvest.js';
import { runCli } from '../helpers/cli.js';
import { startTestCentre, call, keyPath, runCliAsync, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { validateOai } from './oai-validate.js';

describe('centre-to-centre harvest: district → city (real servers, real CLI)', () => {
  let district: TestCentre;
  let dir: string;
  let cityDb: string;
  const harvestCli = async (...extra: string[]) => {
    const r = await runCliAsync(['centre', 'harvest', district.centre.url, '--db', cityDb, '--format', 'json', ...extra]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const withCity = async <T>(fn: (s: SqliteStore) => Promise<T>): Promise<T> => {
    const s = new SqliteStore(cityDb);
    try { return await fn(s); } finally { await s.close(); }
  };

  beforeAll(async () => {
    district = await startTestCentre([PROVIDER_A, PROVIDER_B], { oaiPageSize: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-'));
    cityDb = path.join(dir, 'city.sqlite');
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_A], json: { records: guideRecords() } });
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_B], json: { records: [1, 2, 3].map((i) => recordOfB(i)) } });
  });
  afterAll(async () => {
    await district.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('harvests everything once, keeping the origin; a second harvest writes nothing', async () => {
    const first = await harvestCli();
    expect(first.created.sort()).toEqual(['301002/00001', '301002/00002', '302005/00001', '302005/00002', '302005/00003']);
    expect(first.pages).toBe(3);
    const second = await harvestCli();
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.withdrawn).toEqual([]);
    expect(second.from).toBe(first.lastDatestamp);
    await withCity(async (s) => {
      expect(await s.countRecords()).toBe(5);
      const r = await s.getRecord('301002/00001');
      expect(r).toMatchObject({ origin: district.centre.url, status: 'published', provider: PROVIDER_A });
      expect(r?.record).toEqual(guideRecords()[0]);
      for (const k of ['301002/00001', '302005/00003']) expect((await s.history(k)).map((h) => h.action)).toEqual(['harvest']);
      expect(await s.getHarvestState(district.centre.url)).toMatchObject({ lastDatestamp: first.lastDatestamp });
    });
  });

  it('carries changes and withdrawals incrementally, without duplicates', async () => {
    await call(district.centre.url, 'DELETE', keyPath('302005/00002'), { token: district.tokens[PROVIDER_B] });
    const changed = { ...guideRecords()[0], abstract: '全市企业登记注册信息（含个体工商户）。' };
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_A], json: { records: [changed] } });
    const third = await harvestCli();
    expect(third.withdrawn).toEqual(['302005/00002']);
    expect(third.updated).toEqual(['301002/00001']);
    expect(third.created).toEqual([]);
    const fourth = await harvestCli();
    expect([fourth.created, fourth.updated, fourth.withdrawn]).toEqual([[], [], []]);
    await withCity(async (s) => {
      expect(await s.countRecords()).toBe(5);
      expect((await s.getRecord('302005/00002'))?.status).toBe('withdrawn');
      expect((await s.getRecord('301002/00001'))?.record.abstract).toBe(changed.abstract);
      expect((await s.history('302005/00002')).map((h) => h.action)).toEqual(['harvest', 'harvest-withdraw']);
      expect((await s.history('301002/00001')).map((h) => h.action)).toEqual(['harvest', 'harvest']);
    });
  });

  it('the city serves harvested records over OAI-PMH with their origin, and a province harvest keeps it', async () => {
    const city = await startCentre({ store: new SqliteStore(cityDb), port: 0 });
    const pdir = fs.mkdtempSync(path.join(os.tmpdir(), 'province-'));
    const province = new SqliteStore(path.join(pdir, 'p.sqlite'));
    try {
      const r = await call(city.url, 'GET', '/oai?verb=ListRecords&metadataPrefix=catalog');
      expect((await validateOai(r.text)).errors).toEqual([]);
      expect(r.text).toContain(`origin="${district.centre.url}"`);
      expect(r.text).toContain('<header status="deleted">');
      const res = await harvest(province, city.url + '/oai', { set: `provider:${PROVIDER_B}` });
      expect(res.created.sort()).toEqual(['302005/00001', '302005/00003']);
      expect((await province.getRecord('302005/00001'))?.origin).toBe(district.centre.url);
      expect(await province.getRecord('301002/00001')).toBeUndefined();
      // the set harvest did not advance the full harvest: a full one still gets provider A's records
      const full = await harvest(province, city.url);
      expect(full.created.sort()).toEqual(['301002/00001', '301002/00002']);
      expect(full.withdrawn).toEqual([]);
      expect((await province.getRecord('301002/00001'))?.origin).toBe(district.centre.url);
    } finally {
      await province.close();
      await city.close();
      fs.rmSync(pdir, { recursive: true, force: true });
    }
  });

  it('keeps a local record when a harvested one has the same key', async () => {
    const cdir = fs.mkdtempSync(path.join(os.tmpdir(), 'city2-'));
    const store = new SqliteStore(path.join(cdir, 'c.sqlite'));
    try {
      const local = { ...guideRecords()[1], title: '本地登记的处罚信息' };
      await store.applyChanges([{ key: '301002/00002', provider: PROVIDER_A, hash: 'h', status: 'published', origin: 'local', record: local, action: 'create', actor: 't' }]);
      const r = await harvest(store, district.centre.url);
      expect(r.skipped.map((s) => [s.key, s.code])).toEqual([['301002/00002', 'harvest-local-conflict']]);
      expect((await store.getRecord('301002/00002'))?.record.title).toBe('本地登记的处罚信息');
    } finally {
      await store.close();
      fs.rmSync(cdir, { recursive: true, force: true });
    }
  });

  it('harvests another vendor\'s centre that only offers GB/T XML (gbt21063), keyed by the records\' own keys', async () => {
    // a stand-in for another vendor: forwards to the district, hides the catalog format, uses its own identifiers
    const vendor = http.createServer(async (req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.searchParams.get('metadataPrefix') === 'catalog') u.searchParams.set('metadataPrefix', 'nope');
      const upstream = await fetch(district.centre.url + '/oai' + u.search);
      let text = await upstream.text();
      text = text.replace(/<metadataFormat><metadataPrefix>catalog<\/metadataPrefix>.*?<\/metadataFormat>/, '')
        .replace(/oai:catalog:(\d+)\/(\d+)/g, 'oai:vendor.example:$1-$2');
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(text);
    });
    await new Promise<void>((r) => vendor.listen(0, '127.0.0.1', () => r()));
    const vurl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    const pdir = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-'));
    const store = new SqliteStore(path.join(pdir, 'v.sqlite'));
    try {
      const first = await harvest(store, vurl);
      expect(first.created.sort()).toEqual(['301002/00001', '301002/00002', '302005/00001', '302005/00003']);
      expect(first.skipped).toEqual([]);
      const r = await store.getRecord('301002/00001');
      expect(r?.origin).toBe(vurl);
      expect(r?.record.title).toBe('企业登记注册信息');
      // GB/T XML carried the record without loss: same content hash as at the district
      expect(r?.hash).toBe((await district.store.getRecord('301002/00001'))?.hash);
      const again = await harvest(store, vurl);
      expect([again.created, again.updated]).toEqual([[], []]);
      expect(await store.countRecords()).toBe(4);
    } finally {
      await store.close();
      await new Promise((r) => vendor.close(r));
      fs.rmSync(pdir, { recursive: true, force: true });
    }
  });

  it('exits 3 when the source centre is unreachable, 2 for a bad URL', () => {
    const r = runCli(['centre', 'harvest', 'http://127.0.0.1:9/', '--db', cityDb]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^catalog: harvest failed: cannot reach/);
    const u = runCli(['centre', 'harvest', 'ftp://x', '--db', cityDb]);
    expect(u.code).toBe(2);
  });
});

describe('centre harvest shows progress through the shared display (stderr only)', () => {
  let district: TestCentre;
  let dir: string;
  beforeAll(async () => {
    district = await startTestCentre([PROVIDER_A], { oaiPageSize: 1 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'city-progress-'));
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_A], json: { records: guideRecords() } });
  });
  afterAll(async () => {
    await district.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--verbose without a terminal: a plain progress line on stderr, the summary alone on stdout; --quiet: nothing on stderr', async () => {
    const verbose = await runCliAsync(['centre', 'harvest', district.centre.url, '--db', path.join(dir, 'a.sqlite'), '--verbose']);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(new RegExp(`^harvesting ${district.centre.url.replace(/[.]/g, '\\.')}: 1\\b`, 'm'));
    expect(verbose.stdout.trim()).toMatch(/^harvested 2 from /);
    expect(verbose.stdout).not.toMatch(/harvesting/);
    const quiet = await runCliAsync(['centre', 'harvest', district.centre.url, '--db', path.join(dir, 'b.sqlite'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});
