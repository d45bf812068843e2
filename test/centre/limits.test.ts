import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCentre, type CentreServerOptions, type RunningCentre } from '../../src/centre/server.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { openPgStore } from '../../src/centre/pg-store.js';
import { createToken } from '../../src/centre/auth.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import type { CentreStore } from '../../src/centre/store.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { packRecords } from '../../src/package/pack.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call, keyPath } from './helpers.js';
import { guideRecords, PROVIDER_A } from './fixtures.js';

/**
 * The centre's limits (docs/security.md "Limits"), on both stores: each is refused with 413/422 naming the limit
 * and its flag, before the work it bounds is done, and nothing of a refused request is stored.
 */

const base = guideRecords()[1];
const rec = (i: number, extra: Partial<CatalogRecord> = {}): CatalogRecord => ({ ...base, title: `行政处罚决定书（${i}）`, resourceCode: `301002/${String(i).padStart(5, '0')}`, relatedResourceCodes: undefined, ...extra });

interface Centre { centre: RunningCentre; store: CentreStore; token: string; admin: string; stop(): Promise<void> }

async function open(kind: 'sqlite' | 'pg', opts: Partial<CentreServerOptions>): Promise<Centre> {
  let store: CentreStore;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'limits-'));
    store = new SqliteStore(path.join(dir, 'c.sqlite'));
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await createTestDatabase('limits');
    store = await openPgStore(db.url);
    cleanup = db.drop;
  }
  const token = (await createToken(store, { provider: PROVIDER_A })).token;
  const admin = (await createToken(store, { provider: 'admin', admin: true })).token;
  const centre = await startCentre({ store, port: 0, ...opts });
  return { centre, store, token, admin, async stop() { await centre.close(); await cleanup(); } };
}

const STORES = [['sqlite', true], ['pg', !!testPgUrl()]] as const;

describe.each(STORES)('limits on %s', (kind, available) => {
  if (!available) { it.skip(PG_SKIP_MESSAGE, () => {}); return; }
  let c: Centre;
  const post = (json: unknown, p = '/api/v1/records') => call(c.centre.url, 'POST', p, { token: c.token, json });
  beforeAll(async () => {
    c = await open(kind, { limits: { maxFieldChars: 10_000, maxRecordBytes: 64 * 1024, maxBatchRecords: 5, maxPackageBytes: 1024 * 1024, maxListTextChars: 100 } });
  }, 60_000);
  afterAll(() => c?.stop());

  it('a field over --max-field or the profile maxLength: that record is rejected naming the limit; the others are stored', async () => {
    const res = await post({ records: [rec(1, { abstract: '长'.repeat(10_001) }), rec(2, { title: '名'.repeat(501) }), rec(3)] });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('partial');
    const [a, b] = res.json.rejected;
    expect(a).toMatchObject({ index: 0, issues: [{ code: 'field-too-long', path: '/abstract', params: { limit: 10_000, size: 10_001, flag: '--max-field' } }] });
    expect(a.issues[0].message).toMatch(/--max-field/);
    expect(b).toMatchObject({ index: 1, issues: [{ code: 'field-too-long', path: '/title', params: { limit: 500, flag: 'profile' } }] });
    expect(res.json.accepted.map((x: { key: string }) => x.key)).toEqual(['301002/00003']);
    expect((await call(c.centre.url, 'GET', keyPath('301002/00001'))).status).toBe(404);
    // zh too
    const zh = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.token, json: { records: [rec(1, { abstract: '长'.repeat(10_001) })] }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.status).toBe(422);
    expect(zh.json.rejected[0].issues[0].message).toMatch(/超过 10000 个字符的上限（catalog centre serve --max-field）/);
  });

  it('a record over --max-record is rejected without being parsed', async () => {
    const res = await post({ records: [rec(4, { keywords: Array.from({ length: 8 }, (_, i) => `${i}`.repeat(9_000)) })] });
    expect(res.status).toBe(422);
    expect(res.json.rejected[0].issues[0]).toMatchObject({ code: 'record-too-large', params: { limit: 64 * 1024, flag: '--max-record' } });
  });

  it('more records than --max-batch: 413 too-many-records naming the flag, nothing stored', async () => {
    const res = await post({ records: [10, 11, 12, 13, 14, 15].map((i) => rec(i)) });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'too-many-records', details: { limit: 5, flag: '--max-batch' } });
    expect(res.json.error.message).toMatch(/--max-batch/);
    expect((await call(c.centre.url, 'GET', keyPath('301002/00010'))).status).toBe(404);
  });

  it('bad shapes are 400/422 naming the pointer, never 500 (found: SQLite3 can only bind…, Maximum call stack size exceeded)', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const cases: [string, number, string][] = [
      [JSON.stringify({ records: [{ ...rec(20), resourceCode: true }] }), 422, 'record-shape'],
      [JSON.stringify({ records: [{ ...rec(21), resourceCode: { toString: 1 } }] }), 422, 'record-shape'],
      [JSON.stringify({ records: [{ ...rec(22), provider: { code: { toString: 1 }, name: 'x' } }] }), 422, 'record-shape'],
      [`{"records":[${deep}]}`, 422, 'record-too-large'],
      [`{"records":[${'['.repeat(1000) + ']'.repeat(1000)}]}`, 422, 'record-too-deep'],
      [deep, 400, 'invalid-json'],
      ['{"toString":1}', 400, 'invalid-body'],
      [JSON.stringify({ records: [rec(23)], batchId: 5 }), 400, 'invalid-body'],
      [JSON.stringify({ records: [rec(23)], profile: { toString: 1 } }), 400, 'invalid-body'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.token, body, headers: { 'content-type': 'application/json' } });
      expect(res.status, body.slice(0, 80)).toBe(status);
      expect(res.json.error?.code ?? res.json.rejected?.[0]?.issues?.[0]?.code, body.slice(0, 80)).toBe(code);
    }
    const reviews: [string, number][] = [['{"toString":1}', 400], ['{"decision":{"toString":1}}', 400], [`{"decision":"return","comment":${'['.repeat(1000) + ']'.repeat(1000)}}`, 400], [`{"decision":"return","comment":${deep}}`, 413]];
    for (const [body, status] of reviews) {
      const res = await call(c.centre.url, 'POST', '/api/v1/submissions/1/review', { token: c.admin, body });
      expect(res.status, body.slice(0, 60)).toBe(status);
    }
  });

  it('packages: over --max-package (413 before inflating), a field over --max-field (413 naming record and flag)', async () => {
    const big = packRecords([rec(30, { abstract: '长'.repeat(9_000) }), ...Array.from({ length: 60 }, (_, i) => rec(31 + i, { abstract: `${i}`.repeat(9_000) }))], { created: '2024-03-01T00:00:00Z' });
    const res = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: big });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: 'package-too-large', details: { limit: 1024 * 1024, flag: '--max-package' } });
    const long = packRecords([rec(40), rec(41, { abstract: '长'.repeat(10_001) })], { created: '2024-03-01T00:00:00Z' });
    const res2 = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: long });
    expect(res2.status).toBe(413);
    expect(res2.json.error).toMatchObject({ code: 'package-record-limit', details: { line: 2, key: '301002/00041', limitCode: 'field-too-long', flag: '--max-field' } });
    expect(res2.json.error.message).toMatch(/line 2 \(301002\/00041\).*--max-field/);
    expect((await call(c.centre.url, 'GET', keyPath('301002/00040'))).status).toBe(404);
  });

  it('lists clip long texts (--max-list-text); the record itself keeps the whole text; OAI-PMH pages stay bounded', async () => {
    // a record stored before the limits existed (or harvested): 300,000 characters of abstract
    const old = rec(50, { abstract: '旧'.repeat(300_000) });
    await c.store.applyChanges([{ key: recordKey(old)!, provider: PROVIDER_A, hash: contentHash(old), status: 'published', origin: 'local', record: old, action: 'create', actor: 'test' }]);
    const list = await call(c.centre.url, 'GET', '/api/v1/records?q=' + encodeURIComponent('行政处罚决定书（50）'));
    const item = list.json.items.find((x: { key: string }) => x.key === '301002/00050');
    expect(item.abstract).toBe('旧'.repeat(100) + '…');
    const page = await call(c.centre.url, 'GET', '/?q=' + encodeURIComponent('行政处罚决定书（50）'));
    expect(page.text).toContain('旧'.repeat(100) + '…');
    expect(page.text.length).toBeLessThan(20_000);
    const one = await call(c.centre.url, 'GET', keyPath('301002/00050'));
    expect(one.json.record.abstract).toHaveLength(300_000);
  });
});

describe('OAI-PMH list pages end early past --max-oai-page', () => {
  let c: Centre;
  beforeAll(async () => { c = await open('sqlite', { limits: { maxOaiPageBytes: 4096 } }); }, 60_000);
  afterAll(() => c?.stop());

  it('every record is still reached through resumption tokens', async () => {
    const res = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.token, json: { records: Array.from({ length: 12 }, (_, i) => rec(100 + i)) } });
    expect(res.json.accepted).toHaveLength(12);
    const seen: string[] = [];
    let q = 'verb=ListRecords&metadataPrefix=oai_dc';
    for (let n = 0; n < 20; n++) {
      const xml = (await call(c.centre.url, 'GET', `/oai?${q}`)).text;
      expect(Buffer.byteLength(xml)).toBeLessThan(4096 + 4096);
      seen.push(...[...xml.matchAll(/<identifier>oai:catalog:([^<]+)<\/identifier>/g)].map((m) => m[1]));
      const token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1];
      if (!token) break;
      q = `verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`;
    }
    expect(new Set(seen).size).toBe(12);
    expect(seen.length).toBe(12);
  });
});
