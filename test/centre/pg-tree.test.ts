import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call, runCliAsync, serve } from './helpers.js';
import { guideRecords } from './fixtures.js';

/**
 * Scheduled harvest on PostgreSQL with two `catalog centre serve` processes on one database (issue 19): each
 * source is harvested by one process at a time (advisory lock), so no two runs of a source overlap in time, and
 * the records arrive once. Runs are read from harvest_runs (started/finished with milliseconds, runner = host:pid).
 */
const INTERVAL_S = 1;
const RUNS = 6;

describe.skipIf(!testPgUrl())('scheduled harvest on PostgreSQL, two serve processes', () => {
  if (!testPgUrl()) it.skip(PG_SKIP_MESSAGE, () => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-tree-'));
  let db: { url: string; drop: () => Promise<void> };
  const procs: ReturnType<typeof serve>[] = [];
  let district = '';
  const urls: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('tree');
    const dDb = path.join(dir, 'district.sqlite');
    const tok = runCli(['centre', 'token', 'create', '--db', dDb, '--provider', guideRecords()[0].provider.code!, '--format', 'json']);
    expect(tok.code, tok.stderr).toBe(0);
    const d = serve(['--db', dDb, '--no-access-log', '--level', 'county', '--division', '330106']);
    procs.push(d);
    district = await d.url;
    expect((await call(district, 'POST', '/api/v1/records', { token: JSON.parse(tok.stdout).token, json: { records: guideRecords() } })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const p = serve(['--db', db.url, '--no-access-log', '--level', 'city', '--division', '330100', '--harvest-every', `${INTERVAL_S}s`]);
      procs.push(p);
      urls.push(await p.url);
    }
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) { if (p.child.exitCode === null) p.child.kill('SIGTERM'); await p.exited.catch(() => undefined); }
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('harvests a source added with centre source add, one process at a time, without duplicates', async () => {
    const add = await runCliAsync(['centre', 'source', 'add', district, '--db', db.url, '--every', `${INTERVAL_S}s`]);
    expect(add.code, add.stderr).toBe(0);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const end = Date.now() + RUNS * INTERVAL_S * 1000 * 4 + 30_000;
      let runs: { started: string; finished: string; ok: boolean; runner: string }[] = [];
      while (Date.now() < end) {
        runs = (await c.query('SELECT started, finished, ok, runner FROM harvest_runs WHERE source = $1 ORDER BY started', [district])).rows;
        if (runs.length >= RUNS) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(runs.length).toBeGreaterThanOrEqual(RUNS);
      expect(runs.every((r) => r.ok)).toBe(true);
      for (let i = 1; i < runs.length; i++) expect(runs[i].started >= runs[i - 1].finished, `run ${i} overlaps run ${i - 1}`).toBe(true);
      const { rows } = await c.query(`SELECT action, count(*)::int AS n FROM history GROUP BY action`);
      expect(rows).toEqual([{ action: 'harvest', n: 2 }]);
    } finally {
      await c.end();
    }
    // either process answers for the member list and for the records
    for (const u of urls) {
      const m = (await call(u, 'GET', '/api/v1/centres')).json.items;
      expect(m).toMatchObject([{ url: district, kind: 'source', health: 'ok', records: 2 }]);
    }
    const list = await runCliAsync(['centre', 'source', 'list', '--db', db.url, '--format', 'json']);
    expect(JSON.parse(list.stdout)[0]).toMatchObject({ url: district, everyMs: INTERVAL_S * 1000, failures: 0 });
  }, 180_000);
});
