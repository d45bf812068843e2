import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import diagnostics_channel from 'node:diagnostics_channel';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCentre, type RunningCentre } from '../../src/centre/server.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { openPgStore } from '../../src/centre/pg-store.js';
import { createToken } from '../../src/centre/auth.js';
import type { CentreStore } from '../../src/centre/store.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { packRecords } from '../../src/package/pack.js';
import { INTAKE_CHANNEL } from '../../src/centre/intake-phase.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call } from './helpers.js';
import { guideRecords } from './fixtures.js';

/**
 * The centre's package intake (POST /api/v1/packages) streams the body to a temp file and verifies it as a stream,
 * giving way to other requests: while a large valid package is verified and registered, /health and a search are
 * answered before the upload's answer; the temp file is gone afterwards on every path (accepted, refused, client
 * gone, server closed). On both stores. Ordering is asserted, never a duration.
 */

const base = guideRecords()[1];
const rec = (i: number): CatalogRecord => ({ ...base, title: `行政处罚决定书（${i}）`, resourceCode: `301002/${String(i).padStart(6, '0')}`, relatedResourceCodes: undefined });
const COUNT = 20_000;
const created = '2026-01-01T00:00:00Z';

interface Centre { centre: RunningCentre; store: CentreStore; token: string; temp: string; stop(): Promise<void> }

async function open(kind: 'sqlite' | 'pg'): Promise<Centre> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-'));
  const temp = path.join(dir, 'uploads');
  fs.mkdirSync(temp);
  let store: CentreStore;
  let dropDb = async () => {};
  if (kind === 'sqlite') store = new SqliteStore(path.join(dir, 'c.sqlite'));
  else {
    const db = await createTestDatabase('intake');
    store = await openPgStore(db.url);
    dropDb = db.drop;
  }
  const token = (await createToken(store, { provider: base.provider!.code! })).token;
  const centre = await startCentre({ store, port: 0, warm: true, tempDir: temp });
  return { centre, store, token, temp, async stop() { await centre.close(); await dropDb(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** Resolves when the temp dir holds a file of `size` bytes (the whole body received), polling every 5 ms. */
async function bodyReceived(dir: string, size: number): Promise<void> {
  for (;;) {
    const full = fs.readdirSync(dir).some((f) => { try { return fs.statSync(path.join(dir, f)).size === size; } catch { return false; } });
    if (full) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves when the temp dir is empty (polling); rejects after `ms`. */
async function emptied(dir: string, ms = 30_000): Promise<string[]> {
  const until = Date.now() + ms;
  while (fs.readdirSync(dir).length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return fs.readdirSync(dir);
}

/** Send the first `part` bytes of a package and leave the request open; returns the request and a settled flag. */
function partialUpload(url: string, token: string, zip: Uint8Array, part: number): http.ClientRequest {
  const req = http.request(url + '/api/v1/packages', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip', 'content-length': String(zip.length) } });
  req.on('error', () => { /* aborted on purpose */ });
  req.write(zip.subarray(0, part));
  return req;
}

const STORES = [['sqlite', true], ['pg', !!testPgUrl()]] as const;

describe.each(STORES)('package intake on %s', (kind, available) => {
  if (!available) { it.skip(PG_SKIP_MESSAGE, () => {}); return; }
  let c: Centre;
  let zip: Uint8Array;
  let more: Uint8Array; // COUNT other records
  beforeAll(async () => {
    zip = packRecords(Array.from({ length: COUNT }, (_, i) => rec(i)), { created });
    more = packRecords(Array.from({ length: COUNT }, (_, i) => rec(COUNT + i)), { created });
    c = await open(kind);
  }, 120_000);
  afterAll(() => c?.stop());

  it('a large valid package: /health and a search are answered before the upload, which registers every record', async () => {
    const order: string[] = [];
    const upload = call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: zip }).then((r) => { order.push('upload'); return r; });
    await bodyReceived(c.temp, zip.length);
    // the body is in: the centre is verifying (or registering) it, and still answers others
    const health = call(c.centre.url, 'GET', '/health').then((r) => { order.push('health'); return r; });
    const search = call(c.centre.url, 'GET', '/api/v1/records?q=%E8%A1%8C%E6%94%BF').then((r) => { order.push('search'); return r; });
    const [u, h, s] = await Promise.all([upload, health, search]);
    expect(h.status).toBe(200);
    expect(s.status).toBe(200);
    expect(u.status).toBe(200);
    expect(u.json.accepted).toHaveLength(COUNT);
    expect(order.indexOf('health')).toBeLessThan(order.indexOf('upload'));
    expect(order.indexOf('search')).toBeLessThan(order.indexOf('upload'));
    expect((await call(c.centre.url, 'GET', '/health')).json.records).toBe(COUNT);
    expect(await emptied(c.temp)).toEqual([]);
  }, 300_000);

  it('while a large package is being registered, /health answers and counts none of its records yet', async () => {
    const before = (await call(c.centre.url, 'GET', '/health')).json.records as number;
    // the registration's apply phase (intake-phase.ts) has begun: its slices are being written in one transaction
    const applying = new Promise<void>((resolve) => {
      const on = (m: unknown) => { if ((m as { phase: string }).phase === 'apply') { diagnostics_channel.unsubscribe(INTAKE_CHANNEL, on); resolve(); } };
      diagnostics_channel.subscribe(INTAKE_CHANNEL, on);
    });
    const order: string[] = [];
    const upload = call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: more }).then((r) => { order.push('upload'); return r; });
    await applying;
    const health = await call(c.centre.url, 'GET', '/health');
    order.push('health');
    const u = await upload;
    expect(health.status).toBe(200);
    expect(health.json.records).toBe(before);
    expect(order).toEqual(['health', 'upload']);
    expect(u.status).toBe(200);
    expect(u.json.accepted).toHaveLength(COUNT);
    expect((await call(c.centre.url, 'GET', '/health')).json.records).toBe(before + COUNT);
  }, 300_000);

  it('refused packages (422 damaged, 400 empty) leave no temp file', async () => {
    const damaged = Buffer.from(zip.subarray(0, 200_000));
    const r = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: damaged });
    expect(r.status).toBe(422);
    const empty = await call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect(await emptied(c.temp)).toEqual([]);
  }, 60_000);

  it('a client that goes away mid-upload leaves no temp file, and the centre goes on answering', async () => {
    const req = partialUpload(c.centre.url, c.token, zip, Math.floor(zip.length / 2));
    await new Promise((r) => setTimeout(r, 50));
    while (!fs.readdirSync(c.temp).length) await new Promise((r) => setTimeout(r, 5));
    req.destroy();
    expect(await emptied(c.temp)).toEqual([]);
    expect((await call(c.centre.url, 'GET', '/health')).status).toBe(200);
  }, 60_000);
});

describe('package intake when the centre closes', () => {
  it('an upload in flight when the centre closes leaves no temp file', async () => {
    const c = await open('sqlite');
    const zip = packRecords([rec(1), rec(2)], { created });
    const req = partialUpload(c.centre.url, c.token, zip, 100);
    while (!fs.readdirSync(c.temp).length) await new Promise((r) => setTimeout(r, 5));
    const closed = c.centre.close();
    req.destroy();
    await closed;
    expect(fs.readdirSync(c.temp)).toEqual([]);
    await c.stop();
  }, 60_000);
});
