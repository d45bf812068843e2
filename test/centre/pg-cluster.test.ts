import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';

describe.skipIf(!testPgUrl())(`throwaway PostgreSQL cluster${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  it('listens on 127.0.0.1 and gives each test file its own UTF-8 database with pg_trgm', async () => {
    expect(new URL(testPgUrl()!).hostname).toBe('127.0.0.1');
    const db = await createTestDatabase('cluster');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      const enc = await c.query('SHOW server_encoding');
      expect(enc.rows[0].server_encoding).toBe('UTF8');
      // Chinese characters must be word characters for pg_trgm (C.UTF-8 ctype), else trigram search is blind.
      const t = await c.query("SELECT array_length(show_trgm('人口基础信息'), 1) AS n");
      expect(t.rows[0].n).toBeGreaterThan(3);
    } finally {
      await c.end();
      await db.drop();
    }
  });
});
