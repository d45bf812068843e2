import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { makeRecord, runCliAsync, tempDir, writeJsonlFile } from './helpers.js';
import { createToken, startRealCentre, type RealCentre } from './real-centre.js';

/** Acceptance of issue 7 against the real `catalog centre serve` (SQLite, random port). */
const PROVIDER = '11330100002482170H';
const N = 5000;

describe('catalog publish → real catalog centre serve', () => {
  const running: RealCentre[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });
  const setup = async (o: { faultEvery?: number; records?: number } = {}) => {
    const dir = tempDir('catalog-accept-');
    const centre = await startRealCentre(dir, o);
    running.push(centre);
    const token = await createToken(centre.db, PROVIDER);
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: o.records ?? N }, (_, i) => makeRecord(i + 1)));
    return { dir, centre, token, file, ledger: path.join(dir, 'ledger.jsonl') };
  };
  /** The centre's own count, two ways (health and search total), plus one record's history: no duplicates. */
  const centreCount = async (c: RealCentre) => {
    const health = await c.json('/health');
    // a page far past the end: the search counts exactly up to it (20,000 records)
    const search = await c.json('/api/v1/records?pageSize=200&page=100');
    expect(search.totalExact).toBe(true);
    return { health: health.records, total: search.total };
  };

  it(`publishes ${N} records; a re-run sends nothing`, async () => {
    const { dir, centre, token, file } = await setup();
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '250', '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: true, rejected: [], pending: [], errors: [] });
    expect(j.accepted).toHaveLength(N);
    expect(await centreCount(centre)).toEqual({ health: N, total: N });
    expect(r.stdout + r.stderr).not.toContain(token);
    const again = await runCliAsync(['publish', file, '--centre', centre.url, '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, accepted: [], unchanged: N, plan: { added: [], changed: [] } });
  });

  it(`killed with SIGKILL mid-publish and re-run: exactly ${N} records at the centre, none twice`, async () => {
    const { dir, centre, token, file, ledger } = await setup();
    const args = ['publish', file, '--centre', centre.url, '--batch-size', '100', '--ledger', ledger, '-f', 'json'];
    const ledgered = () => (fs.existsSync(ledger) ? fs.readFileSync(ledger, 'utf8').split('\n').filter((l) => l.includes('"put"')).length : 0);
    const killed = await runCliAsync(args, {
      cwd: dir,
      env: { CATALOG_TOKEN: token },
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (ledgered() >= 1000) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 5);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const before = ledgered();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(N);
    const atKill = await centreCount(centre);
    expect(atKill.health).toBeGreaterThanOrEqual(before); // the centre may hold batches the ledger never heard of

    const rerun = await runCliAsync(args, { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(rerun.code).toBe(0);
    const j = JSON.parse(rerun.stdout);
    expect(j.plan.added).toHaveLength(N - before); // only what the ledger did not hold was sent
    expect(j.accepted.length + (j.unchanged - before)).toBe(N - before);
    expect(j.accepted.length).toBe(N - atKill.health); // what the centre already had came back "unchanged"
    expect(await centreCount(centre)).toEqual({ health: N, total: N });
    for (const k of ['301002/00001', `301002/${String(before + 1).padStart(5, '0')}`, `301002/${String(N).padStart(5, '0')}`]) {
      const h = await centre.json(`/api/v1/records/${encodeURIComponent(k)}/history`);
      expect(h.items.map((x: any) => x.action)).toEqual(['create']);
    }
  });

  it('a centre failing every third write still ends with all records and no duplicates', async () => {
    const n = 1500;
    const { dir, centre, token, file } = await setup({ faultEvery: 3, records: n });
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '100', '--verbose', '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/retry 1 in \d+ ms: POST .*HTTP 503/);
    const j = JSON.parse(r.stdout);
    expect(j.accepted).toHaveLength(n);
    expect(j.errors).toEqual([]);
    expect(await centreCount(centre)).toEqual({ health: n, total: n });
    // withdrawals go through the faults too
    writeJsonlFile(file, Array.from({ length: n - 10 }, (_, i) => makeRecord(i + 1)));
    const w = await runCliAsync(['publish', file, '--centre', centre.url, '--withdraw-missing', '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(w.code).toBe(0);
    expect(JSON.parse(w.stdout).withdrawn).toHaveLength(10);
    expect((await centreCount(centre)).total).toBe(n - 10);
  });

  it('a rejected record is reported with its source file and row (exit 3); a token is never printed', async () => {
    const { dir, centre, token } = await setup({ records: 0 });
    const file = writeJsonlFile(path.join(dir, 'mapped.jsonl'), [
      makeRecord(1, { provenance: { file: 'dept-2024.xlsx', sheet: '资源目录', row: 4 } }),
      makeRecord(2, { updateCycle: '每季', provenance: { file: 'dept-2024.xlsx', sheet: '资源目录', row: 5 } }),
      makeRecord(3, { provider: { name: '别的单位', code: '12330100MB0000000K' }, provenance: { file: 'dept-2024.xlsx', sheet: '资源目录', row: 6 } }),
    ]);
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--lang', 'en', '--verbose'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('301002/00002  dept-2024.xlsx › sheet 资源目录 › row 5');
    expect(r.stdout).toMatch(/\/updateCycle: .*每季/);
    expect(r.stdout).toContain('301002/00003  dept-2024.xlsx › sheet 资源目录 › row 6');
    expect(r.stdout).toContain('accepted 1');
    expect(r.stdout + r.stderr).not.toContain(token);
    const j = JSON.parse((await runCliAsync(['publish', file, '--centre', centre.url, '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } })).stdout);
    expect(j.rejected.map((x: any) => [x.key, x.source.row])).toEqual([['301002/00002', 5], ['301002/00003', 6]]);
    // the centre's reasons come back in the user's language (Accept-Language)
    const zh = await runCliAsync(['publish', file, '--centre', centre.url, '--lang', 'zh'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(zh.stdout).toContain('301002/00002  dept-2024.xlsx › 工作表 资源目录 › 第 5 行');
    expect(zh.stdout).toMatch(/\/updateCycle: .*“每季”.*代码表/);
    expect(j.unchanged).toBe(1);
  });
});
