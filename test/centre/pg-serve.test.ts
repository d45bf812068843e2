import { spawn, type ChildProcess } from 'node:child_process';
import { usccCheckChar } from '../../src/validate/identifiers.js';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import pg from 'pg';
import type { CatalogRecord } from '../../src/model/record.js';
import { recordKey } from '../../src/model/identity.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call, keyPath, runCliAsync } from './helpers.js';
import { guideRecords } from './fixtures.js';

/**
 * Several `catalog centre serve` processes on one PostgreSQL database behave as one centre:
 * 10 departments publish at once, every batch sent to BOTH processes at the same moment, and
 * withdraw on both at once; counts, history and OAI-PMH paging across processes come out exact.
 */

const PUBLISHERS = 10;
const BATCHES = 4;
const PER_BATCH = 10;
const WITHDRAW_EACH = 5;

// Checksum-valid 统一社会信用代码 (GB 32100), one per department.
const providerCode = (p: number) => { const base = `11330100MB00000${String(p).padStart(2, '0')}`; return base + usccCheckChar(base); };

function record(p: number, n: number): CatalogRecord {
  const base = guideRecords()[n % 2];
  return {
    ...base,
    title: `第${p}部门 数据资源 ${n}`,
    resourceCode: `3${String(p).padStart(2, '0')}001/${String(n).padStart(5, '0')}`,
    directoryClass: { class: '3', item: String(p).padStart(2, '0'), heading: '001' },
    provider: { name: `某市第${p}部门`, code: providerCode(p) },
  };
}

/** History lines per action, straight from the database. */
async function historyCounts(url: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT action, count(*)::int AS n FROM history GROUP BY action ORDER BY action');
    return Object.fromEntries(rows.map((r) => [r.action, r.n]));
  } finally {
    await c.end();
  }
}

interface Server { child: ChildProcess; url: string; stderr: () => string }

function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'centre', 'serve', '--port', '0', '--oai-page-size', '7', ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', ...env },
    });
    let out = '';
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1].replace(/\/$/, ''), stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`centre exited with ${code}: ${err}`)));
  });
}

function stop(s: Server | undefined): Promise<void> {
  if (!s || s.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
  });
}

describe.skipIf(!testPgUrl())(`two centre processes on one PostgreSQL database${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  let db: { url: string; drop: () => Promise<void> };
  let a: Server | undefined;
  let b: Server | undefined;
  const tokens: Record<number, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('serve');
    // Tokens from 10 CLI processes at once on a fresh database: they race to migrate the schema.
    const made = await Promise.all(Array.from({ length: PUBLISHERS }, (_, p) =>
      runCliAsync(['centre', 'token', 'create', '--provider', providerCode(p), '--format', 'json'], { CATALOG_DB: db.url })));
    made.forEach((r, p) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      tokens[p] = JSON.parse(r.stdout).token;
    });
    // One process named by --db, the other by CATALOG_DB.
    [a, b] = await Promise.all([serve(['--db', db.url]), serve([], { CATALOG_DB: db.url })]);
  });

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await db?.drop();
  });

  it('10 publishers sending every batch to both processes at once end with exact records and history', async () => {
    const both = [a!.url, b!.url];
    const answers = await Promise.all(Array.from({ length: PUBLISHERS }, async (_, p) => {
      const out = [];
      for (let i = 0; i < BATCHES; i++) {
        const records = Array.from({ length: PER_BATCH }, (_, j) => record(p, i * PER_BATCH + j + 1));
        // the same batch on both processes at the same moment (a retried upload landing on the other server)
        out.push(...(await Promise.all(both.map((base) => call(base, 'POST', '/api/v1/records', { token: tokens[p], json: { records } })))));
      }
      return out;
    }));
    for (const r of answers.flat()) {
      expect(r.status).toBe(200);
      expect(r.json.rejected).toEqual([]);
      expect(r.json.accepted.length + r.json.unchanged.length).toBe(PER_BATCH);
    }
    const total = PUBLISHERS * BATCHES * PER_BATCH;
    for (const base of both) expect((await call(base, 'GET', '/health')).json.records).toBe(total);
    for (let p = 0; p < PUBLISHERS; p++) {
      const r = await call(b!.url, 'GET', `/api/v1/records?provider=${providerCode(p)}&pageSize=1`);
      expect(r.json.total).toBe(BATCHES * PER_BATCH);
    }
    // no duplicate history: each record was created exactly once although it was registered twice
    expect(await historyCounts(db.url)).toEqual({ create: total });
    for (let p = 0; p < PUBLISHERS; p++) {
      const key = recordKey(record(p, p + 1))!;
      const h = await call(a!.url, 'GET', `${keyPath(key)}/history`);
      expect(h.json.items.map((x: { action: string }) => x.action)).toEqual(['create']);
    }
  });

  it('withdrawals sent to both processes at once are all kept, once each', async () => {
    const both = [a!.url, b!.url];
    const res = await Promise.all(Array.from({ length: PUBLISHERS }, (_, p) => Promise.all(
      Array.from({ length: WITHDRAW_EACH }, (_, n) => recordKey(record(p, n * 7 + 1))!)
        .flatMap((key) => both.map((base) => call(base, 'DELETE', keyPath(key), { token: tokens[p] }))),
    )));
    for (const r of res.flat()) expect(r.json).toMatchObject({ status: 'withdrawn' });
    const total = PUBLISHERS * BATCHES * PER_BATCH;
    const withdrawn = PUBLISHERS * WITHDRAW_EACH;
    for (const base of both) expect((await call(base, 'GET', '/health')).json.records).toBe(total - withdrawn);
    expect(await historyCounts(db.url)).toEqual({ create: total, withdraw: withdrawn });
    for (let p = 0; p < PUBLISHERS; p++) {
      const key = recordKey(record(p, 1))!;
      const got = await call(b!.url, 'GET', keyPath(key));
      expect(got.json.status).toBe('withdrawn');
      const h = await call(a!.url, 'GET', `${keyPath(key)}/history`);
      expect(h.json.items.map((x: { action: string }) => x.action)).toEqual(['create', 'withdraw']);
    }
  });

  it('pages OAI-PMH across the two processes with the same resumption tokens', async () => {
    const bases = [a!.url, b!.url];
    const ids = new Set<string>();
    let deleted = 0;
    let pages = 0;
    let query = 'verb=ListIdentifiers&metadataPrefix=oai_dc';
    for (;;) {
      // alternate: the token from one process is answered by the other
      const r = await call(bases[pages % 2], 'GET', `/oai?${query}`);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain('<error');
      for (const m of r.text.matchAll(/<header( status="deleted")?><identifier>([^<]+)<\/identifier>/g)) {
        expect(ids.has(m[2])).toBe(false);
        ids.add(m[2]);
        if (m[1]) deleted++;
      }
      pages++;
      const token = /<resumptionToken[^>]*>([^<]+)<\/resumptionToken>/.exec(r.text)?.[1];
      if (!token) break;
      query = `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}`;
    }
    expect(ids.size).toBe(PUBLISHERS * BATCHES * PER_BATCH);
    expect(deleted).toBe(PUBLISHERS * WITHDRAW_EACH);
    expect(pages).toBe(Math.ceil(ids.size / 7));
  });
});

describe.skipIf(!testPgUrl())(`review on two centre processes on one PostgreSQL database${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  let db: { url: string; drop: () => Promise<void> };
  let a: Server | undefined;
  let b: Server | undefined;
  let dept = '';
  let admin = '';

  beforeAll(async () => {
    db = await createTestDatabase('review');
    const made = await Promise.all([
      runCliAsync(['centre', 'token', 'create', '--provider', providerCode(1), '--format', 'json'], { CATALOG_DB: db.url }),
      runCliAsync(['centre', 'token', 'create', '--provider', 'admin', '--admin', '--format', 'json'], { CATALOG_DB: db.url }),
    ]);
    for (const r of made) expect(r.code).toBe(0);
    [dept, admin] = made.map((r) => JSON.parse(r.stdout).token);
    [a, b] = await Promise.all([serve(['--db', db.url, '--review']), serve(['--db', db.url, '--review'])]);
  });

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await db?.drop();
  });

  it('an older submission approved on one process after a newer one was published on the other is refused (409), the newer content stays', async () => {
    const base = record(1, 1);
    const key = recordKey(base)!;
    // published first (reviewed), then two changes wait for review
    const submit = async (abstract: string) => {
      const r = await call(a!.url, 'POST', '/api/v1/records', { token: dept, json: { records: [{ ...base, abstract }] } });
      expect(r.json.status).toBe('submitted');
      return r.json.submissions[0] as number;
    };
    const review = (url: string, id: number, lang = 'en') =>
      call(url, 'POST', `/api/v1/submissions/${id}/review`, { token: admin, json: { decision: 'publish' }, headers: { 'accept-language': lang } });
    expect((await review(b!.url, await submit('初版摘要'))).status).toBe(200);
    const older = await submit('修改一');
    const newer = await submit('修改二');

    const pub = await review(b!.url, newer);
    expect(pub.json).toMatchObject({ status: 'published', superseded: [older] });
    const stale = await review(a!.url, older, 'zh-CN');
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'submission-superseded', details: { id: older, key, newer } });
    expect(stale.json.error.message).toContain(`待审记录 ${older}`);
    expect(stale.json.error.message).toContain(`${newer} 已发布`);
    for (const url of [a!.url, b!.url]) expect((await call(url, 'GET', keyPath(key))).json.record.abstract).toBe('修改二');
    const list = await call(a!.url, 'GET', '/api/v1/submissions?status=all', { token: admin });
    expect(list.json.items.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([[older - 1, 'published'], [older, 'superseded'], [newer, 'published']]);
    // the submissions' own states: for the submitter and admins only (docs/security.md)
    expect((await call(a!.url, 'GET', `${keyPath(key)}/history`, { token: admin })).json.items.map((h: { action: string }) => h.action)).toEqual(['submit', 'publish', 'publish']);
  });
});
