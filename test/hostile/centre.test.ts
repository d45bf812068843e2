import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { BIN, ROOT, fixture } from '../helpers/cli.js';
import { rawZip } from '../helpers/rawzip.js';
import { startCentre } from '../../src/centre/server.js';
import { openSqliteStore } from '../../src/centre/sqlite-store.js';
import { cli, tmpDir, isRefusal } from './helpers.js';

/** Hostile clients against the real `catalog centre serve` (127.0.0.1, random port, temp SQLite). */
const PROVIDER = '11330100002482170H';
const base = JSON.parse(fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').trim().split('\n')[1]);
/** Record number i (< 100,000) of the fixture's class 3-01-002: a unique 信息资源代码 per i. */
const record = (i: number) => ({ ...base, title: `行政处罚决定书（${i}）`, resourceCode: `301002/${String(i).padStart(5, '0')}`, relatedResourceCodes: undefined });

interface Centre { url: string; child: ChildProcess; exited: Promise<number | null> }
function serve(db: string, extra: string[] = []): Promise<Centre> {
  const child = spawn(process.execPath, [BIN, 'centre', 'serve', '--db', db, '--port', '0', ...extra], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
  return new Promise((resolve, reject) => {
    let seen = '';
    const on = (d: Buffer) => { seen += d; const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen); if (m) resolve({ url: m[0], child, exited }); };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    void exited.then((c) => reject(new Error(`centre exited ${c}: ${seen}`)));
  });
}
async function stop(c: Centre) {
  if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGTERM');
  await c.exited;
}

let dir: string, token: string;
beforeAll(async () => {
  dir = tmpDir();
  const r = await cli(['centre', 'token', 'create', '--db', path.join(dir, 'a.sqlite'), '--provider', PROVIDER]);
  expect(r.code).toBe(0);
  token = r.stdout.trim().split('\n').pop()!.trim();
  fs.copyFileSync(path.join(dir, 'a.sqlite'), path.join(dir, 'template.sqlite'));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh database holding the one token. */
const freshDb = (name: string) => { const f = path.join(dir, name); fs.copyFileSync(path.join(dir, 'template.sqlite'), f); return f; };
const post = (url: string, body: string | Uint8Array, type = 'application/json') =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: typeof body === 'string' ? body : Buffer.from(body), signal: AbortSignal.timeout(30_000) });

describe('centre request limits and malformed input', () => {
  let c: Centre;
  beforeAll(async () => { c = await serve(freshDb('limits.sqlite'), ['--max-body', '65536', '--max-batch', '50', '--max-field', '1000', '--max-list-text', '20']); }, 60_000);
  afterAll(() => stop(c));

  it('a body over --max-body gets 413 body-too-large', async () => {
    const res = await post(c.url + '/api/v1/records', JSON.stringify({ records: [{ ...record(1), abstract: '长'.repeat(100_000) }] }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body-too-large');
  });

  it.each([['{"records": [', 'invalid-json'], ['\u0000\u0001garbage', 'invalid-json'], ['{"records": 5}', 'invalid-body'], ['[]', 'invalid-body']])('malformed body %j → 400 %s', async (body, code) => {
    const res = await post(c.url + '/api/v1/records', body);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(code);
  });

  it('more than 1000 records in one batch → 413 too-many-records', async () => {
    const res = await post(c.url + '/api/v1/records', JSON.stringify({ records: Array.from({ length: 1001 }, () => ({})) }));
    expect([413, 400]).toContain(res.status);
  });

  it('hostile packages (../, absolute path, duplicate entry, oversized manifest) → 422 package-invalid; verify exits 1', async () => {
    const manifest = new TextEncoder().encode('{"format":"catalog-package"}');
    const cases: Record<string, { name: string; data: Uint8Array }[]> = {
      'traversal': [{ name: 'manifest.json', data: manifest }, { name: '../evil.jsonl', data: new Uint8Array([123, 125]) }],
      'absolute': [{ name: 'manifest.json', data: manifest }, { name: '/etc/evil.jsonl', data: new Uint8Array([123, 125]) }],
      'duplicate': [{ name: 'manifest.json', data: manifest }, { name: 'manifest.json', data: manifest }],
      'oversized-manifest': [{ name: 'manifest.json', data: new TextEncoder().encode('{"pad":"' + 'x'.repeat(2 * 1024 * 1024) + '"}') }],
    };
    for (const [name, entries] of Object.entries(cases)) {
      const bytes = rawZip(entries);
      const res = await post(c.url + '/api/v1/packages', bytes, 'application/zip');
      if (name === 'oversized-manifest') expect([413, 422], name).toContain(res.status);
      else expect(res.status, name).toBe(422);
      const body = await res.json();
      expect(body.error.code, name).toMatch(/package-invalid|body-too-large/);
      const file = path.join(dir, `${name}.catpkg.zip`);
      fs.writeFileSync(file, bytes);
      const v = await cli(['verify', file]);
      expect(v.timedOut, name).toBe(false);
      expect(v.code, `${name}: ${v.stdout}${v.stderr}`).toBe(1);
      expect(v.stdout + v.stderr).toMatch(/unsafe|duplicate|too large|manifest/i);
    }
    // Nothing of them was registered.
    expect((await (await fetch(c.url + '/health')).json()).records).toBe(0);
  });

  it('the serve flags set the limits: --max-batch, --max-field, --max-list-text', async () => {
    const many = await post(c.url + '/api/v1/records', JSON.stringify({ records: Array.from({ length: 51 }, (_, i) => record(900 + i)) }));
    expect(many.status).toBe(413);
    expect((await many.json()).error).toMatchObject({ code: 'too-many-records', details: { limit: 50, flag: '--max-batch' } });
    const long = await post(c.url + '/api/v1/records', JSON.stringify({ records: [{ ...record(950), abstract: '长'.repeat(1001) }, { ...record(951), abstract: '长'.repeat(1000) }] }));
    const ans = await long.json();
    expect(ans.rejected[0].issues[0]).toMatchObject({ code: 'field-too-long', params: { limit: 1000, flag: '--max-field' } });
    expect(ans.accepted.map((a: { key: string }) => a.key)).toEqual(['301002/00951']);
    const list = await (await fetch(c.url + '/api/v1/records?q=' + encodeURIComponent('行政处罚决定书（951）'))).json();
    expect(list.items[0].abstract).toBe('长'.repeat(20) + '…');
  });

  it.each([['--max-field', '0'], ['--max-batch', 'many'], ['--max-package', '-1']])('serve %s %s is a usage error (exit 2)', async (flag, value) => {
    const r = await cli(['centre', 'serve', '--db', freshDb('bad-flag.sqlite'), '--port', '0', flag, value]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${flag} ${value}`);
  });
});

describe('slow clients', () => {
  it('a client that trickles its headers (slowloris) is cut off by the server', async () => {
    const store = openSqliteStore(path.join(dir, 'slow.sqlite'));
    const centre = await startCentre({ store, port: 0, headersTimeoutMs: 1500, requestTimeoutMs: 3000 });
    try {
      const sock = net.connect(centre.port, '127.0.0.1');
      let answer = '';
      sock.on('data', (d) => (answer += d));
      sock.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      let n = 0;
      const drip = setInterval(() => { if (!sock.destroyed) sock.write(`X-Slow-${n++}: 1\r\n`); }, 300);
      // Bounded: the test fails (instead of hanging) if the server never closes the connection.
      const closed = await Promise.race([new Promise<boolean>((res) => sock.on('close', () => res(true))), new Promise<boolean>((res) => setTimeout(() => res(false), 20_000))]);
      clearInterval(drip);
      sock.destroy();
      expect(closed).toBe(true);
      expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
      // The server still answers others.
      expect((await fetch(centre.url + '/health')).status).toBe(200);
    } finally {
      await centre.close();
    }
  }, 60_000);
});

/** Publishers post batches of fresh records until `until`; returns every key the centre acknowledged (accepted). */
async function publishers(url: string, count: number, until: () => boolean, run: number, perPublisher: number, offset: number): Promise<{ acked: string[]; errors: number; statuses: number[] }> {
  const statuses: number[] = [];
  const acked: string[] = [];
  let errors = 0;
  await Promise.all(Array.from({ length: count }, async (_, p) => {
    for (let b = 0; !until() && (b + 1) * 10 <= perPublisher; b++) {
      const recs = Array.from({ length: 10 }, (_, i) => record(offset + p * perPublisher + b * 10 + i));
      try {
        const res = await post(url + '/api/v1/records', JSON.stringify({ records: recs, batchId: `r${run}-p${p}-b${b}` }));
        if (res.status !== 200) { errors++; statuses.push(res.status); continue; }
        const ans = await res.json();
        for (const a of ans.accepted as { key: string }[]) acked.push(a.key);
      } catch {
        errors++;
        if (until()) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }));
  return { acked, errors, statuses };
}

describe('concurrent publishers and crashes', () => {
  it('20 concurrent publishers for a bounded time: every acknowledged record is there once, nothing else', async () => {
    const c = await serve(freshDb('concurrent.sqlite'));
    try {
      const end = Date.now() + 15_000;
      const { acked, errors, statuses } = await publishers(c.url, 20, () => Date.now() > end, 1, 4000, 0);
      expect(errors, String(statuses.slice(0, 5))).toBe(0);
      expect(acked.length).toBeGreaterThan(0);
      expect(new Set(acked).size).toBe(acked.length);
      const health = await (await fetch(c.url + '/health')).json();
      expect(health.records).toBe(acked.length);
      // a page far past the end, so the search counts exactly up to it (200,000 records)
      const list = await (await fetch(`${c.url}/api/v1/records?provider=${PROVIDER}&pageSize=200&page=1000`)).json();
      expect(list).toMatchObject({ total: acked.length, totalExact: true });
    } finally {
      await stop(c);
    }
  }, 120_000);

  it('kill -9 of the centre during ingest loses no acknowledged record', async () => {
    const db = freshDb('crash.sqlite');
    const c = await serve(db);
    let killed = false;
    setTimeout(() => { killed = true; c.child.kill('SIGKILL'); }, 4000);
    const { acked } = await publishers(c.url, 8, () => killed, 2, 2000, 80_000);
    await c.exited;
    expect(acked.length).toBeGreaterThan(0);
    const again = await serve(db);
    try {
      for (const key of acked) {
        const res = await fetch(`${again.url}/api/v1/records/${encodeURIComponent(key)}`);
        expect(res.status, key).toBe(200);
      }
      const health = await (await fetch(again.url + '/health')).json();
      expect(health.records).toBeGreaterThanOrEqual(acked.length);
    } finally {
      await stop(again);
    }
  }, 120_000);
});

it('the CLI refuses a missing database directory cleanly', async () => {
  const r = await cli(['centre', 'serve', '--db', path.join(dir, 'no', 'such', 'dir', 'x.sqlite'), '--port', '0'], { timeoutMs: 30_000 });
  expect(r.timedOut).toBe(false);
  expect(isRefusal(r, 2) || isRefusal(r, 3)).toBe(true);
});
