import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { packRecords } from '../../src/package/pack.js';
import { generateKeyPair } from '../../src/crypto/keys.js';
import { startTestCentre, call, keyPath, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { ROOT } from '../helpers/cli.js';
import path from 'node:path';
import { recordKey } from '../../src/model/identity.js';

describe('centre registration API (real server on 127.0.0.1)', () => {
  let c: TestCentre;
  let url: string;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_A, PROVIDER_B]);
    url = c.centre.url;
  });
  afterAll(async () => c.stop());

  it('answers health without auth', async () => {
    const r = await call(url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok', records: 0 });
  });

  it('registers a batch, then reports the same records as unchanged (no duplicates)', async () => {
    const first = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
    expect(first.status).toBe(200);
    expect(first.json.status).toBe('accepted');
    expect(first.json.accepted.map((a: { key: string }) => a.key)).toEqual(['301002/00001', '301002/00002']);
    const again = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
    expect(again.json).toMatchObject({ status: 'accepted', accepted: [], rejected: [] });
    expect(again.json.unchanged).toHaveLength(2);
    expect((await c.store.history('301002/00001')).length).toBe(1);
    expect((await call(url, 'GET', '/health')).json.records).toBe(2);
  });

  it('gives the stored answer again for a repeated batchId', async () => {
    const body = { batchId: 'b-1', records: [recordOfB(1)] };
    const a = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: body });
    const b = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: body });
    expect(a.json.accepted).toHaveLength(1);
    expect(b.json).toEqual(a.json);
  });

  it('a token for provider A cannot change or withdraw provider B\'s records (403, never 500)', async () => {
    const bRecord = recordOfB(1);
    // A sends B's record as it is
    const r1 = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [{ ...bRecord, title: '改名' }] } });
    expect(r1.status).toBe(403);
    expect(r1.json.error.code).toBe('provider-mismatch');
    // A claims B's key under its own provider code
    const r2 = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [{ ...bRecord, provider: { name: '某市市场监督管理局', code: PROVIDER_A } }] } });
    expect(r2.status).toBe(403);
    expect(r2.json.error.code).toBe('not-owner');
    const r3 = await call(url, 'DELETE', keyPath(bRecord.resourceCode!), { token: c.tokens[PROVIDER_A] });
    expect(r3.status).toBe(403);
    expect(r3.json.error.code).toBe('not-owner');
    const stored = await call(url, 'GET', keyPath(bRecord.resourceCode!));
    expect(stored.json).toMatchObject({ status: 'published', provider: PROVIDER_B, record: { title: bRecord.title } });
  });

  it('a 403 for records of another provider lists every offender (details.rejected) and whom the token acts for; nothing is written', async () => {
    const bRecords = [recordOfB(21), recordOfB(22)];
    const own = { ...guideRecords()[0], resourceCode: '301002/00031' };
    const r = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [bRecords[0], own, bRecords[1]] }, headers: { 'accept-language': 'en' } });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('provider-mismatch');
    expect(r.json.error.message).toBe(`2 records are not for the provider the token acts for (${PROVIDER_A}); nothing in this request was written; first: record 0 belongs to provider ${PROVIDER_B}, the token acts for ${PROVIDER_A}`);
    expect(r.json.error.details).toMatchObject({ index: 0, provider: PROVIDER_B, actsFor: PROVIDER_A });
    expect(r.json.error.details.rejected).toEqual([
      { index: 0, key: bRecords[0].resourceCode, issues: [expect.objectContaining({ code: 'provider-mismatch', path: '/provider/code', message: `record 0 belongs to provider ${PROVIDER_B}, the token acts for ${PROVIDER_A}` })] },
      { index: 2, key: bRecords[1].resourceCode, issues: [expect.objectContaining({ code: 'provider-mismatch', message: `record 2 belongs to provider ${PROVIDER_B}, the token acts for ${PROVIDER_A}` })] },
    ]);
    expect(await c.store.getRecord('301002/00031')).toBeUndefined();
  });

  it('a package re-upload is answered from the stored answer only while the catalogue still holds it', async () => {
    const zip = packRecords([recordOfB(41, '道路运输经营许可信息')], { created: '2024-03-01T00:00:00Z' });
    const post = () => call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
    expect((await post()).json.accepted).toHaveLength(1);
    expect((await post()).json.accepted).toHaveLength(1); // stored answer, nothing written
    expect((await c.store.history('302005/00041')).map((h) => h.action)).toEqual(['create']);
    // changed since by a batch: the re-upload registers the package's content again
    await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [{ ...recordOfB(41, '道路运输经营许可信息'), title: '别的标题' }] } });
    const again = await post();
    expect(again.json.accepted).toHaveLength(1);
    expect((await c.store.getRecord('302005/00041'))?.record.title).toBe('道路运输经营许可信息');
    expect((await c.store.history('302005/00041')).map((h) => h.action)).toEqual(['create', 'update', 'update']);
  });

  it('rejects invalid records with the validator\'s issues; 422 when all are rejected', async () => {
    const bad = { ...guideRecords()[0], resourceCode: '301002/00009', sharing: { type: '随便共享' }, title: '' };
    const mixed = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [bad, { ...guideRecords()[1], resourceCode: '301002/00010' }] } });
    expect(mixed.status).toBe(200);
    expect(mixed.json.status).toBe('partial');
    expect(mixed.json.rejected[0].key).toBe('301002/00009');
    expect(mixed.json.rejected[0].index).toBe(0);
    const codes = mixed.json.rejected[0].issues.map((i: { code: string }) => i.code);
    expect(codes).toContain('enum-mismatch');
    const all = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [bad, 42, { title: 'x' }] } });
    expect(all.status).toBe(422);
    expect(all.json.status).toBe('rejected');
    expect(all.json.rejected.map((r: { issues: { code: string }[] }) => r.issues[0].code)).toEqual(expect.arrayContaining(['record-not-object', 'record-key-missing']));
  });

  it('refuses bad requests with stable codes, never 500', async () => {
    const cases: [string, string, Parameters<typeof call>[3], number, string][] = [
      ['POST', '/api/v1/records', { json: { records: [] } }, 401, 'token-missing'],
      ['POST', '/api/v1/records', { token: 'cat_nope', json: { records: [] } }, 401, 'token-invalid'],
      ['POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], body: '{not json' }, 400, 'invalid-json'],
      ['POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: 'x' } }, 400, 'invalid-body'],
      ['POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [], profile: 'nope' } }, 400, 'unknown-profile'],
      ['POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: new Array(1001).fill({}) } }, 413, 'too-many-records'],
      ['GET', '/api/v1/records?page=0', {}, 400, 'bad-parameter'],
      ['GET', '/api/v1/records?updatedFrom=yesterday', {}, 400, 'bad-parameter'],
      ['GET', '/api/v1/records/%E0%A4%A', {}, 400, 'bad-parameter'],
      ['GET', keyPath('no/such'), {}, 404, 'record-not-found'],
      ['DELETE', keyPath('no/such'), { token: c.tokens[PROVIDER_A] }, 404, 'record-not-found'],
      ['PUT', '/api/v1/records', {}, 405, 'method-not-allowed'],
      ['GET', '/nothing', {}, 404, 'not-found'],
      ['GET', '/api/v1/submissions', { token: c.tokens[PROVIDER_A] }, 403, 'admin-required'],
      ['POST', '/api/v1/submissions/1/review', { token: c.tokens.admin, json: { decision: 'maybe' } }, 400, 'invalid-body'],
      ['POST', '/api/v1/packages', { token: c.tokens[PROVIDER_A], body: 'not a zip' }, 422, 'package-invalid'],
    ];
    for (const [method, p, o, status, code] of cases) {
      const r = await call(url, method, p, o);
      expect({ method, p, status: r.status, code: r.json?.error?.code }).toEqual({ method, p, status, code });
    }
  });

  it('answers in Chinese for Accept-Language: zh (errors and validation issues)', async () => {
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
    const denied = await call(url, 'DELETE', keyPath('302005/00001'), { token: c.tokens[PROVIDER_A], headers: zh });
    expect(denied.json.error).toMatchObject({ code: 'not-owner', message: `记录 302005/00001 属于提供方 ${PROVIDER_B}，不能修改或撤销` });
    const en = await call(url, 'DELETE', keyPath('302005/00001'), { token: c.tokens[PROVIDER_A], headers: { 'accept-language': 'en' } });
    expect(en.json.error.message).toBe(`record 302005/00001 belongs to provider ${PROVIDER_B}; you cannot change or withdraw it`);
    const bad = { ...guideRecords()[0], resourceCode: '301002/00011', abstract: undefined };
    const r = await call(url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [bad] }, headers: zh });
    expect(r.json.rejected[0].issues[0].message).toMatch(/缺少必填项/);
  });

  it('withdraws (撤销) idempotently and keeps every change in the history', async () => {
    const key = '301002/00002';
    const w1 = await call(url, 'DELETE', keyPath(key) + '?comment=' + encodeURIComponent('停止共享'), { token: c.tokens[PROVIDER_A] });
    expect(w1.status).toBe(200);
    expect(w1.json.status).toBe('withdrawn');
    const w2 = await call(url, 'DELETE', keyPath(key), { token: c.tokens[PROVIDER_A] });
    expect(w2.json).toEqual(w1.json);
    const h = await call(url, 'GET', keyPath(key) + '/history');
    expect(h.json.items.map((e: { action: string }) => e.action)).toEqual(['create', 'withdraw']);
    expect(h.json.items[1].comment).toBe('停止共享');
    const found = await call(url, 'GET', '/api/v1/records?q=' + encodeURIComponent('处罚决定'));
    expect(found.json.items.map((i: { key: string }) => i.key)).not.toContain(key);
    expect(found.json.items.map((i: { key: string }) => i.key)).toContain('301002/00010');
  });

  it('serves one record as JSON and as GB/T XML valid against catalog.xsd', async () => {
    const key = '301002/00001';
    const j = await call(url, 'GET', keyPath(key));
    expect(j.json).toMatchObject({ key, status: 'published', origin: 'local', record: { title: '企业登记注册信息' } });
    const x = await call(url, 'GET', keyPath(key) + '?format=xml');
    expect(x.headers.get('content-type')).toContain('application/xml');
    const byAccept = await call(url, 'GET', keyPath(key), { headers: { accept: 'application/xml' } });
    expect(byAccept.text).toBe(x.text);
    const xsd = fs.readFileSync(path.join(ROOT, 'standards', 'gbt21063-3', 'catalog.xsd'), 'utf8');
    const v = await validateXML({ xml: [{ fileName: 'record.xml', contents: x.text }], schema: [{ fileName: 'catalog.xsd', contents: xsd }] });
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
    expect(x.text).toContain('<resourceTitle>企业登记注册信息</resourceTitle>');
  });

  it('searches with keyword, filters and paging', async () => {
    const r = await call(url, 'GET', '/api/v1/records?q=' + encodeURIComponent('企业') + '&provider=' + PROVIDER_A + '&class=301&shareType=' + encodeURIComponent('有条件共享'));
    expect(r.json.total).toBe(1);
    expect(r.json.items[0]).toMatchObject({ key: '301002/00001', title: '企业登记注册信息', providerName: '某市市场监督管理局' });
    const p = await call(url, 'GET', '/api/v1/records?pageSize=1&page=2');
    expect(p.json.pageSize).toBe(1);
    expect(p.json.items).toHaveLength(1);
  });

  it('registers a signed package idempotently (package id + content hash) and refuses a tampered one', async () => {
    const recs = [recordOfB(7, '出租汽车经营许可信息'), recordOfB(8, '危险货物运输许可信息')];
    const zip = packRecords(recs, { created: '2024-03-01T00:00:00Z', signWith: generateKeyPair('ed25519') });
    const a = await call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip, headers: { 'content-type': 'application/zip' } });
    expect(a.status).toBe(200);
    expect(a.json.status).toBe('accepted');
    expect(a.json.packageId).toMatch(/^[0-9a-f]{64}$/);
    expect(a.json.accepted).toHaveLength(2);
    const b = await call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip, headers: { 'content-type': 'application/zip' } });
    expect(b.json).toEqual(a.json);
    expect((await c.store.history('302005/00007')).length).toBe(1);
    const wrong = await call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_A], body: zip });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe('provider-mismatch');
    const tampered = Buffer.from(zip);
    const at = tampered.indexOf(Buffer.from('records.jsonl')) + 200;
    tampered[at] ^= 0xff;
    const t = await call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: tampered });
    expect(t.status).toBe(422);
    expect(t.json.error.code).toBe('package-invalid');
    expect(t.json.error.details.issues.length).toBeGreaterThan(0);
  });

  it('applies an incremental package\'s withdrawals', async () => {
    const zip = packRecords([recordOfB(9, '公路建设项目信息')], { created: '2024-03-02T00:00:00Z', previousPackageId: 'prev', withdrawn: ['302005/00008'] });
    const r = await call(url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
    expect(r.status).toBe(200);
    expect(r.json.withdrawn).toEqual([{ key: '302005/00008' }]);
    expect((await c.store.getRecord('302005/00008'))?.status).toBe('withdrawn');
  });
});

describe('tokens bound to a signing key', () => {
  it('take only packages signed with that key', async () => {
    const key = generateKeyPair('ed25519');
    const c = await startTestCentre([PROVIDER_B], {}, { [PROVIDER_B]: key.publicKey });
    try {
      const recs = [recordOfB(1)];
      const post = (zip: Uint8Array) => call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
      const unsigned = await post(packRecords(recs, { created: '2024-03-01T00:00:00Z' }));
      expect(unsigned.status).toBe(422);
      expect(unsigned.json.error.details.issues.map((i: { code: string }) => i.code)).toContain('signature-missing');
      const other = await post(packRecords(recs, { created: '2024-03-01T00:00:00Z', signWith: generateKeyPair('ed25519') }));
      expect(other.status).toBe(422);
      expect(other.json.error.details.issues.map((i: { code: string }) => i.code)).toContain('signature-key-mismatch');
      const good = await post(packRecords(recs, { created: '2024-03-01T00:00:00Z', signWith: key }));
      expect(good.status).toBe(200);
      expect(good.json.accepted).toHaveLength(1);
      // the token alone cannot bypass the signature: record batches and single withdrawals are refused
      const batch = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [{ ...recs[0], title: '未签名的修改' }] } });
      expect(batch.status).toBe(403);
      expect(batch.json.error.code).toBe('signature-required');
      const del = await call(c.centre.url, 'DELETE', keyPath(recs[0].resourceCode!), { token: c.tokens[PROVIDER_B] });
      expect(del.status).toBe(403);
      expect(del.json.error.code).toBe('signature-required');
      expect(await c.store.getRecord(recs[0].resourceCode!)).toMatchObject({ status: 'published', record: { title: recs[0].title } });
      // a token without a key (here the admin token) still may
      expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens.admin, json: { records: [recs[0]] } })).status).toBe(200);
    } finally {
      await c.stop();
    }
  });
});

describe('centre limits and test faults', () => {
  it('refuses a body over the limit with 413', async () => {
    const c = await startTestCentre([PROVIDER_A], { maxBodyBytes: 1000 });
    try {
      const r = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
      expect(r.status).toBe(413);
      expect(r.json.error.code).toBe('body-too-large');
    } finally {
      await c.stop();
    }
  });

  it('--fault-every N: every Nth write answers 503 with Retry-After, and nothing is written', async () => {
    const c = await startTestCentre([PROVIDER_A], { faultEvery: 2 });
    try {
      const post = () => call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [guideRecords()[0]] } });
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const r = await post();
        statuses.push(r.status);
        if (r.status === 503) {
          expect(r.json.error.code).toBe('fault-injected');
          expect(r.headers.get('retry-after')).toBe('0');
        }
      }
      expect(statuses).toEqual([200, 503, 200, 503]);
      expect((await call(c.centre.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await c.stop();
    }
  });
});

describe('review (审核)', () => {
  let c: TestCentre;
  beforeAll(async () => { c = await startTestCentre([PROVIDER_A], { review: true }); });
  afterAll(async () => c.stop());

  it('department submissions wait for an admin: submitted → published, or returned with comments', async () => {
    const [a, b] = guideRecords();
    const r = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [a, b] } });
    expect(r.json.status).toBe('submitted');
    expect(r.json.submissions).toHaveLength(2);
    expect((await call(c.centre.url, 'GET', keyPath('301002/00001'))).status).toBe(404);
    const again = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [a] } });
    expect(again.json.unchanged).toEqual([{ key: '301002/00001' }]);
    const list = await call(c.centre.url, 'GET', '/api/v1/submissions?status=submitted', { token: c.tokens.admin });
    expect(list.json.items.map((s: { key: string }) => s.key)).toEqual(['301002/00001', '301002/00002']);
    const [s1, s2] = list.json.items;
    const denied = await call(c.centre.url, 'POST', `/api/v1/submissions/${s1.id}/review`, { token: c.tokens[PROVIDER_A], json: { decision: 'publish' } });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('admin-required');
    const pub = await call(c.centre.url, 'POST', `/api/v1/submissions/${s1.id}/review`, { token: c.tokens.admin, json: { decision: 'publish', comment: '同意发布' } });
    expect(pub.json.status).toBe('published');
    expect((await call(c.centre.url, 'GET', keyPath('301002/00001'))).json.status).toBe('published');
    const noComment = await call(c.centre.url, 'POST', `/api/v1/submissions/${s2.id}/review`, { token: c.tokens.admin, json: { decision: 'return' } });
    expect(noComment.json.error.code).toBe('comment-required');
    const ret = await call(c.centre.url, 'POST', `/api/v1/submissions/${s2.id}/review`, { token: c.tokens.admin, json: { decision: 'return', comment: '共享条件不明确' } });
    expect(ret.json).toMatchObject({ status: 'returned', comment: '共享条件不明确' });
    expect((await c.store.getRecord('301002/00002'))?.status).toBe('returned');
    const twice = await call(c.centre.url, 'POST', `/api/v1/submissions/${s2.id}/review`, { token: c.tokens.admin, json: { decision: 'publish' } });
    expect(twice.status).toBe(409);
    // a change to a published record waits for review too; the published version stays visible meanwhile
    const changed = { ...a, abstract: '修改后的摘要' };
    const upd = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [changed] } });
    expect(upd.json.status).toBe('submitted');
    expect((await call(c.centre.url, 'GET', keyPath('301002/00001'))).json.record.abstract).toBe(a.abstract);
    await call(c.centre.url, 'POST', `/api/v1/submissions/${upd.json.submissions[0]}/review`, { token: c.tokens.admin, json: { decision: 'publish' } });
    expect((await call(c.centre.url, 'GET', keyPath('301002/00001'))).json.record.abstract).toBe('修改后的摘要');
    expect((await c.store.history('301002/00001')).map((h) => h.action)).toEqual(['submit', 'publish', 'publish']);
    expect((await c.store.history('301002/00002')).map((h) => h.action)).toEqual(['submit', 'return']);
  });
});

describe('review (审核): an older submission never overwrites newer published content', () => {
  let c: TestCentre;
  beforeAll(async () => { c = await startTestCentre([PROVIDER_A], { review: true }); });
  afterAll(async () => c.stop());

  it('publishing the newer submission supersedes the older one; publishing the older is refused with 409 naming both', async () => {
    const [a] = guideRecords();
    const key = recordKey(a)!;
    const submit = async (abstract: string) => {
      const r = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [{ ...a, abstract }] } });
      expect(r.json.status).toBe('submitted');
      return r.json.submissions[0] as number;
    };
    const review = (id: number, json: unknown, headers: Record<string, string> = {}) =>
      call(c.centre.url, 'POST', `/api/v1/submissions/${id}/review`, { token: c.tokens.admin, json, headers });
    const older = await submit('第一次提交的摘要');
    const newer = await submit('第二次提交的摘要');
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items.map((s: { id: number }) => s.id)).toEqual([older, newer]);

    const pub = await review(newer, { decision: 'publish', comment: '同意' });
    expect(pub.status).toBe(200);
    expect(pub.json).toMatchObject({ id: newer, status: 'published', superseded: [older] });
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.record.abstract).toBe('第二次提交的摘要');

    // the older one left the queue and says by whom it was superseded
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items).toEqual([]);
    const sup = await call(c.centre.url, 'GET', '/api/v1/submissions?status=superseded', { token: c.tokens.admin });
    expect(sup.json.items).toHaveLength(1);
    expect(sup.json.items[0]).toMatchObject({ id: older, status: 'superseded', supersededBy: newer, key });

    // approving the stale one is refused, in the reviewer's language, naming both submissions; nothing changes
    const zh = await review(older, { decision: 'publish' }, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(409);
    expect(zh.json.error).toMatchObject({ code: 'submission-superseded', details: { id: older, key, newer } });
    expect(zh.json.error.message).toContain(`待审记录 ${older}`);
    expect(zh.json.error.message).toContain(`较新的待审记录 ${newer}`);
    const en = await review(older, { decision: 'publish' }, { 'accept-language': 'en' });
    expect(en.json.error.message).toBe(`submission ${older} (${key}) is superseded by the newer submission ${newer} for the same record, which is published; ${older} cannot be published (review the latest submission instead)`);
    expect((await review(older, { decision: 'return', comment: '过时' })).json.error.code).toBe('submission-superseded');
    const rec = await call(c.centre.url, 'GET', keyPath(key));
    expect(rec.json.record.abstract).toBe('第二次提交的摘要');
    const actions = async (token?: string) => (await call(c.centre.url, 'GET', `${keyPath(key)}/history`, { token })).json.items.map((h: { action: string }) => h.action);
    expect(await actions(c.tokens.admin)).toEqual(['submit', 'submit', 'publish']);
    // the submissions' own states are visible to the submitter and admins only (docs/security.md)
    expect(await actions()).toEqual(['publish']);
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions?status=nope', { token: c.tokens.admin })).json.error.code).toBe('bad-parameter');
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new connections, then closes the database', async () => {
    const c = await startTestCentre([PROVIDER_A]);
    const body = JSON.stringify({ records: guideRecords() });
    const half = Math.floor(body.length / 2);
    const { request } = await import('node:http');
    const answer = new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = request(c.centre.url + '/api/v1/records', {
        method: 'POST', headers: { authorization: `Bearer ${c.tokens[PROVIDER_A]}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.write(Buffer.from(body).subarray(0, Buffer.from(body.slice(0, half)).length));
      // send the rest only after close() has started
      setTimeout(() => req.end(Buffer.from(body).subarray(Buffer.from(body.slice(0, half)).length)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = c.centre.close();
    const r = await answer;
    expect(r.status).toBe(200);
    expect(r.json.accepted).toHaveLength(2);
    await closing;
    expect(c.store.db.open).toBe(false);
    await expect(fetch(c.centre.url + '/health')).rejects.toThrow();
    await c.stop();
  });
});

describe('review (审核): a withdrawal or a direct write closes the open submissions for the record', () => {
  let c: TestCentre;
  beforeAll(async () => { c = await startTestCentre([PROVIDER_A, PROVIDER_B], { review: true }); });
  afterAll(async () => c.stop());

  const post = (token: string, records: unknown[]) => call(c.centre.url, 'POST', '/api/v1/records', { token, json: { records } });
  const review = (id: number, json: unknown, headers: Record<string, string> = {}) =>
    call(c.centre.url, 'POST', `/api/v1/submissions/${id}/review`, { token: c.tokens.admin, json, headers });
  /** Submit `record` as its department and publish it through review. */
  const publishViaReview = async (token: string, record: unknown) => {
    const r = await post(token, [record]);
    expect(r.json.status).toBe('submitted');
    expect((await review(r.json.submissions[0], { decision: 'publish' })).status).toBe(200);
  };
  const submitChange = async (token: string, record: unknown): Promise<number> => {
    const r = await post(token, [record]);
    expect(r.json.status).toBe('submitted');
    return r.json.submissions[0];
  };
  const lastHistory = async (key: string) => (await call(c.centre.url, 'GET', `${keyPath(key)}/history`)).json.items.at(-1);

  it('submit → department withdraws (DELETE) → publishing the submission is refused (409) and the record stays withdrawn', async () => {
    const [a] = guideRecords();
    const key = recordKey(a)!;
    await publishViaReview(c.tokens[PROVIDER_A], a);
    const pending = await submitChange(c.tokens[PROVIDER_A], { ...a, abstract: '提交后又撤销的摘要' });

    const del = await call(c.centre.url, 'DELETE', keyPath(key), { token: c.tokens[PROVIDER_A] });
    expect(del.json.status).toBe('withdrawn');
    const withdrawal = await lastHistory(key);
    expect(withdrawal.action).toBe('withdraw');

    // the submission left the queue, closed by the withdrawal
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items).toEqual([]);
    const sup = await call(c.centre.url, 'GET', '/api/v1/submissions?status=superseded', { token: c.tokens.admin });
    expect(sup.json.items).toEqual([expect.objectContaining({ id: pending, key, status: 'superseded', supersededByChange: { seq: withdrawal.seq, action: 'withdraw' } })]);
    expect(sup.json.items[0].supersededBy).toBeUndefined();

    const en = await review(pending, { decision: 'publish' }, { 'accept-language': 'en' });
    expect(en.status).toBe(409);
    expect(en.json.error).toMatchObject({ code: 'submission-superseded', details: { id: pending, key, change: { seq: withdrawal.seq, action: 'withdraw' } } });
    expect(en.json.error.message).toBe(`submission ${pending} (${key}) is closed: the record was withdrawn after it was submitted (history entry ${withdrawal.seq}); it can be neither published nor returned (submit the record again to bring it back)`);
    const zh = await review(pending, { decision: 'return', comment: '已撤销' }, { 'accept-language': 'zh-CN' });
    expect(zh.status).toBe(409);
    expect(zh.json.error.message).toContain(`待审记录 ${pending}（${key}）已关闭：提交之后该资源已被撤销（变更记录 ${withdrawal.seq}）`);

    const rec = await call(c.centre.url, 'GET', keyPath(key));
    expect(rec.json).toMatchObject({ status: 'withdrawn', record: { abstract: a.abstract } });
    expect((await call(c.centre.url, 'GET', `${keyPath(key)}/history`, { token: c.tokens[PROVIDER_A] })).json.items.map((h: { action: string }) => h.action)).toEqual(['submit', 'publish', 'withdraw']);
    expect((await call(c.centre.url, 'GET', `${keyPath(key)}/history`)).json.items.map((h: { action: string }) => h.action)).toEqual(['publish', 'withdraw']);
  });

  it('submit → withdrawal by an incremental package is a submission too; publishing it supersedes the older change', async () => {
    const [b1, b2] = [recordOfB(1), recordOfB(2)];
    const key = recordKey(b1)!;
    await publishViaReview(c.tokens[PROVIDER_B], b1);
    const pending = await submitChange(c.tokens[PROVIDER_B], { ...b1, abstract: '待审的修改' });
    const zip = packRecords([b2], { created: '2024-03-02T00:00:00Z', previousPackageId: 'prev', withdrawn: [key] });
    const pkg = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
    expect(pkg.status).toBe(200);
    // review on: the withdrawal waits for an admin like any other change (it bypassed review before)
    expect(pkg.json).toMatchObject({ status: 'submitted', withdrawn: [], submittedWithdrawals: [{ key }] });
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.status).toBe('published');
    const queue = (await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items;
    const withdrawal = queue.find((s: { action?: string }) => s.action === 'withdraw');
    expect(withdrawal).toMatchObject({ key, provider: PROVIDER_B });
    // the same package again does not queue the withdrawal twice
    const again = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
    expect(again.json.submittedWithdrawals).toEqual([{ key }]);
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items).toHaveLength(queue.length);

    expect((await review(withdrawal.id, { decision: 'publish', comment: '同意撤销' })).json).toMatchObject({ status: 'published', superseded: [pending] });
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.status).toBe('withdrawn');
    const r = await review(pending, { decision: 'publish' });
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: 'submission-superseded', details: { id: pending, key, newer: withdrawal.id } });
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.status).toBe('withdrawn');
    // the package's own record is a new submission, still open
    expect((await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens.admin })).json.items.map((s: { key: string }) => s.key)).toEqual([recordKey(b2)]);
  });

  it('a withdrawal submission returned by the admin leaves the record published', async () => {
    const b = recordOfB(3);
    const key = recordKey(b)!;
    await publishViaReview(c.tokens[PROVIDER_B], b);
    const zip = packRecords([], { created: '2024-03-03T00:00:00Z', previousPackageId: 'prev3', withdrawn: [key] });
    const pkg = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_B], body: zip });
    expect(pkg.json).toMatchObject({ status: 'submitted', submittedWithdrawals: [{ key }] });
    expect((await review(pkg.json.submissions[0], { decision: 'return', comment: '仍需公开' })).json).toMatchObject({ status: 'returned', action: 'withdraw' });
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.status).toBe('published');
  });

  it('submit → admin writes the record directly → publishing the submission is refused (409) and the admin content stays', async () => {
    const [, b] = guideRecords();
    const key = recordKey(b)!;
    await publishViaReview(c.tokens[PROVIDER_A], b);
    const pending = await submitChange(c.tokens[PROVIDER_A], { ...b, abstract: '部门提交的旧摘要' });

    // admin writes bypass review: published at once
    const direct = await post(c.tokens.admin, [{ ...b, abstract: '管理员直接写入的摘要' }]);
    expect(direct.json).toMatchObject({ status: 'accepted', accepted: [{ key }] });
    const write = await lastHistory(key);
    expect(write).toMatchObject({ action: 'update', status: 'published' });

    const en = await review(pending, { decision: 'publish', comment: '同意' }, { 'accept-language': 'en' });
    expect(en.status).toBe(409);
    expect(en.json.error).toMatchObject({ code: 'submission-superseded', details: { id: pending, key, change: { seq: write.seq, action: 'update' } } });
    expect(en.json.error.message).toContain('the record was replaced by a direct write after it was submitted');
    const zh = await review(pending, { decision: 'publish' }, { 'accept-language': 'zh' });
    expect(zh.json.error.message).toContain('提交之后该资源已被直接写入新版本');

    const rec = await call(c.centre.url, 'GET', keyPath(key));
    expect(rec.json).toMatchObject({ status: 'published', record: { abstract: '管理员直接写入的摘要' } });
    const sub = (await call(c.centre.url, 'GET', '/api/v1/submissions?status=all', { token: c.tokens.admin })).json.items.find((s: { id: number }) => s.id === pending);
    expect(sub).toMatchObject({ status: 'superseded', supersededByChange: { seq: write.seq, action: 'update' } });

    // a department submission made after the admin's write is reviewed normally and wins
    const later = await submitChange(c.tokens[PROVIDER_A], { ...b, abstract: '之后再提交的摘要' });
    expect((await review(later, { decision: 'publish' })).json.status).toBe('published');
    expect((await call(c.centre.url, 'GET', keyPath(key))).json.record.abstract).toBe('之后再提交的摘要');
  });
});
