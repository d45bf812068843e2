import { describe, it, expect } from 'vitest';
import pg from 'pg';
import { contentHash, recordKey } from '../../src/model/identity.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { PgStore } from '../../src/centre/pg-store.js';
import { applyPgMigrations, MigrationError } from '../../src/centre/migrations/pg-apply.js';
import { PG_MIGRATIONS } from '../../src/centre/migrations/pg-schema.js';
import { LOCAL_ORIGIN, StoreConflictError, type RecordChange } from '../../src/centre/store.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { storeSuite } from './store.suite.js';
import { guideRecords, recordOfB } from './fixtures.js';

const change = (r: CatalogRecord, extra: Partial<RecordChange> = {}): RecordChange => ({
  key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), status: 'published', origin: LOCAL_ORIGIN, record: r,
  action: 'create', actor: 't1', ...extra,
});

if (testPgUrl()) {
  storeSuite('postgres', async () => {
    const db = await createTestDatabase('store');
    const store = await PgStore.open(db.url, { poolSize: 4 });
    return { store, cleanup: async () => { await store.close(); await db.drop(); } };
  });

  describe('PgStore on PostgreSQL', () => {
    it('applies versioned migrations once, even when several processes start together', async () => {
      const db = await createTestDatabase('migr');
      const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: db.url, max: 2 }));
      try {
        const results = await Promise.all(pools.map((p) => applyPgMigrations(p)));
        // exactly one of the three applied the schema, the others found it current
        expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, PG_MIGRATIONS.length]);
        expect(results.every((r) => r.version === PG_MIGRATIONS.at(-1)!.version)).toBe(true);
        const rows = (await pools[0].query('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
        expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
        expect((await applyPgMigrations(pools[0])).applied).toEqual([]);
        // an applied migration that was edited afterwards is refused, not silently skipped
        const edited = PG_MIGRATIONS.map((m, i) => (i === 0 ? { ...m, sql: m.sql + '\n-- edited' } : m));
        await expect(applyPgMigrations(pools[0], edited)).rejects.toMatchObject({ code: 'migration-checksum-mismatch' });
        // a database migrated by a newer catalog is refused
        await pools[0].query("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')");
        await expect(applyPgMigrations(pools[0])).rejects.toBeInstanceOf(MigrationError);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
        await db.drop();
      }
    });

    it('refreshes the search table statistics itself after a bulk load (10,000 rows), not after a few writes', async () => {
      const db = await createTestDatabase('analyze');
      const lastAnalyze = async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        try {
          return (await c.query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'record_search'")).rows[0].last_analyze;
        } finally {
          await c.end();
        }
      };
      let store = await PgStore.open(db.url, { poolSize: 2 });
      try {
        await store.applyChanges([change(recordOfB(1))]);
        await store.close();
        expect(await lastAnalyze()).toBeNull();
        store = await PgStore.open(db.url, { poolSize: 2 });
        for (let i = 0; i < 10_000; i += 1000) await store.applyChanges(Array.from({ length: 1000 }, (_, j) => change(recordOfB(i + j + 2))));
        await store.close(); // waits for the background ANALYZE
        expect(await lastAnalyze()).not.toBeNull();
      } finally {
        await store.close();
        await db.drop();
      }
    });

    it('serves Chinese keyword search from the pg_trgm index', async () => {
      const db = await createTestDatabase('trgm');
      const store = await PgStore.open(db.url, { poolSize: 2 });
      try {
        await store.applyChanges([...guideRecords().map((r) => change(r)), change(recordOfB(1))]);
        const c = await store.pool.connect();
        try {
          await c.query('SET enable_seqscan = off');
          const plan = (await c.query("EXPLAIN SELECT key FROM record_search WHERE search_text LIKE '%登记注册%'")).rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan).toContain('record_search_trgm');
          // the trigger keeps the narrow search table in step with records, text lower-cased
          const changed = { ...guideRecords()[0], title: '企业登记注册GIS信息' };
          await store.applyChanges([change(changed, { action: 'update' })]);
          const rows = (await c.query('SELECT key, search_text, seq FROM record_search ORDER BY seq')).rows;
          expect(rows.map((r) => r.key)).toEqual(['302005/00001', '301002/00002', '301002/00001']);
          expect(rows[2].search_text).toContain('企业登记注册gis信息');
          expect(Number((await c.query('SELECT count(*) AS n FROM records')).rows[0].n)).toBe(rows.length);
        } finally {
          c.release();
        }
        expect((await store.search({ q: '登记注册' })).items.map((r) => r.key)).toEqual(['301002/00001']);
        expect((await store.search({ q: '许' })).items.map((r) => r.key)).toEqual(['302005/00001']);
        expect((await store.search({ q: '_' })).total).toBe(0);
      } finally {
        await store.close();
        await db.drop();
      }
    });

    it('two stores (two processes) registering the same records at once end with one record and one history line each', async () => {
      const db = await createTestDatabase('race');
      const s1 = await PgStore.open(db.url, { poolSize: 3 });
      const s2 = await PgStore.open(db.url, { poolSize: 3 });
      try {
        // each side read "no such record" (expectHash null); the later one finds the identical state and converges
        const batch = [...guideRecords(), ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => recordOfB(i))].map((r) => change(r, { expectHash: null }));
        const reversed = [...batch].reverse();
        // same batch in opposite orders from both sides, several times: no duplicates, no deadlock surfaces
        await Promise.all([s1.applyChanges(batch), s2.applyChanges(reversed), s1.applyChanges(reversed), s2.applyChanges(batch)]);
        expect(await s1.countRecords()).toBe(batch.length);
        for (const ch of batch) expect((await s2.history(ch.key)).map((h) => h.action)).toEqual(['create']);
        // concurrent withdrawals of the same records: all withdrawn, one withdraw line each
        const w = batch.slice(0, 4).map((ch) => ({ ...ch, status: 'withdrawn' as const, action: 'withdraw' as const, expectHash: ch.hash }));
        await Promise.all([s1.applyChanges(w), s2.applyChanges([...w].reverse())]);
        expect(await s1.countRecords('withdrawn')).toBe(4);
        for (const ch of w) expect((await s1.history(ch.key)).map((h) => h.action)).toEqual(['create', 'withdraw']);
        // a different change made on a stale read is refused, not applied over the other process's write
        const stale = change({ ...guideRecords()[0], abstract: '另一进程的修改' }, { action: 'update', expectHash: 'stale' });
        await expect(s2.applyChanges([stale])).rejects.toBeInstanceOf(StoreConflictError);
      } finally {
        await s1.close();
        await s2.close();
        await db.drop();
      }
    });

    it('a withdrawal racing an update withdraws the content stored when it runs', async () => {
      const db = await createTestDatabase('wd');
      const store = await PgStore.open(db.url, { poolSize: 2 });
      try {
        const [a] = guideRecords();
        await store.applyChanges([change(a)]);
        const updated = { ...a, abstract: '新摘要' };
        await store.applyChanges([change(updated, { action: 'update' })]);
        // the withdrawal was computed from the old content (a stale read in another process)
        const [w] = await store.applyChanges([change(a, { status: 'withdrawn', action: 'withdraw' })]);
        expect(w).toMatchObject({ status: 'withdrawn', hash: contentHash(updated) });
        expect((await store.getRecord(recordKey(a)!))?.record.abstract).toBe('新摘要');
        expect((await store.history(recordKey(a)!)).at(-1)).toMatchObject({ action: 'withdraw', hash: contentHash(updated) });
      } finally {
        await store.close();
        await db.drop();
      }
    });

    it('refuses a second review of the same submission (another process reviewed it first)', async () => {
      const db = await createTestDatabase('rev');
      const store = await PgStore.open(db.url, { poolSize: 2 });
      try {
        const [a] = guideRecords();
        const [s] = await store.createSubmissions([{ key: recordKey(a)!, provider: a.provider.code!, hash: contentHash(a), record: a, actor: 't1' }]);
        const publish = change(a, { action: 'publish', actor: 'admin:x' });
        const results = await Promise.allSettled([
          store.reviewSubmission(s.id, { status: 'published', reviewer: 'x' }, publish),
          store.reviewSubmission(s.id, { status: 'returned', reviewer: 'y', comment: '退回' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({ status: 409, code: 'already-reviewed' });
        await expect(store.reviewSubmission(999, { status: 'published', reviewer: 'x' })).rejects.toMatchObject({ status: 404 });
      } finally {
        await store.close();
        await db.drop();
      }
    });

    it('two processes publishing an older and a newer submission for one key at once: the newer content wins', async () => {
      const db = await createTestDatabase('supersede');
      const p1 = await PgStore.open(db.url, { poolSize: 2 });
      const p2 = await PgStore.open(db.url, { poolSize: 2, migrate: false });
      try {
        const [a] = guideRecords();
        for (let round = 0; round < 4; round++) {
          const older = { ...a, abstract: `第${round}轮旧版` }, newer = { ...a, abstract: `第${round}轮新版` };
          const sub = (r: CatalogRecord) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), record: r, actor: 't1' });
          const [s1, s2] = await p1.createSubmissions([sub(older), sub(newer)]);
          const publish = (r: CatalogRecord) => change(r, { action: 'publish', actor: 'admin:x' });
          const [r1, r2] = await Promise.allSettled([
            p1.reviewSubmission(s1.id, { status: 'published', reviewer: 'x' }, publish(older)),
            p2.reviewSubmission(s2.id, { status: 'published', reviewer: 'y' }, publish(newer)),
          ]);
          expect(r2.status).toBe('fulfilled');
          // either the older went first (published, then overwritten) or it lost (superseded, refused)
          if (r1.status === 'rejected') {
            expect(r1.reason).toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s1.id, newer: s2.id } });
            expect(await p1.getSubmission(s1.id)).toMatchObject({ status: 'superseded', supersededBy: s2.id });
          } else expect(r1.value.status).toBe('published');
          expect((await p2.getRecord(recordKey(a)!))?.record.abstract).toBe(`第${round}轮新版`);
        }
        // data from before the rule: an open submission older than a published one is refused, nothing written
        const [s3, s4] = await p1.createSubmissions([a, { ...a, abstract: '最新版' }].map((r) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), record: r, actor: 't1' })));
        await p1.pool.query(`UPDATE submissions SET status = 'published' WHERE id = $1`, [s4.id]);
        const before = await p1.getRecord(recordKey(a)!);
        await expect(p1.reviewSubmission(s3.id, { status: 'published', reviewer: 'x' }, change(a, { action: 'publish' })))
          .rejects.toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s3.id, key: recordKey(a), newer: s4.id } });
        expect(await p1.getRecord(recordKey(a)!)).toEqual(before);
        expect((await p1.getSubmission(s3.id))?.status).toBe('submitted');
      } finally {
        await p1.close();
        await p2.close();
        await db.drop();
      }
    });

    it('two processes, one withdrawing a record while the other publishes its open submission: the record ends withdrawn', async () => {
      const db = await createTestDatabase('withdraw-review');
      const p1 = await PgStore.open(db.url, { poolSize: 2 });
      const p2 = await PgStore.open(db.url, { poolSize: 2, migrate: false });
      try {
        const [a] = guideRecords();
        const key = recordKey(a)!;
        for (let round = 0; round < 4; round++) {
          await p1.applyChanges([change({ ...a, abstract: `第${round}轮已发布` }, { action: round ? 'update' : 'create' })]);
          const pending = { ...a, abstract: `第${round}轮待审` };
          const [s] = await p1.createSubmissions([{ key, provider: a.provider.code!, hash: contentHash(pending), record: pending, actor: 't1' }]);
          const [pub, wd] = await Promise.allSettled([
            p1.reviewSubmission(s.id, { status: 'published', reviewer: 'x' }, change(pending, { action: 'publish', actor: 'admin:x' })),
            p2.applyChanges([change(a, { action: 'withdraw', status: 'withdrawn', actor: 'dept' })]),
          ]);
          expect(wd.status).toBe('fulfilled');
          // either the review went first (published, then withdrawn) or the withdrawal did (superseded, review refused)
          if (pub.status === 'rejected') {
            expect(pub.reason).toMatchObject({ status: 409, code: 'submission-superseded', details: { id: s.id, key, change: { action: 'withdraw' } } });
            expect(await p2.getSubmission(s.id)).toMatchObject({ status: 'superseded', supersededByChange: { action: 'withdraw' } });
          } else expect(pub.value.status).toBe('published');
          expect((await p2.getRecord(key))?.status).toBe('withdrawn');
        }
      } finally {
        await p1.close();
        await p2.close();
        await db.drop();
      }
    });
  });
} else {
  describe.skip(`PostgreSQL store — ${PG_SKIP_MESSAGE}`, () => {
    it('runs the shared store suite and the PostgreSQL-only tests', () => {});
  });
}
