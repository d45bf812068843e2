import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runCliAsync, tempDir, writeJsonlFile } from './helpers.js';
import { createToken, startRealCentre, type RealCentre } from './real-centre.js';
import { startCountingProxy } from './counting-proxy.js';
import { ROOT } from '../helpers/cli.js';

/**
 * The profile travels on every route (issue 18): records valid under gbt21063-3 but not under guide2017 are
 * accepted whether their package goes whole, as batches (--unpack, or the 413 fallback) or they come from a
 * records file with --profile. Before the fix the records route sent no profile and the centre assumed guide2017.
 */
const PROVIDER = '11330100002482170H';
const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/records/valid-gbt21063.json'), 'utf8'))[0];
/** The gbt21063-3 fixture record with a provider code (the centre's ownership needs one) and its own identifiers. */
const gbtRecord = (i: number) => ({
  ...base,
  metadataIdentifier: `330100-MD-${String(i).padStart(6, '0')}`,
  resourceIdentifier: `33010/A00034VG3${String(i).padStart(2, '0')}`,
  title: `${base.title} ${i}`,
  provider: { ...base.provider, code: PROVIDER },
});

describe('catalog publish sends the profile on the records route → real centre', () => {
  const running: { stop: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  const setup = async (o: { maxBody?: number } = {}) => {
    const dir = tempDir('catalog-profile-');
    const centre: RealCentre = await startRealCentre(dir, o);
    running.push(centre);
    const proxy = await startCountingProxy(centre.url);
    running.push({ stop: proxy.close });
    const env = { CATALOG_TOKEN: await createToken(centre.db, PROVIDER) };
    const cli = (args: string[]) => runCliAsync([...args, '--lang', 'en'], { cwd: dir, env });
    const records = Array.from({ length: 5 }, (_, i) => gbtRecord(i + 1));
    const jsonl = writeJsonlFile(path.join(dir, 'gbt.jsonl'), records);
    const pkg = path.join(dir, 'gbt.catpkg.zip');
    const packed = await cli(['pack', jsonl, '-o', pkg, '--profile', 'gbt21063-3', '--created', '2024-03-01T00:00:00Z']);
    expect(packed.code, packed.stderr).toBe(0);
    const count = async () => (await centre.json('/health')).records as number;
    return { dir, centre, proxy, cli, jsonl, pkg, count };
  };

  it('publish --profile gbt21063-3 --unpack: every batch carries the profile and every record is accepted', async () => {
    const { proxy, cli, pkg, count } = await setup();
    const r = await cli(['publish', pkg, '--profile', 'gbt21063-3', '--unpack', '--batch-size', '2', '--centre', proxy.url, '-f', 'json', '--ledger', 'unpack.jsonl']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.accepted).toHaveLength(5);
    expect(j.rejected).toEqual([]);
    expect(j.packages).toEqual([expect.objectContaining({ via: 'records', fallback: expect.objectContaining({ code: 'unpack' }) })]);
    expect(proxy.writes().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(Array(3).fill('POST /api/v1/records 200'));
    expect(await count()).toBe(5);
  });

  it('without --profile a package\'s records go as batches under its manifest profile', async () => {
    const { proxy, cli, pkg, count } = await setup();
    const r = await cli(['publish', pkg, '--unpack', '--centre', proxy.url, '-f', 'json', '--ledger', 'l.jsonl']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).accepted).toHaveLength(5);
    expect(await count()).toBe(5);
  });

  it('the 413 fallback (package larger than the centre takes) sends the batches with the package\'s profile', async () => {
    const { proxy, cli, pkg, count } = await setup({ maxBody: 1500 });
    expect(fs.statSync(pkg).size).toBeGreaterThan(1500);
    const r = await cli(['publish', pkg, '--centre', proxy.url, '--batch-size', '1', '-f', 'json', '--ledger', 'l.jsonl']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packages).toEqual([expect.objectContaining({ via: 'records', fallback: expect.objectContaining({ code: 'body-too-large' }) })]);
    expect(j.accepted).toHaveLength(5);
    expect(proxy.writes()[0]).toEqual({ method: 'POST', path: '/api/v1/packages', status: 413 });
    expect(await count()).toBe(5);
  });

  it('a records file goes under --profile; under the default guide2017 the same records are rejected', async () => {
    const { proxy, cli, jsonl, count } = await setup();
    const wrong = await cli(['publish', jsonl, '--centre', proxy.url, '-f', 'json', '--ledger', 'a.jsonl']);
    expect(wrong.code).toBe(3);
    const wj = JSON.parse(wrong.stdout);
    expect(wj.rejected).toHaveLength(5);
    expect(wj.rejected[0].reasons.map((x: any) => x.code)).toContain('required-missing');
    const right = await cli(['publish', jsonl, '--profile', 'gbt21063-3', '--centre', proxy.url, '-f', 'json', '--ledger', 'b.jsonl']);
    expect(right.code, right.stdout + right.stderr).toBe(0);
    expect(JSON.parse(right.stdout).accepted).toHaveLength(5);
    expect(await count()).toBe(5);
  });

  it('an unknown --profile, or one that contradicts a package, is a usage error (exit 2) and nothing is sent', async () => {
    const { proxy, cli, jsonl, pkg } = await setup();
    const unknown = await cli(['publish', jsonl, '--profile', 'iso19115', '--centre', proxy.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown profile "iso19115"; available: gbt21063-3, guide2017/);
    const clash = await cli(['publish', pkg, '--profile', 'guide2017', '--centre', proxy.url]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('was packed for profile gbt21063-3, not --profile guide2017');
    expect(proxy.writes()).toEqual([]);
  });

  it('the centre refuses an unknown profile on the records route with 400 unknown-profile naming the available ones', async () => {
    const { centre } = await setup();
    const token = await createToken(centre.db, PROVIDER);
    const res = await fetch(`${centre.url}/api/v1/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [gbtRecord(1)], profile: 'iso19115' }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('unknown-profile');
    expect(body.error.message).toBe('unknown profile "iso19115"; available: gbt21063-3, guide2017');
  });
});
