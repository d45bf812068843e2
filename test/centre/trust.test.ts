import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordKey } from '../../src/model/identity.js';
import { packRecords } from '../../src/package/pack.js';
import { createToken, parseExpiry } from '../../src/centre/auth.js';
import { harvestRefusal } from '../../src/centre/ownership.js';
import type { StoredRecord } from '../../src/centre/store.js';
import type { AccessLog, AccessLogEntry } from '../../src/centre/access-log.js';
import { runCli } from '../helpers/cli.js';
import { startTestCentre, call, keyPath, serve, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';

/** Issue 14 §1: the holes found by the security review, each reproduced as it was found. */

const withdrawPackage = (provider: string, keys: string[], id: string) =>
  packRecords([], { created: '2024-06-01T00:00:00Z', previousPackageId: id, withdrawn: keys, provider: { name: '某部门', code: provider } });

describe('a package cannot withdraw another department\'s records', () => {
  for (const review of [false, true]) {
    it(`review ${review ? 'on' : 'off'}: manifest.withdrawn listing B's key → 403 not-owner, B's record stays published`, async () => {
      const c = await startTestCentre([PROVIDER_A, PROVIDER_B], { review });
      try {
        const b = recordOfB(1);
        const key = recordKey(b)!;
        expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens.admin, json: { records: [b] } })).json.status).toBe('accepted');
        const res = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_A], body: withdrawPackage(PROVIDER_A, [key], 'attack') });
        expect(res.status).toBe(403);
        expect(res.json.error).toMatchObject({ code: 'not-owner', details: { key, provider: PROVIDER_B, actsFor: PROVIDER_A, rejected: [{ key, withdrawal: true }] } });
        expect((await call(c.centre.url, 'GET', keyPath(key))).json.status).toBe('published');
        expect((await c.store.history(key)).map((h) => h.action)).toEqual(['create']);
      } finally {
        await c.stop();
      }
    });
  }

  it('a harvested record listed in withdrawn is rejected (foreign-origin), the rest of the package applies', async () => {
    const c = await startTestCentre([PROVIDER_A]);
    try {
      const [a1, a2] = guideRecords();
      await c.store.applyChanges([{ key: recordKey(a1)!, provider: PROVIDER_A, hash: 'h', status: 'published', origin: 'http://elsewhere.example', record: a1, action: 'harvest', actor: 'harvest:http://elsewhere.example' }]);
      expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: [a2] } })).json.status).toBe('accepted');
      const res = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.tokens[PROVIDER_A], body: withdrawPackage(PROVIDER_A, [recordKey(a1)!, recordKey(a2)!], 'mixed') });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ status: 'partial', withdrawn: [{ key: recordKey(a2) }], rejected: [{ key: recordKey(a1), withdrawal: true, issues: [{ code: 'foreign-origin' }] }] });
      expect((await c.store.getRecord(recordKey(a1)!))!.status).toBe('published');
    } finally {
      await c.stop();
    }
  });
});

describe('harvest writes', () => {
  it('never overwrite a local record nor one harvested from another origin; deleted headers only spare local ones', () => {
    const stored = (origin: string) => ({ key: 'k', provider: PROVIDER_A, hash: 'h', status: 'published', datestamp: '2024-01-01T00:00:00Z', origin, record: guideRecords()[0] }) as StoredRecord;
    expect(harvestRefusal(undefined, 'http://a.example')).toBeUndefined();
    expect(harvestRefusal(stored('local'), 'http://a.example')).toBe('harvest-local-conflict');
    expect(harvestRefusal(stored('http://a.example'), 'http://a.example')).toBeUndefined();
    expect(harvestRefusal(stored('http://a.example'), 'http://b.example')).toBe('harvest-origin-conflict');
    expect(harvestRefusal(stored('local'), undefined)).toBe('harvest-local-conflict');
    expect(harvestRefusal(stored('http://a.example'), undefined)).toBeUndefined();
  });
});

describe('a never-published submission and its history are private', () => {
  let c: TestCentre;
  const b = recordOfB(5, '危险货物运输许可信息');
  const key = recordKey(b)!;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_A, PROVIDER_B], { review: true });
    const r = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [b] } });
    expect(r.json.status).toBe('submitted');
  });
  afterAll(async () => c.stop());

  it('history: 404 for anonymous and other departments, 200 for the submitter and admins', async () => {
    for (const token of [undefined, c.tokens[PROVIDER_A]]) {
      const h = await call(c.centre.url, 'GET', `${keyPath(key)}/history`, { token });
      expect(h.status).toBe(404);
      expect(h.json.error.code).toBe('record-not-found');
      expect(h.text).not.toContain(b.title);
    }
    for (const token of [c.tokens[PROVIDER_B], c.tokens.admin]) {
      const h = await call(c.centre.url, 'GET', `${keyPath(key)}/history`, { token });
      expect(h.status).toBe(200);
      expect(h.json.items.map((i: { action: string }) => i.action)).toEqual(['submit']);
    }
  });

  it('the record itself: the submitter sees it, others get 404; a bad token is 401 even on these routes', async () => {
    expect((await call(c.centre.url, 'GET', keyPath(key))).status).toBe(404);
    expect((await call(c.centre.url, 'GET', keyPath(key), { token: c.tokens[PROVIDER_A] })).status).toBe(404);
    expect((await call(c.centre.url, 'GET', keyPath(key), { token: c.tokens[PROVIDER_B] })).json).toMatchObject({ status: 'submitted', record: { title: b.title } });
    expect((await call(c.centre.url, 'GET', keyPath(key), { token: 'cat_nope' })).json.error.code).toBe('token-invalid');
  });
});

describe('token expiry and last use', () => {
  it('parseExpiry takes durations, dates and UTC times in the future only', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseExpiry('90d', now)).toBe('2026-04-01T00:00:00Z');
    expect(parseExpiry('12h', now)).toBe('2026-01-01T12:00:00Z');
    expect(parseExpiry('2w', now)).toBe('2026-01-15T00:00:00Z');
    expect(parseExpiry('2027-03-01', now)).toBe('2027-03-01T00:00:00Z');
    expect(parseExpiry('2027-03-01T08:00:00Z', now)).toBe('2027-03-01T08:00:00Z');
    for (const bad of ['2025-12-31', '0d', '90', 'soon', '2027-02-30x', '-5d']) expect(parseExpiry(bad, now)).toBeUndefined();
  });

  it('an expired token is refused with 401 token-expired (zh and en); a live one records its last use', async () => {
    const c = await startTestCentre([PROVIDER_A]);
    try {
      const expired = await createToken(c.store, { provider: PROVIDER_A, expires: '2020-01-01T00:00:00Z' });
      const en = await call(c.centre.url, 'POST', '/api/v1/records', { token: expired.token, json: { records: guideRecords() } });
      expect(en.status).toBe(401);
      expect(en.json.error).toMatchObject({ code: 'token-expired', details: { expires: '2020-01-01T00:00:00Z' } });
      expect(en.json.error.message).toContain('expired at 2020-01-01T00:00:00Z');
      const zh = await call(c.centre.url, 'DELETE', keyPath('301002/00001'), { token: expired.token, headers: { 'accept-language': 'zh-CN' } });
      expect(zh.json.error.message).toContain('已于 2020-01-01T00:00:00Z 过期');
      expect(await c.store.getRecord('301002/00001')).toBeUndefined();

      const before = (await c.store.listTokens()).find((t) => t.provider === PROVIDER_A && !t.expires)!;
      expect(before.lastUsed).toBeUndefined();
      await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
      const after = (await c.store.listTokens()).find((t) => t.id === before.id)!;
      expect(Date.parse(after.lastUsed!)).toBeGreaterThan(Date.now() - 600_000);
    } finally {
      await c.stop();
    }
  });

  it('catalog centre token create --expires / token list show expiry and last use (text and json)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tok-'));
    const db = path.join(dir, 'c.sqlite');
    try {
      const created = runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--expires', '90d', '--format', 'json']);
      expect(created.code).toBe(0);
      const info = JSON.parse(created.stdout);
      expect(Date.parse(info.expires) - Date.now()).toBeGreaterThan(89 * 86_400_000);
      const bad = runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--expires', '2001-01-01']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--expires 2001-01-01 is not valid');
      expect(runCli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER_A, '--expires', 'soon', '--lang', 'zh']).stderr).toContain('--expires 的值“soon”无效');

      const s = serve(['--db', db, '--no-access-log']);
      try {
        const url = await s.url;
        expect((await call(url, 'GET', '/api/v1/submissions', { token: info.token })).json.error.code).toBe('admin-required');
      } finally {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      expect(s.output().stderr).not.toContain('{');
      const list = JSON.parse(runCli(['centre', 'token', 'list', '--db', db, '--format', 'json']).stdout);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: info.id, expires: info.expires, lastUsed: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
      const text = runCli(['centre', 'token', 'list', '--db', db]).stdout;
      expect(text).toContain(`expires ${info.expires}`);
      expect(text).toContain(`last used ${list[0].lastUsed}`);
      expect(text).not.toContain(info.token);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('access log', () => {
  it('one entry per request: route pattern, token id (never the token), provider, status, bytes, ms; x-request-id matches', async () => {
    const entries: AccessLogEntry[] = [];
    const log: AccessLog = { write: (e) => { entries.push(e); }, close: async () => {} };
    const c = await startTestCentre([PROVIDER_A], { accessLog: log });
    try {
      const ok = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
      const miss = await call(c.centre.url, 'GET', keyPath('no/such'));
      const none = await call(c.centre.url, 'GET', '/nothing/here');
      const refused = await call(c.centre.url, 'GET', '/api/v1/submissions', { token: c.tokens[PROVIDER_A] });
      await new Promise((r) => setTimeout(r, 50));
      expect(entries).toHaveLength(4);
      const tokenId = (await c.store.listTokens()).find((t) => t.provider === PROVIDER_A)!.id;
      expect(entries[0]).toMatchObject({ id: ok.headers.get('x-request-id'), method: 'POST', route: '/api/v1/records', token: tokenId, provider: PROVIDER_A, status: 200, bytes: Buffer.byteLength(ok.text) });
      expect(entries[1]).toMatchObject({ id: miss.headers.get('x-request-id'), method: 'GET', route: '/api/v1/records/{key}', token: null, provider: null, status: 404, error: 'record-not-found' });
      expect(entries[2]).toMatchObject({ route: null, status: 404, error: 'not-found', id: none.headers.get('x-request-id') });
      // a refused token is named too
      expect(entries[3]).toMatchObject({ route: '/api/v1/submissions', token: tokenId, provider: PROVIDER_A, status: 403, error: 'admin-required', bytes: Buffer.byteLength(refused.text) });
      for (const e of entries) {
        expect(e.id).toMatch(/^[0-9a-f]{16}$/);
        expect(Number.isNaN(Date.parse(e.time))).toBe(false);
        expect(e.ms).toBeGreaterThanOrEqual(0);
      }
      expect(JSON.stringify(entries)).not.toContain(c.tokens[PROVIDER_A]);
    } finally {
      await c.stop();
    }
  });

  it('catalog centre serve logs JSON lines to stderr by default, or to --access-log <file>', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alog-'));
    const db = path.join(dir, 'c.sqlite');
    const file = path.join(dir, 'access.jsonl');
    try {
      for (const args of [[], ['--access-log', file]]) {
        const s = serve(['--db', db, ...args]);
        try {
          const url = await s.url;
          expect((await call(url, 'GET', '/health')).status).toBe(200);
          expect((await call(url, 'GET', `${keyPath('a/b')}/history`)).status).toBe(404);
        } finally {
          s.child.kill('SIGTERM');
          await s.exited;
        }
        const text = args.length ? fs.readFileSync(file, 'utf8') : s.output().stderr;
        const lines = text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
        expect(lines.map((l) => [l.route, l.status])).toEqual([['/health', 200], ['/api/v1/records/{key}/history', 404]]);
      }
      const bad = runCli(['centre', 'serve', '--db', db, '--port', '0', '--access-log', path.join(dir, 'no', 'such', 'dir.log')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--access-log');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
