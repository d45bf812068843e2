import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { makeRecord, runCliAsync, tempDir, writeJsonlFile } from './helpers.js';
import { createToken, startRealCentre, type RealCentre } from './real-centre.js';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';

/**
 * `catalog publish <package>` against the real `catalog centre serve`: the package is uploaded whole so the
 * centre verifies its signature; requests are counted by a plain proxy on loopback in front of the centre.
 */
const PROVIDER = '11330100002482170H';
const CREATED = '2024-03-01T00:00:00Z';

describe('catalog publish <signed package> → real centre (POST /api/v1/packages)', () => {
  const running: { stop: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  const setup = async (o: { maxBody?: number; faultEvery?: number } = {}) => {
    const dir = tempDir('catalog-signed-');
    const centre: RealCentre = await startRealCentre(dir, o);
    running.push(centre);
    const proxy: CountingProxy = await startCountingProxy(centre.url);
    running.push({ stop: proxy.close });
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCliAsync(args, { cwd: dir, env });
    // a real key pair and real packages from `catalog keygen` / `catalog pack`
    expect((await cli(['keygen', '-o', path.join(dir, 'dept.key')])).code).toBe(0);
    expect((await cli(['keygen', '-o', path.join(dir, 'other.key')])).code).toBe(0);
    const pack = async (name: string, records: unknown[], extra: string[] = []) => {
      const src = writeJsonlFile(path.join(dir, `${name}.jsonl`), records);
      const out = path.join(dir, `${name}.catpkg.zip`);
      const r = await cli(['pack', src, '-o', out, '--created', CREATED, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return out;
    };
    const count = async () => (await centre.json('/health')).records as number;
    return { dir, centre, proxy, cli, pack, count, key: path.join(dir, 'dept.key') };
  };

  it('a key-bound token: unsigned and wrongly signed packages are refused by the centre (exit 3), a signed one is taken whole, a re-run sends nothing', async () => {
    const { dir, centre, proxy, cli, pack, count, key } = await setup();
    const token = await createToken(centre.db, PROVIDER, { publicKey: `${key}.pub` });
    const env = { CATALOG_TOKEN: token };
    const records = Array.from({ length: 12 }, (_, i) => makeRecord(i + 1));
    const unsigned = await pack('unsigned', records);
    const otherKey = await pack('other', records, ['--sign', path.join(dir, 'other.key')]);
    const signed = await pack('signed', records, ['--sign', key]);

    // unsigned: verified by the centre, refused with its reason; every record reported rejected; nothing registered
    const u = await cli(['publish', unsigned, '--centre', proxy.url, '--lang', 'en'], env);
    expect(u.code).toBe(3);
    expect(u.stdout).toContain('unsigned.catpkg.zip');
    expect(u.stdout).toContain('refused by the centre; none of its records was registered:');
    expect(u.stdout).toMatch(/signature-missing: .*not signed/);
    expect(u.stdout).toContain(`301002/00001  ${unsigned}!records.jsonl › line 1`);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/packages', status: 422 }]);
    const uj = JSON.parse((await cli(['publish', unsigned, '--centre', proxy.url, '-f', 'json'], env)).stdout);
    expect(uj.packages).toEqual([expect.objectContaining({ file: unsigned, via: 'package', status: 'refused', signed: false })]);
    expect(uj.packages[0].reasons.map((r: any) => r.code)).toEqual(['package-invalid', 'signature-missing']);
    expect(uj.rejected).toHaveLength(12);
    expect(uj.rejected[11]).toMatchObject({ key: '301002/00012', source: { file: `${unsigned}!records.jsonl`, line: 12 } });
    expect(uj.rejected[11].reasons.map((r: any) => r.code)).toEqual(['package-invalid', 'signature-missing']);

    // signed with a key the token is not bound to
    const o = await cli(['publish', otherKey, '--centre', proxy.url, '-f', 'json'], env);
    expect(o.code).toBe(3);
    expect(JSON.parse(o.stdout).packages[0].reasons.map((r: any) => r.code)).toContain('signature-key-mismatch');

    // its records unpacked into record batches: the centre refuses unsigned batches for this token
    proxy.log.length = 0;
    const unpacked = await cli(['publish', signed, '--centre', proxy.url, '--unpack', '--lang', 'en'], env);
    expect(unpacked.code).toBe(3);
    expect(unpacked.stdout).toContain('signature-required: POST');
    expect(unpacked.stdout).toContain('publish the signed .catpkg.zip itself (without --unpack)');
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/records', status: 403 }]); // no retry
    expect(await count()).toBe(0);

    // correctly signed: one upload, the centre verified and took it
    proxy.log.length = 0;
    const ok = await cli(['publish', signed, '--centre', proxy.url, '-f', 'json'], env);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const j = JSON.parse(ok.stdout);
    expect(j).toMatchObject({ ok: true, rejected: [], pending: [], errors: [] });
    expect(j.packages).toEqual([expect.objectContaining({ via: 'package', status: 'accepted', signed: true, records: 12 })]);
    expect(j.accepted).toHaveLength(12);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/packages', status: 200 }]);
    expect(await count()).toBe(12);

    // re-run: the ledger holds the package and its records: no request at all
    proxy.log.length = 0;
    const again = await cli(['publish', signed, '--centre', proxy.url, '-f', 'json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, accepted: [], unchanged: 12, packages: [{ via: 'none' }] });
    expect(proxy.log).toEqual([]);

    // the dry run says what would happen and sends nothing
    const dry = await cli(['publish', signed, '--centre', proxy.url, '--dry-run', '--lang', 'en'], env);
    expect(dry.stdout).toContain('signed, 12: unchanged since its ledgered upload: not sent');
    expect(proxy.log).toEqual([]);

    // a crash between the centre's answer and the ledger write (simulated by losing the ledger): the re-run
    // uploads the package again and the centre, idempotent by package id + content hash, registers nothing twice
    fs.rmSync(path.join(dir, '.catalog'), { recursive: true });
    const replay = await cli(['publish', signed, '--centre', proxy.url, '-f', 'json'], env);
    expect(replay.code).toBe(0);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/packages', status: 200 }]);
    expect(await count()).toBe(12);
    for (const k of ['301002/00001', '301002/00012']) {
      const h = await centre.json(`/api/v1/records/${encodeURIComponent(k)}/history`);
      expect(h.items.map((x: any) => x.action)).toEqual(['create']);
    }
  });

  it('incremental: a changed record re-sends the signed package (the centre registers only the change); withdrawals ride in a signed incremental package; single DELETEs are refused for a key-bound token', async () => {
    const { proxy, centre, cli, pack, count, key } = await setup();
    const token = await createToken(centre.db, PROVIDER, { publicKey: `${key}.pub` });
    const env = { CATALOG_TOKEN: token };
    const v1 = await pack('v1', Array.from({ length: 5 }, (_, i) => makeRecord(i + 1)), ['--sign', key]);
    expect((await cli(['publish', v1, '--centre', proxy.url], env)).code).toBe(0);

    // v2: record 2 changed (a whole signed package again)
    const v2 = await pack('v2', Array.from({ length: 5 }, (_, i) => makeRecord(i + 1, i === 1 ? { title: '改过的标题' } : {})), ['--sign', key]);
    const dry = JSON.parse((await cli(['publish', v2, '--centre', proxy.url, '--dry-run', '-f', 'json'], env)).stdout);
    expect(dry.plan).toMatchObject({ added: [], changed: ['301002/00002'], unchanged: 4 });
    expect(dry.packages[0].via).toBe('package');
    proxy.log.length = 0;
    const r2 = JSON.parse((await cli(['publish', v2, '--centre', proxy.url, '-f', 'json'], env)).stdout);
    expect(r2).toMatchObject({ ok: true, accepted: [{ key: '301002/00002', change: 'changed' }], unchanged: 4 });
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/packages', status: 200 }]);
    expect((await centre.json(`/api/v1/records/${encodeURIComponent('301002/00002')}`)).record.title).toBe('改过的标题');
    expect((await centre.json(`/api/v1/records/${encodeURIComponent('301002/00001')}/history`)).items).toHaveLength(1);

    // --withdraw-missing would DELETE record 5 one by one: refused for this token, with a clear way out
    const v3src = await pack('v3', Array.from({ length: 4 }, (_, i) => makeRecord(i + 1, i === 1 ? { title: '改过的标题' } : {})), ['--sign', key]);
    proxy.log.length = 0;
    const w = await cli(['publish', v3src, '--centre', proxy.url, '--withdraw-missing', '--lang', 'en'], env);
    expect(w.code).toBe(3);
    expect(w.stdout).toContain('signature-required: DELETE');
    expect(w.stdout).toContain('catalog pack --since <previous package> --sign <key>');
    expect(proxy.writes().filter((x) => x.method === 'DELETE')).toEqual([{ method: 'DELETE', path: `/api/v1/records/${encodeURIComponent('301002/00005')}`, status: 403 }]);
    expect(await count()).toBe(5);

    // the signed incremental package withdraws it: the centre applies manifest.withdrawn, no DELETE is sent
    const inc = await pack('inc', Array.from({ length: 4 }, (_, i) => makeRecord(i + 1, i === 1 ? { title: '改过的标题' } : {})), ['--sign', key, '--since', v2]);
    proxy.log.length = 0;
    const r3 = await cli(['publish', inc, '--centre', proxy.url, '-f', 'json'], env);
    expect(r3.code, r3.stdout).toBe(0);
    expect(JSON.parse(r3.stdout)).toMatchObject({ ok: true, withdrawn: ['301002/00005'], packages: [{ via: 'package', status: 'accepted' }] });
    expect(proxy.writes().map((x) => `${x.method} ${x.path}`)).toEqual(['POST /api/v1/packages']);
    expect(await count()).toBe(4);
    expect((await centre.json(`/api/v1/records/${encodeURIComponent('301002/00005')}/history`)).items.map((x: any) => x.action)).toEqual(['create', 'withdraw']);
    proxy.log.length = 0;
    expect((await cli(['publish', inc, '--centre', proxy.url], env)).code).toBe(0);
    expect(proxy.log).toEqual([]);
  });

  it('a package upload answered 503 (Retry-After) is retried; two packages in one run each go whole', async () => {
    const { proxy, centre, cli, pack, count, key } = await setup({ faultEvery: 2 });
    const token = await createToken(centre.db, PROVIDER, { publicKey: `${key}.pub` });
    const a = await pack('a', Array.from({ length: 3 }, (_, i) => makeRecord(i + 1)), ['--sign', key]);
    const b = await pack('b', Array.from({ length: 3 }, (_, i) => makeRecord(i + 11)), ['--sign', key]);
    const r = await cli(['publish', a, b, '--centre', proxy.url, '--concurrency', '1', '--verbose', '-f', 'json'], { CATALOG_TOKEN: token });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retry 1 in 0 ms: POST .*\/api\/v1\/packages: HTTP 503/);
    expect(proxy.writes().map((x) => `${x.path} ${x.status}`)).toEqual(['/api/v1/packages 200', '/api/v1/packages 503', '/api/v1/packages 200']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, packages: [{ via: 'package', status: 'accepted' }, { via: 'package', status: 'accepted' }] });
    expect(await count()).toBe(6);
  });

  it('a package over the centre\'s body limit falls back to record batches, except for a key-bound token: clear error, exit 3', async () => {
    const { proxy, centre, cli, pack, count, key, dir } = await setup({ maxBody: 4000 });
    const records = Array.from({ length: 100 }, (_, i) => makeRecord(i + 1));
    const signed = await pack('big', records, ['--sign', key]);
    expect(fs.statSync(signed).size).toBeGreaterThan(4000); // a batch of 5 records is about 2,600 bytes

    const bound = await createToken(centre.db, PROVIDER, { publicKey: `${key}.pub` });
    const refused = await cli(['publish', signed, '--centre', proxy.url, '--batch-size', '5', '--lang', 'en', '--ledger', path.join(dir, 'a.jsonl')], { CATALOG_TOKEN: bound });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/body-too-large: the package is larger than the centre takes/);
    expect(refused.stdout).toContain('signature-required');
    expect(refused.stdout).toContain('raise catalog centre serve --max-body');
    expect(proxy.writes()).toEqual([
      { method: 'POST', path: '/api/v1/packages', status: 413 },
      { method: 'POST', path: '/api/v1/records', status: 403 },
    ]);
    expect(await count()).toBe(0);

    // a token without a key: the same package goes as batches of --batch-size
    const plain = await createToken(centre.db, PROVIDER);
    proxy.log.length = 0;
    const r = await cli(['publish', signed, '--centre', proxy.url, '--batch-size', '5', '-f', 'json', '--ledger', path.join(dir, 'b.jsonl')], { CATALOG_TOKEN: plain });
    expect(r.code, r.stdout).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.packages).toEqual([expect.objectContaining({ via: 'records', fallback: expect.objectContaining({ code: 'body-too-large' }) })]);
    expect(j.accepted).toHaveLength(100);
    expect(proxy.writes().filter((x) => x.path === '/api/v1/records')).toHaveLength(20);
    expect(await count()).toBe(100);
    // remembered: the re-run neither uploads the package again nor sends any record
    proxy.log.length = 0;
    const again = await cli(['publish', signed, '--centre', proxy.url, '-f', 'json', '--ledger', path.join(dir, 'b.jsonl')], { CATALOG_TOKEN: plain });
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, unchanged: 100, packages: [{ via: 'none' }] });
    expect(proxy.log).toEqual([]);
  });
});

describe('catalog publish with a token for the wrong provider → real centre', () => {
  const running: { stop: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  it('one request, every record rejected with the centre\'s message and its source, no retry, exit 3', async () => {
    const dir = tempDir('catalog-wrongtoken-');
    const centre = await startRealCentre(dir);
    running.push(centre);
    const proxy = await startCountingProxy(centre.url);
    running.push({ stop: proxy.close });
    const wrong = await createToken(centre.db, '12330100MB0000000K');
    const env = { CATALOG_TOKEN: wrong };
    const records = Array.from({ length: 30 }, (_, i) => makeRecord(i + 1, { provenance: { file: 'dept-2024.xlsx', sheet: '资源目录', row: i + 4 } }));
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), records);

    const r = await runCliAsync(['publish', file, '--centre', proxy.url, '-f', 'json'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/records', status: 403 }]);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ ok: false, accepted: [], pending: [], errors: [] });
    expect(j.rejected).toHaveLength(30);
    j.rejected.forEach((x: any, i: number) => {
      expect(x.source).toEqual({ file: 'dept-2024.xlsx', sheet: '资源目录', row: i + 4 });
      expect(x.reasons).toEqual([{ code: 'provider-mismatch', path: '/provider/code', message: `record ${i} belongs to provider ${PROVIDER}, the token acts for 12330100MB0000000K` }]);
    });

    // several batches, one at a time: the first answer says whom the token acts for; the rest are not sent
    proxy.log.length = 0;
    const many = await runCliAsync(['publish', file, '--centre', proxy.url, '--batch-size', '10', '--concurrency', '1', '--lang', 'en'], { cwd: dir, env });
    expect(many.code).toBe(3);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/records', status: 403 }]);
    expect(many.stdout).toContain('rejected 30');
    expect(many.stdout).toContain('301002/00030  dept-2024.xlsx › sheet 资源目录 › row 33');
    expect(many.stdout).toContain(`provider-mismatch /provider/code: the record is for provider ${PROVIDER} and the centre said the token acts for 12330100MB0000000K; not sent`);
    expect(await centre.json('/health')).toMatchObject({ records: 0 });

    // a signed package for the wrong provider: one upload, refused, every record rejected
    expect((await runCliAsync(['keygen', '-o', path.join(dir, 'k.key')], { cwd: dir })).code).toBe(0);
    const pkg = path.join(dir, 'dept.catpkg.zip');
    expect((await runCliAsync(['pack', file, '-o', pkg, '--sign', path.join(dir, 'k.key'), '--created', CREATED], { cwd: dir })).code).toBe(0);
    proxy.log.length = 0;
    const p = await runCliAsync(['publish', pkg, '--centre', proxy.url, '-f', 'json'], { cwd: dir, env });
    expect(p.code).toBe(3);
    expect(proxy.writes()).toEqual([{ method: 'POST', path: '/api/v1/packages', status: 403 }]);
    const pj = JSON.parse(p.stdout);
    expect(pj.packages[0]).toMatchObject({ status: 'refused', reasons: [{ code: 'provider-mismatch' }] });
    expect(pj.rejected).toHaveLength(30);
    expect(pj.rejected[0].reasons[0].message).toBe(`the package is for provider ${PROVIDER}, the token acts for 12330100MB0000000K`);
  });

  it('a batch with one record of another provider: that record rejected, the rest sent again once (two requests, no splitting)', async () => {
    const dir = tempDir('catalog-mixed-');
    const centre = await startRealCentre(dir);
    running.push(centre);
    const proxy = await startCountingProxy(centre.url);
    running.push({ stop: proxy.close });
    const token = await createToken(centre.db, PROVIDER);
    const records = Array.from({ length: 20 }, (_, i) => makeRecord(i + 1, i === 6 ? { provider: { name: '别的单位', code: '12330100MB0000000K' } } : {}));
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), records);
    const r = await runCliAsync(['publish', file, '--centre', proxy.url, '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    expect(r.code).toBe(3);
    expect(proxy.writes()).toEqual([
      { method: 'POST', path: '/api/v1/records', status: 403 },
      { method: 'POST', path: '/api/v1/records', status: 200 },
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.accepted).toHaveLength(19);
    expect(j.rejected).toEqual([{ key: '301002/00007', source: { file, line: 7 }, reasons: [expect.objectContaining({ code: 'provider-mismatch', path: '/provider/code' })] }]);
    expect(await centre.json('/health')).toMatchObject({ records: 19 });
  });
});
