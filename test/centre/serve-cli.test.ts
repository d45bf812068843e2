import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { guideRecords, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { call, keyPath, runCliAsync, serve } from './helpers.js';

describe('catalog centre serve / token (real CLI)', () => {
  it('creates tokens, serves on a random port, enforces ownership, stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-'));
    const db = path.join(dir, 'centre.sqlite');
    try {
      const a = runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--format', 'json']);
      expect(a.code).toBe(0);
      const tokenA = JSON.parse(a.stdout).token as string;
      const b = runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_B]);
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/shown only this once/);
      const tokenB = b.stdout.trim().split('\n').pop()!;
      expect(tokenB).toMatch(/^cat_/);
      const list = runCli(['centre', 'token', 'list', '--db', db, '--format', 'json']);
      const tokens = JSON.parse(list.stdout);
      expect(tokens.map((t: { provider: string }) => t.provider).sort()).toEqual([PROVIDER_B, PROVIDER_A].sort());
      expect(list.stdout).not.toContain(tokenA);
      expect(fs.readFileSync(db).includes(Buffer.from(tokenA))).toBe(false);

      const s = serve(['--db', db]);
      const url = await s.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await call(url, 'POST', '/api/v1/records', { token: tokenA, json: { records: guideRecords() } });
      expect(ok.json.status).toBe('accepted');
      const denied = await call(url, 'DELETE', keyPath('301002/00001'), { token: tokenB });
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe('not-owner');

      // revoke B while the server runs: its next request is refused. Not runCli: a blocked event loop
      // (seconds on a busy machine) outlives the server's keep-alive timeout, and the next fetch would
      // reuse the socket the server has just closed ("other side closed").
      const idB = tokens.find((t: { provider: string }) => t.provider === PROVIDER_B).id;
      expect((await runCliAsync(['centre', 'token', 'revoke', idB, '--db', db])).code).toBe(0);
      expect((await call(url, 'DELETE', keyPath('301002/00001'), { token: tokenB })).status).toBe(401);
      expect(runCli(['centre', 'token', 'revoke', idB, '--db', db]).code).toBe(1);

      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.output().stderr).toContain('stopping');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--fault-every needs CATALOG_CENTRE_TEST_FAULTS=1; with it, every Nth write is a 503', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-'));
    const db = path.join(dir, 'centre.sqlite');
    try {
      const refused = runCli(['centre', 'serve', '--db', db, '--port', '0', '--fault-every', '2'], { env: { CATALOG_CENTRE_TEST_FAULTS: '' } });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('CATALOG_CENTRE_TEST_FAULTS=1');
      const token = runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--format', 'json']);
      const s = serve(['--db', db, '--fault-every', '3'], { CATALOG_CENTRE_TEST_FAULTS: '1' });
      const url = await s.url;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(url, 'POST', '/api/v1/records', { token: JSON.parse(token.stdout).token, json: { records: [] } })).status);
      expect(statuses).toEqual([200, 200, 503]);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with one line', () => {
    for (const args of [['centre', 'serve', '--port', '0'], ['centre', 'serve', '--db', 'x.sqlite', '--port', 'abc'], ['centre', 'token', 'create', '--db', 'x.sqlite']]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    }
    const kdir = fs.mkdtempSync(path.join(os.tmpdir(), 'key-'));
    try {
      expect(runCli(['keygen', '--alg', 'ed25519', '-o', path.join(kdir, 'dept')]).code).toBe(0);
      const db = path.join(kdir, 'c.sqlite');
      expect(runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--public-key', path.join(kdir, 'nope.pub')]).code).toBe(2);
      expect(runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--public-key', path.join(kdir, 'dept.pub')]).code).toBe(0);
      expect(runCli(['centre', 'token', 'list', '--db', db]).stdout).toContain('signed-packages-only');
    } finally {
      fs.rmSync(kdir, { recursive: true, force: true });
    }
    const notDb = runCli(['centre', 'token', 'create', '--db', path.join(ROOT, 'package.json'), '--provider', 'x']);
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toMatch(/^catalog: cannot open the centre database .*package\.json/);
    const missing = runCli(['centre', 'token', 'list', '--db', '/nonexistent/dir/c.sqlite']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^catalog: /);
  });
});
