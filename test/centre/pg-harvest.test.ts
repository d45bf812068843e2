import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PgStore } from '../../src/centre/pg-store.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { startCentre, type RunningCentre } from '../../src/centre/server.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { startTestCentre, call, keyPath, runCliAsync, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';

/** Harvest behaves the same with a PostgreSQL centre on either end: district (SQLite) → city (PostgreSQL) → province (SQLite). */
describe.skipIf(!testPgUrl())(`harvest into and out of a PostgreSQL centre${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  let district: TestCentre;
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  const harvestCli = async (url: string, target: string) => {
    const r = await runCliAsync(['centre', 'harvest', url, '--db', target, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  beforeAll(async () => {
    district = await startTestCentre([PROVIDER_A, PROVIDER_B], { oaiPageSize: 2 });
    db = await createTestDatabase('city');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'province-'));
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_A], json: { records: guideRecords() } });
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_B], json: { records: [1, 2, 3].map((i) => recordOfB(i)) } });
  });
  afterAll(async () => {
    await district?.stop();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('harvests a district into a PostgreSQL city incrementally, with withdrawals and origins', async () => {
    const first = await harvestCli(district.centre.url, db.url);
    expect(first.created.sort()).toEqual(['301002/00001', '301002/00002', '302005/00001', '302005/00002', '302005/00003']);
    const again = await harvestCli(district.centre.url, db.url);
    expect(again).toMatchObject({ created: [], updated: [], withdrawn: [], from: first.lastDatestamp });
    await call(district.centre.url, 'DELETE', keyPath('302005/00002'), { token: district.tokens[PROVIDER_B] });
    const third = await harvestCli(district.centre.url, db.url);
    expect(third.withdrawn).toEqual(['302005/00002']);
    const city = await PgStore.open(db.url, { poolSize: 1 });
    try {
      expect(await city.countRecords('published')).toBe(4);
      expect(await city.getRecord('301002/00001')).toMatchObject({ origin: district.centre.url, status: 'published', record: guideRecords()[0] });
      expect((await city.history('302005/00002')).map((h) => h.action)).toEqual(['harvest', 'harvest-withdraw']);
      expect(await city.getHarvestState(district.centre.url)).toMatchObject({ lastDatestamp: third.lastDatestamp });
    } finally {
      await city.close();
    }
  });

  it('serves the PostgreSQL city over OAI-PMH to a SQLite province', async () => {
    const city = await PgStore.open(db.url, { poolSize: 2 });
    let server: RunningCentre | undefined;
    try {
      server = await startCentre({ store: city, port: 0, host: '127.0.0.1', oaiPageSize: 2 });
      const province = path.join(dir, 'province.sqlite');
      const got = await harvestCli(server.url, province);
      expect(got.created.sort()).toEqual(['301002/00001', '301002/00002', '302005/00001', '302005/00003']);
      const s = new SqliteStore(province);
      try {
        expect(await s.countRecords('published')).toBe(4);
        expect((await s.getRecord('302005/00003'))?.record).toEqual(recordOfB(3));
      } finally {
        await s.close();
      }
    } finally {
      await server?.close();
      await city.close();
    }
  });
});
