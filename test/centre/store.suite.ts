import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { contentHash, recordKey } from '../../src/model/identity.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { LOCAL_ORIGIN, SEARCH_COUNT_LIMIT, StoreConflictError, type CentreStore, type RecordChange } from '../../src/centre/store.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { enterpriseRecords, HRSS, SAMR, TAX } from './sources-fixtures.js';
import { sourcesReport } from '../../src/centre/sources.js';
import { jsonPieces } from '../../src/centre/json-pieces.js';

/**
 * Behaviour every CentreStore must have. Parameterised over a factory so the PostgreSQL store
 * (issue 10) runs the same suite: storeSuite('postgres', async () => …).
 */
export function storeSuite(name: string, factory: () => Promise<{ store: CentreStore; cleanup: () => Promise<void> }>): void {
  describe(`CentreStore contract: ${name}`, () => {
    let store: CentreStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    const change = (r: CatalogRecord, extra: Partial<RecordChange> = {}): RecordChange => ({
      key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), status: 'published', origin: LOCAL_ORIGIN, record: r,
      action: 'create', actor: 't1', ...extra,
    });

    it('stores records and keeps every change in the history', async () => {
      const [a, b] = guideRecords();
      await store.applyChanges([change(a), change(b)]);
      const got = await store.getRecord('301002/00001');
      expect(got?.record.title).toBe('企业登记注册信息');
      expect(got?.status).toBe('published');
      expect(got?.datestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const changed = { ...a, abstract: '更新后的摘要' };
      await store.applyChanges([change(changed, { action: 'update' })]);
      await store.applyChanges([change(changed, { action: 'withdraw', status: 'withdrawn', comment: '停止提供' })]);
      const h = await store.history('301002/00001');
      expect(h.map((e) => e.action)).toEqual(['create', 'update', 'withdraw']);
      expect(h[2]).toMatchObject({ status: 'withdrawn', comment: '停止提供', actor: 't1', origin: LOCAL_ORIGIN });
      expect(h[1].hash).toBe(contentHash(changed));
      expect((await store.getRecords(['301002/00001', '301002/00002', 'nope'])).size).toBe(2);
      expect(await store.countRecords('published')).toBe(1);
      expect(await store.countRecords()).toBe(2);
    });

    it('searches Chinese without segmentation: 3+ characters by FTS trigram, 1–2 characters by LIKE', async () => {
      const [a, b] = guideRecords();
      await store.applyChanges([change(a), change(b), change(recordOfB(1))]);
      const keys = async (q: string) => (await store.search({ q })).items.map((r) => r.key).sort();
      expect(await keys('登记注册')).toEqual(['301002/00001']);
      expect(await keys('处罚决定')).toEqual(['301002/00002']);
      expect(await keys('企业')).toEqual(['301002/00001']);
      expect(await keys('许')).toEqual(['302005/00001']);
      expect(await keys('信息 运输')).toEqual(['302005/00001']);
      expect(await keys('市场监督管理局')).toEqual(['301002/00001', '301002/00002']);
      expect(await keys('100%')).toEqual([]);
      expect(await keys('"引号')).toEqual([]);
      await store.applyChanges([change({ ...a, title: '企业登记注册GIS图层' }, { action: 'update' })]);
      expect(await keys('gis图层')).toEqual(['301002/00001']);
      expect(await keys('Gis')).toEqual(['301002/00001']);
      expect((await store.search({})).total).toBe(3);
    });

    it('filters by classification, provider, share type and update date, and pages', async () => {
      const [a, b] = guideRecords();
      await store.applyChanges([change(a), change(b), ...[1, 2, 3, 4, 5].map((i) => change(recordOfB(i, `道路运输许可 ${i}`)))]);
      expect((await store.search({ provider: PROVIDER_B })).total).toBe(5);
      expect((await store.search({ classCode: '301' })).total).toBe(2);
      expect((await store.search({ classCode: '3' })).total).toBe(7);
      expect((await store.search({ shareType: '不予共享' })).items.map((r) => r.key)).toEqual(['301002/00002']);
      const today = new Date().toISOString().slice(0, 10);
      expect((await store.search({ updatedFrom: today })).total).toBe(7);
      expect((await store.search({ updatedTo: '2000-01-01' })).total).toBe(0);
      const p1 = await store.search({ provider: PROVIDER_B, pageSize: 2, page: 1 });
      const p3 = await store.search({ provider: PROVIDER_B, pageSize: 2, page: 3 });
      expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
      expect(p1.items).toHaveLength(2);
      expect(p3.items).toHaveLength(1);
      const all = new Set([...p1.items, ...(await store.search({ provider: PROVIDER_B, pageSize: 2, page: 2 })).items, ...p3.items].map((r) => r.key));
      expect(all.size).toBe(5);
    });

    it('lists the most recently changed records first, for keyword and filter searches alike', async () => {
      const [a, b] = guideRecords();
      const c = recordOfB(1, '道路运输许可信息');
      await store.applyChanges([change(a)]);
      await store.applyChanges([change(b)]);
      await store.applyChanges([change(c)]);
      await store.applyChanges([change({ ...a, abstract: '更新后的摘要' }, { action: 'update' })]);
      const keys = async (q: Parameters<CentreStore['search']>[0]) => (await store.search(q)).items.map((r) => r.key);
      expect(await keys({})).toEqual(['301002/00001', '302005/00001', '301002/00002']);
      expect(await keys({ q: '市场监督管理局' })).toEqual(['301002/00001', '301002/00002']);
      expect(await keys({ q: '局' })).toEqual(['301002/00001', '302005/00001', '301002/00002']);
      expect(await keys({ pageSize: 1, page: 2 })).toEqual(['302005/00001']);
    });

    it(`counts matches exactly up to ${SEARCH_COUNT_LIMIT} (or the end of the page asked for), then reports a lower bound`, async () => {
      const many = Array.from({ length: SEARCH_COUNT_LIMIT + 1 }, (_, i) => change(recordOfB(i + 1, `道路运输许可 ${i + 1}`)));
      await store.applyChanges(many);
      for (const q of [{}, { q: '运输许可' }, { q: '运输' }, { provider: PROVIDER_B }]) {
        expect(await store.search(q)).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalExact: false });
      }
      const last = await store.search({ q: '运输许可', pageSize: 200, page: 6 });
      expect(last).toMatchObject({ total: SEARCH_COUNT_LIMIT + 1, totalExact: true });
      // one batch is listed in key order
      expect(last.items.map((r) => r.key)).toEqual([many[SEARCH_COUNT_LIMIT].key]);
      expect((await store.search({ pageSize: 3 })).items.map((r) => r.key)).toEqual(many.slice(0, 3).map((c) => c.key));
      expect(await store.search({ q: '运输许可 1000' })).toMatchObject({ total: 1, totalExact: true });
      expect((await store.search({ q: '没有这个词' })).totalExact).toBe(true);
    });

    it('hides withdrawn and unreviewed records from search', async () => {
      const [a, b] = guideRecords();
      await store.applyChanges([change(a, { status: 'withdrawn' }), change(b, { status: 'submitted' })]);
      expect((await store.search({})).total).toBe(0);
      expect((await store.search({ status: 'withdrawn' })).items.map((r) => r.key)).toEqual(['301002/00001']);
    });

    it('lists for OAI-PMH in (datestamp, key) order and resumes after a cursor', async () => {
      const recs = [1, 2, 3, 4].map((i) => recordOfB(i));
      await store.applyChanges(recs.map((r, i) => change(r, { datestamp: `2024-01-0${i + 1}T00:00:00Z` })));
      await store.applyChanges([change(guideRecords()[0], { datestamp: '2024-01-02T00:00:00Z', status: 'withdrawn' })]);
      const all = await store.list({ limit: 10, statuses: ['published', 'withdrawn'] });
      expect(all.map((r) => r.key)).toEqual(['302005/00001', '301002/00001', '302005/00002', '302005/00003', '302005/00004']);
      const next = await store.list({ limit: 2, statuses: ['published', 'withdrawn'], after: { datestamp: all[1].datestamp, key: all[1].key } });
      expect(next.map((r) => r.key)).toEqual(['302005/00002', '302005/00003']);
      expect((await store.list({ limit: 10, statuses: ['published'], from: '2024-01-02', until: '2024-01-03T00:00:00Z' })).map((r) => r.key)).toEqual(['302005/00002', '302005/00003']);
      expect((await store.list({ limit: 10, statuses: ['published', 'withdrawn'], provider: PROVIDER_A })).map((r) => r.key)).toEqual(['301002/00001']);
      expect(await store.earliestDatestamp()).toBe('2024-01-01T00:00:00Z');
      const sets = await store.listSets();
      expect(sets.map((s) => s.spec)).toEqual([`provider:${PROVIDER_A}`, `provider:${PROVIDER_B}`, 'class:301002', 'class:302005']);
      expect(sets[0].name).toBe('某市市场监督管理局');
    });

    it('counts published records by provider, class, share type and origin, largest group first', async () => {
      const [a, b] = guideRecords();
      const bs = [recordOfB(1), recordOfB(2), recordOfB(3)];
      await store.applyChanges([change(a), change(b), ...bs.map((r) => change(r)), change(recordOfB(4), { origin: 'http://district.example' }),
        change(recordOfB(5), { status: 'withdrawn' })]);
      expect(await store.countBy('provider', 10)).toEqual([
        { value: PROVIDER_B, name: '某市交通运输局', count: 4 },
        { value: PROVIDER_A, name: '某市市场监督管理局', count: (await store.search({ provider: PROVIDER_A })).total },
      ]);
      // the top level of the class code: every fixture record is a 部门 (3) resource
      expect(await store.countBy('class', 10)).toEqual([{ value: '3', count: 6 }]);
      expect(await store.countBy('origin', 10)).toEqual([{ value: LOCAL_ORIGIN, count: 5 }, { value: 'http://district.example', count: 1 }]);
      const share = await store.countBy('shareType', 1);
      expect(share).toHaveLength(1);
      expect(share[0].count).toBe((await store.search({ shareType: share[0].value ?? undefined })).total);
    });

    it('keeps stored answers by id + hash (idempotency)', async () => {
      expect(await store.getAnswer('package:x', 'h1')).toBeUndefined();
      await store.saveAnswer('package:x', 'h1', { status: 'accepted', n: 1 });
      await store.saveAnswer('package:x', 'h1', { status: 'other' });
      expect(await store.getAnswer('package:x', 'h1')).toEqual({ status: 'accepted', n: 1 });
      expect(await store.getAnswer('package:x', 'h2')).toBeUndefined();
    });

    it('keeps a large answer given as JSON pieces whole, and the first one saved (idempotency)', async () => {
      // over a MiB in pieces (json-pieces.ts): SQLite writes it on its writer thread, PostgreSQL in chunks
      const big = { status: 'accepted', accepted: Array.from({ length: 30_000 }, (_, i) => ({ key: `k/${i}`, hash: 'ab'.repeat(32) })) };
      const pieces = await jsonPieces(big, async () => {});
      expect(pieces.length).toBeGreaterThan(16);
      await store.saveAnswer('package:big', 'h1', big, pieces);
      await store.saveAnswer('package:big', 'h1', { status: 'other' }, await jsonPieces({ status: 'other', pad: 'x'.repeat(2 << 20) }, async () => {}));
      expect(await store.getAnswer('package:big', 'h1')).toEqual(big);
      expect(await store.getAnswer('package:x', 'h1')).toBeUndefined();
    });

    it('stores tokens by hash only, finds live ones and revokes', async () => {
      const t = await store.createToken({ hash: 'a'.repeat(64), provider: PROVIDER_A, admin: false, label: '市场监管局' });
      await store.createToken({ hash: 'b'.repeat(64), provider: 'root', admin: true });
      expect(await store.findToken('a'.repeat(64))).toMatchObject({ id: t.id, provider: PROVIDER_A, admin: false });
      expect((await store.findToken('b'.repeat(64)))?.admin).toBe(true);
      expect(await store.revokeToken(t.id)).toBe(true);
      expect(await store.revokeToken(t.id)).toBe(false);
      expect(await store.findToken('a'.repeat(64))).toBeUndefined();
      const list = await store.listTokens();
      expect(list).toHaveLength(2);
      expect(list.find((x) => x.id === t.id)?.revoked).toBeTruthy();
      expect(JSON.stringify(list)).not.toContain('a'.repeat(64));
    });

    it('reviews submissions and applies the record change with the review', async () => {
      const [a] = guideRecords();
      const [s] = await store.createSubmissions([{ key: recordKey(a)!, provider: PROVIDER_A, hash: contentHash(a), record: a, actor: 't1' }]);
      expect(s.status).toBe('submitted');
      expect((await store.listSubmissions('submitted')).map((x) => x.id)).toEqual([s.id]);
      const done = await store.reviewSubmission(s.id, { status: 'published', reviewer: 'adm', comment: '同意' }, change(a, { action: 'publish', actor: 'admin:adm' }));
      expect(done).toMatchObject({ status: 'published', reviewer: 'adm', comment: '同意' });
      expect((await store.getRecord(recordKey(a)!))?.status).toBe('published');
      expect(await store.listSubmissions('submitted')).toEqual([]);
      expect((await store.history(recordKey(a)!)).map((h) => h.action)).toEqual(['publish']);
    });

    it('publishing a submission supersedes older open submissions for the same key; a stale one cannot be published', async () => {
      const [a, b] = guideRecords();
      const v1 = { ...a, abstract: '第一版摘要' };
      const v2 = { ...a, abstract: '第二版摘要' };
      const v3 = { ...a, abstract: '第三版摘要' };
      const sub = (r: CatalogRecord) => ({ key: recordKey(r)!, provider: PROVIDER_A, hash: contentHash(r), record: r, actor: 't1' });
      const [s1, s2, other, s3] = await store.createSubmissions([sub(v1), sub(v2), sub(b), sub(v3)]);
      const publish = (r: CatalogRecord) => change(r, { action: 'publish', actor: 'admin:adm' });

      const done = await store.reviewSubmission(s2.id, { status: 'published', reviewer: 'adm' }, publish(v2));
      expect(done).toMatchObject({ id: s2.id, status: 'published', superseded: [s1.id] });
      // the older one is closed, pointing at the newer; the newer open one and another key's are untouched
      expect(await store.getSubmission(s1.id)).toMatchObject({ status: 'superseded', supersededBy: s2.id, reviewer: 'adm' });
      expect((await store.listSubmissions('submitted')).map((x) => x.id)).toEqual([other.id, s3.id]);
      expect((await store.listSubmissions('superseded')).map((x) => x.id)).toEqual([s1.id]);

      // the superseded one can be neither published nor returned; nothing is written
      await expect(store.reviewSubmission(s1.id, { status: 'published', reviewer: 'adm' }, publish(v1)))
        .rejects.toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s1.id, key: recordKey(a), newer: s2.id } });
      await expect(store.reviewSubmission(s1.id, { status: 'returned', reviewer: 'adm', comment: 'x' }))
        .rejects.toMatchObject({ status: 409, code: 'submission-superseded' });
      expect((await store.getRecord(recordKey(a)!))?.record.abstract).toBe('第二版摘要');

      // a newer submission than the published one still goes through and supersedes nothing
      const last = await store.reviewSubmission(s3.id, { status: 'published', reviewer: 'adm' }, publish(v3));
      expect(last.superseded).toBeUndefined();
      expect((await store.getRecord(recordKey(a)!))?.record.abstract).toBe('第三版摘要');
      expect((await store.history(recordKey(a)!)).map((h) => h.hash)).toEqual([contentHash(v2), contentHash(v3)]);
      await expect(store.reviewSubmission(s3.id, { status: 'published', reviewer: 'adm' }, publish(v3)))
        .rejects.toMatchObject({ status: 409, code: 'already-reviewed' });
      await expect(store.reviewSubmission(9999, { status: 'published', reviewer: 'adm' })).rejects.toMatchObject({ status: 404, code: 'submission-not-found' });
    });

    it('a withdrawal closes the open submissions for its key as superseded, naming the change; reviewing one is refused', async () => {
      const [a, b] = guideRecords();
      const key = recordKey(a)!;
      const v2 = { ...a, abstract: '待审的新摘要' };
      await store.applyChanges([change(a)]);
      const sub = (r: CatalogRecord) => ({ key: recordKey(r)!, provider: PROVIDER_A, hash: contentHash(r), record: r, actor: 't1' });
      const [s1, s2, other] = await store.createSubmissions([sub(v2), sub({ ...a, abstract: '又一版' }), sub(b)]);

      await store.applyChanges([change(a, { action: 'withdraw', status: 'withdrawn', actor: 'dept-token', comment: '停止提供' })]);
      const withdrawal = (await store.history(key)).at(-1)!;
      expect(withdrawal.action).toBe('withdraw');
      for (const s of [s1, s2]) {
        const got = await store.getSubmission(s.id);
        expect(got).toMatchObject({ status: 'superseded', supersededByChange: { seq: withdrawal.seq, action: 'withdraw' }, reviewer: 'dept-token' });
        expect(got?.supersededBy).toBeUndefined();
        expect(got?.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }
      // another key's submission stays open
      expect((await store.listSubmissions('submitted')).map((x) => x.id)).toEqual([other.id]);

      // publishing (or returning) the closed submission is refused and writes nothing: the record stays withdrawn
      await expect(store.reviewSubmission(s1.id, { status: 'published', reviewer: 'adm' }, change(v2, { action: 'publish', actor: 'admin:adm' })))
        .rejects.toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s1.id, key, change: { seq: withdrawal.seq, action: 'withdraw' } } });
      await expect(store.reviewSubmission(s2.id, { status: 'returned', reviewer: 'adm', comment: 'x' }))
        .rejects.toMatchObject({ status: 409, code: 'submission-superseded' });
      expect(await store.getRecord(key)).toMatchObject({ status: 'withdrawn', hash: contentHash(a) });
      expect((await store.history(key)).map((h) => h.action)).toEqual(['create', 'withdraw']);
    });

    it('a direct write closes the open submissions for its key; submissions made after it stay open; review changes close nothing', async () => {
      const [a] = guideRecords();
      const key = recordKey(a)!;
      const submitted = { ...a, abstract: '部门提交的摘要' };
      const adminVersion = { ...a, abstract: '管理员直接写入的摘要' };
      await store.applyChanges([change(a)]);
      const sub = (r: CatalogRecord) => ({ key: recordKey(r)!, provider: PROVIDER_A, hash: contentHash(r), record: r, actor: 't1' });
      const [s1] = await store.createSubmissions([sub(submitted)]);

      await store.applyChanges([change(adminVersion, { action: 'update', actor: 'admin-token' })]);
      const write = (await store.history(key)).at(-1)!;
      expect(await store.getSubmission(s1.id)).toMatchObject({ status: 'superseded', supersededByChange: { seq: write.seq, action: 'update' }, reviewer: 'admin-token' });
      await expect(store.reviewSubmission(s1.id, { status: 'published', reviewer: 'adm' }, change(submitted, { action: 'publish', actor: 'admin:adm' })))
        .rejects.toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s1.id, key, change: { seq: write.seq, action: 'update' } } });
      expect(await store.getRecord(key)).toMatchObject({ status: 'published', hash: contentHash(adminVersion) });

      // a submission made after the write is reviewed normally; the review flow's own changes (submit, publish, return) close nothing
      const later = { ...a, abstract: '之后的提交' };
      const [s2, s3] = await store.createSubmissions([sub(later), sub({ ...a, abstract: '再之后的提交' })]);
      await store.applyChanges([change(later, { action: 'submit', status: 'submitted', actor: 't1' })]);
      expect((await store.listSubmissions('submitted')).map((x) => x.id)).toEqual([s2.id, s3.id]);
      const done = await store.reviewSubmission(s3.id, { status: 'published', reviewer: 'adm' }, change({ ...a, abstract: '再之后的提交' }, { action: 'publish', actor: 'admin:adm' }));
      expect(done).toMatchObject({ status: 'published', superseded: [s2.id] });
      expect(await store.getSubmission(s2.id)).toMatchObject({ status: 'superseded', supersededBy: s3.id });
      expect((await store.getSubmission(s2.id))?.supersededByChange).toBeUndefined();

      // a harvest over the key closes open submissions the same way
      const [s4] = await store.createSubmissions([sub({ ...a, abstract: '收割前的提交' })]);
      await store.applyChanges([change({ ...a, abstract: '收割来的摘要' }, { action: 'harvest', origin: 'http://127.0.0.1:1/oai', actor: 'harvest:http://127.0.0.1:1/oai' })]);
      expect(await store.getSubmission(s4.id)).toMatchObject({ status: 'superseded', supersededByChange: { action: 'harvest' }, reviewer: 'harvest:http://127.0.0.1:1/oai' });
    });

    it('remembers harvest state per source', async () => {
      expect(await store.getHarvestState('http://d1')).toBeUndefined();
      await store.setHarvestState({ source: 'http://d1', lastDatestamp: '2024-01-01T00:00:00Z', lastRun: '2024-01-02T00:00:00Z' });
      await store.setHarvestState({ source: 'http://d1', lastDatestamp: '2024-02-01T00:00:00Z', lastRun: '2024-02-02T00:00:00Z' });
      expect(await store.getHarvestState('http://d1')).toEqual({ source: 'http://d1', lastDatestamp: '2024-02-01T00:00:00Z', lastRun: '2024-02-02T00:00:00Z' });
    });

    it('keeps one authority per data element: set, replace, list, remove', async () => {
      expect(await store.listAuthorities()).toEqual([]);
      await store.setAuthority({ element: 'uscc', provider: TAX.code, setBy: 'admin:1', setAt: '2024-01-01T00:00:00Z' });
      await store.setAuthority({ element: 'uscc', provider: SAMR.code, resourceKey: '301002/00001', setBy: 'admin:2', setAt: '2024-01-02T00:00:00Z' });
      await store.setAuthority({ element: 'legalRep', provider: SAMR.code, setBy: 'cli', setAt: '2024-01-03T00:00:00Z' });
      expect(await store.listAuthorities()).toEqual([
        { element: 'legalRep', provider: SAMR.code, setBy: 'cli', setAt: '2024-01-03T00:00:00Z' },
        { element: 'uscc', provider: SAMR.code, resourceKey: '301002/00001', setBy: 'admin:2', setAt: '2024-01-02T00:00:00Z' },
      ]);
      expect(await store.removeAuthority('legalRep')).toBe(true);
      expect(await store.removeAuthority('legalRep')).toBe(false);
      expect((await store.listAuthorities()).map((a) => a.element)).toEqual(['uscc']);
    });

    it('一数一源: reports overlapping elements, competing sources, then the authority and unattributed copies', async () => {
      const { samr, tax, hrss } = enterpriseRecords();
      await store.applyChanges([change(samr), change(tax), change(hrss), change({ ...hrss, resourceCode: '301004/00002', title: '未发布' }, { status: 'submitted', action: 'submit' })]);
      const before = await sourcesReport(store);
      expect(before.records).toBe(3);
      const uscc = before.elements.find((e) => e.element === 'uscc')!;
      expect(uscc.providers.map((p) => [p.code, p.claimsSource, p.resources.map((r) => r.item)])).toEqual([
        [SAMR.code, true, ['统一社会信用代码']], [TAX.code, false, ['社会信用代码']], [HRSS.code, true, ['统一社会信用代码']],
      ]);
      expect(before.elements.find((e) => e.element === 'orgName')!.providers.map((p) => p.code)).toEqual([SAMR.code, TAX.code, HRSS.code]);
      expect(before.conflicts).toContainEqual({ kind: 'competing-sources', element: 'uscc', providers: [SAMR.code, HRSS.code] });
      expect(JSON.stringify(before)).not.toContain('未发布');
      await store.setAuthority({ element: 'uscc', provider: SAMR.code, setBy: 'admin:1', setAt: '2024-01-01T00:00:00Z' });
      const after = await sourcesReport(store);
      const u = after.elements.find((e) => e.element === 'uscc')!;
      expect(u.authority).toMatchObject({ provider: SAMR.code, providerName: SAMR.name, registered: true });
      expect(u.unattributed).toEqual([{ provider: HRSS.code, name: HRSS.name, keys: ['301004/00001'] }]);
      expect(after.conflicts.filter((c) => c.element === 'uscc')).toEqual([{ kind: 'unattributed-copy', element: 'uscc', provider: HRSS.code, authority: SAMR.code, keys: ['301004/00001'] }]);
    });

    it('refuses a change whose expected hash is stale (optimistic concurrency), writing nothing', async () => {
      const [a, b] = guideRecords();
      await store.applyChanges([change(a, { expectHash: null })]);
      await expect(store.applyChanges([change(b, { expectHash: null }), change({ ...a, abstract: 'x' }, { expectHash: null })])).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getRecord('301002/00002')).toBeUndefined();
      await expect(store.applyChanges([change({ ...a, abstract: 'y' }, { expectHash: 'stale' })])).rejects.toMatchObject({ key: '301002/00001' });
      const ok = await store.applyChanges([change({ ...a, abstract: 'z' }, { expectHash: contentHash(a), action: 'update' })]);
      expect(ok[0].record.abstract).toBe('z');
      expect((await store.history('301002/00001')).map((h) => h.action)).toEqual(['create', 'update']);
    });

    it('how a change is applied: a no-op is skipped before expectHash is checked, on every store', async () => {
      const [a] = guideRecords();
      await store.applyChanges([change(a, { expectHash: null })]);
      const changed = { ...a, abstract: 'changed' };
      await store.applyChanges([change(changed, { expectHash: contentHash(a), action: 'update' })]);
      // a client retrying the same update (its answer lost) holds a stale expectHash for content already there: done, not 409
      const again = await store.applyChanges([change(changed, { expectHash: contentHash(a), action: 'update' })]);
      expect(again[0]).toMatchObject({ key: '301002/00001', hash: contentHash(changed), status: 'published' });
      expect(again[0].record.abstract).toBe('changed');
      // a retried create (expectHash null: "did not exist") of the stored content is also done
      await store.applyChanges([change(changed, { expectHash: null })]);
      // the no-op wrote no history line
      expect((await store.history('301002/00001')).map((h) => h.action)).toEqual(['create', 'update']);
      // other content with that stale expectHash is a conflict, and nothing is written
      await expect(store.applyChanges([change({ ...a, abstract: 'other' }, { expectHash: contentHash(a), action: 'update' })])).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.getRecord('301002/00001'))!.record.abstract).toBe('changed');
      // the same content with another status is no no-op: expectHash is checked
      await expect(store.applyChanges([change(changed, { expectHash: 'stale', status: 'submitted', action: 'update' })])).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('a withdrawal withdraws the stored content; withdrawing a withdrawn record is a no-op whatever expectHash says', async () => {
      const [a] = guideRecords();
      await store.applyChanges([change(a)]);
      const newer = { ...a, abstract: 'newer' };
      await store.applyChanges([change(newer, { action: 'update' })]);
      // the caller read the old content; the withdrawal keeps what the row holds now
      const w = await store.applyChanges([change(a, { status: 'withdrawn', action: 'withdraw', expectHash: contentHash(newer) })]);
      expect(w[0]).toMatchObject({ status: 'withdrawn', hash: contentHash(newer) });
      expect((await store.getRecord('301002/00001'))!.record.abstract).toBe('newer');
      const again = await store.applyChanges([change(a, { status: 'withdrawn', action: 'withdraw', expectHash: 'stale' })]);
      expect(again[0]).toMatchObject({ status: 'withdrawn', hash: contentHash(newer) });
      expect((await store.history('301002/00001')).map((h) => h.action)).toEqual(['create', 'update', 'withdraw']);
    });

    it('a registration in slices is all or nothing: readers and other writers never see half of it', async () => {
      // ~400 records of about 1 KB: several slices of apply-slices.ts, with a pause between each
      const records = Array.from({ length: 400 }, (_, i) => recordOfB(i + 1));
      const [a] = guideRecords();
      const failing = records.map((r) => change(r));
      // changes are written in descending key order, so the smallest key is the last record written
      failing[0] = change(records[0], { expectHash: 'stale' });
      const seen: number[] = [];
      let other: Promise<unknown> | undefined;
      let otherDone = false;
      const pause = async () => {
        seen.push(await store.countRecords());
        other ??= store.applyChanges([change(a)]).then(() => { otherDone = true; });
        await new Promise((r) => setTimeout(r, 5));
        expect(otherDone).toBe(false);
      };
      const sub = { key: recordKey(a)!, provider: PROVIDER_A, hash: contentHash(a), record: a, actor: 't1' };
      await expect(store.applyRegistration(failing, [sub], pause)).rejects.toBeInstanceOf(StoreConflictError);
      expect(seen.length).toBeGreaterThan(2);
      expect(new Set(seen)).toEqual(new Set([0]));
      await other;
      // nothing of the registration stayed; the writer that waited wrote its record after it
      expect(await store.countRecords()).toBe(1);
      expect(await store.getRecord(recordKey(records[399])!)).toBeUndefined();
      expect(await store.history(recordKey(records[399])!)).toEqual([]);
      expect(await store.listSubmissions()).toEqual([]);

      seen.length = 0;
      other = undefined;
      otherDone = false;
      const ok = await store.applyRegistration(records.map((r) => change(r)), [sub], async () => { seen.push(await store.countRecords()); });
      expect(new Set(seen)).toEqual(new Set([1]));
      expect(await store.countRecords()).toBe(401);
      expect(ok.map((x) => x.key)).toEqual([sub.key]);
      expect((await store.listSubmissions()).map((x) => x.id)).toEqual(ok.map((x) => x.id));
    });

    it('rolls a failing batch back completely', async () => {
      const [a, b] = guideRecords();
      const bad = { ...change(b), status: null as unknown as 'published' };
      await expect(store.applyChanges([change(a), bad])).rejects.toThrow();
      expect(await store.getRecord('301002/00001')).toBeUndefined();
      expect(await store.history('301002/00001')).toEqual([]);
    });
  });
}
