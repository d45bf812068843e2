import { describe, it, expect } from 'vitest';
import pg from 'pg';
import { PgStore } from '../../src/centre/pg-store.js';
import { startCentre } from '../../src/centre/server.js';
import { createToken } from '../../src/centre/auth.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call } from './helpers.js';
import { guideRecords, PROVIDER_A } from './fixtures.js';

describe.skipIf(!testPgUrl())(`PostgreSQL centre as an ordinary (non-superuser) role, and database outages${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  it('runs as the database owner, answers 503 + Retry-After while the database refuses it, and recovers', async () => {
    const db = await createTestDatabase('outage');
    const role = `app_${process.pid}_${Date.now().toString(36)}`;
    // connected to the maintenance database, so dropping the test database does not cut this connection
    const admin = new pg.Client({ connectionString: testPgUrl() });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`ALTER DATABASE ${new URL(db.url).pathname.slice(1)} OWNER TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      // not a superuser: migrations must work for a database owner (pg_trgm is a trusted extension)
      const store = await PgStore.open(url.toString(), { poolSize: 3 });
      const { token } = await createToken(store, { provider: PROVIDER_A });
      const centre = await startCentre({ store, port: 0, host: '127.0.0.1' });
      try {
        const ok = await call(centre.url, 'POST', '/api/v1/records', { token, json: { records: guideRecords() } });
        expect(ok.status).toBe(200);

        await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
        for (const [method, path, body] of [['GET', '/api/v1/records?q=登记', undefined], ['POST', '/api/v1/records', { records: guideRecords() }]] as const) {
          const r = await call(centre.url, method, path, { token, json: body });
          expect(r.status).toBe(503);
          expect(r.headers.get('retry-after')).toBeTruthy();
          expect(r.json.error.code).toBe('store-unavailable');
        }

        await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
        const back = await call(centre.url, 'GET', '/api/v1/records?q=登记注册');
        expect(back.status).toBe(200);
        expect(back.json.items.map((x: { key: string }) => x.key)).toEqual(['301002/00001']);
      } finally {
        await centre.close();
      }
    } finally {
      await db.drop();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await admin.end().catch(() => {});
    }
  });
});
