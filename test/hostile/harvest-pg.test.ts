import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PgStore } from '../../src/centre/pg-store.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { cli } from './helpers.js';
import { startHostileSource, sourceRecords, type HostileSource } from './oai-source.js';

/**
 * The transaction/state property of harvest on a PostgreSQL centre, through the real CLI: a source that fails
 * half-way leaves the pages before stored whole, nothing of the failing page, and the remembered datestamp where
 * the last complete harvest put it; the next run resumes and ends with every record once.
 */
describe.skipIf(!testPgUrl())(`harvest from a failing source into PostgreSQL${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, { timeout: 600_000 }, () => {
  let db: { url: string; drop: () => Promise<void> };
  let source: HostileSource;
  const harvestCli = (...extra: string[]) => cli(['centre', 'harvest', source.url, '--db', db.url, '--format', 'json', ...extra], { timeoutMs: 240_000 });
  async function withCity<T>(fn: (s: PgStore) => Promise<T>): Promise<T> {
    const s = await PgStore.open(db.url, { poolSize: 1 });
    try { return await fn(s); } finally { await s.close(); }
  }

  beforeAll(async () => {
    db = await createTestDatabase('harvest_hostile');
    source = await startHostileSource({ records: sourceRecords(4), pageSize: 2 });
  });
  afterAll(async () => {
    await source?.close();
    await db?.drop();
  });

  it('stores whole pages only, keeps the state on failure, resumes without duplicates', async () => {
    const first = await harvestCli();
    expect(first.code, first.stderr).toBe(0);
    const s1 = source.records[3].datestamp;
    expect(JSON.parse(first.stdout)).toMatchObject({ received: 4, lastDatestamp: s1 });

    // five more records; page 4 (records 7 and 8, the first valid) carries a record that is not JSON
    source.records.push(...sourceRecords(5, 5));
    source.misbehave = 'bad-json';
    source.fromPage = 4;
    const failed = await harvestCli();
    expect(failed.code).toBe(3);
    expect(failed.stderr.trim()).toMatch(/^catalog: harvest failed: record oai:catalog:302005\/00008 on page 4 of .* is invalid: .*; nothing of that page was stored$/);
    const keys = source.records.map((r) => r.key);
    await withCity(async (s) => {
      expect([...(await s.getRecords(keys)).keys()].sort()).toEqual(keys.slice(0, 6));
      expect(await s.getHarvestState(source.url)).toMatchObject({ lastDatestamp: s1 });
    });

    source.misbehave = 'none';
    const again = await harvestCli();
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result).toMatchObject({ from: s1, received: 9, unchanged: 6, updated: [], withdrawn: [], skipped: [], lastDatestamp: source.records[8].datestamp });
    expect(result.created.sort()).toEqual(keys.slice(6));
    await withCity(async (s) => {
      expect(await s.countRecords()).toBe(9);
      for (const k of keys) expect((await s.history(k)).map((h) => h.action)).toEqual(['harvest']);
      expect(await s.getHarvestState(source.url)).toMatchObject({ lastDatestamp: source.records[8].datestamp });
    });
  });
});
