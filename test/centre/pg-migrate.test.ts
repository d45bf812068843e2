import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { contentHash, recordKey } from '../../src/model/identity.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { PgStore } from '../../src/centre/pg-store.js';
import { createToken, hashToken } from '../../src/centre/auth.js';
import { LOCAL_ORIGIN, type RecordChange, type StoredRecord } from '../../src/centre/store.js';
import { runCli } from '../helpers/cli.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { guideRecords } from './fixtures.js';
import { treeStoreOf } from '../../src/centre/tree/store.js';
import { SqliteTreeStore } from '../../src/centre/tree/sqlite.js';

const change = (r: CatalogRecord, extra: Partial<RecordChange> = {}): RecordChange => ({
  key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), status: 'published', origin: LOCAL_ORIGIN, record: r,
  action: 'create', actor: 'tok1', ...extra,
});

/** Record `n` of department `d` (5 departments), with Chinese text that varies per record. */
function rec(d: number, n: number): CatalogRecord {
  const base = guideRecords()[n % 2];
  return {
    ...base,
    title: `${['人口', '法人', '交通', '教育', '卫生'][d]}数据资源 第${n}号`,
    resourceCode: `30${d + 1}00${d}/${String(n).padStart(5, '0')}`,
    directoryClass: { class: '3', item: `0${d + 1}`, heading: `00${d}` },
    provider: { name: `某市第${d + 1}局`, code: `11330100MB000000${d}X` },
    keywords: [`关键词${n % 7}`],
  };
}

/** An embedded centre with a bit of everything: updates, withdrawals, harvested records, reviews, tokens, answers, harvest state. */
async function buildSqliteCentre(file: string) {
  const s = new SqliteStore(file);
  const all: CatalogRecord[] = [];
  for (let d = 0; d < 5; d++) for (let n = 1; n <= 60; n++) all.push(rec(d, n));
  for (let i = 0; i < all.length; i += 50) await s.applyChanges(all.slice(i, i + 50).map((r) => change(r)));
  await s.applyChanges(all.slice(0, 40).map((r) => change({ ...r, abstract: `${r.abstract}（已更新）` }, { action: 'update' })));
  await s.applyChanges(all.slice(40, 55).map((r) => change(r, { status: 'withdrawn', action: 'withdraw', comment: '停止提供' })));
  const harvested = rec(4, 99);
  await s.applyChanges([change(harvested, { origin: 'http://district.example:8080', action: 'harvest', actor: 'harvest:http://district.example:8080', datestamp: '2024-05-01T08:00:00Z' })]);
  const secrets = [await createToken(s, { provider: '11330100MB0000000X', label: '人口局' }), await createToken(s, { provider: 'admin', admin: true })];
  await s.revokeToken((await createToken(s, { provider: '11330100MB0000001X' })).info.id);
  await createToken(s, { provider: '11330100MB0000002X', publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAexample\n-----END PUBLIC KEY-----' });
  const subs = await s.createSubmissions([rec(0, 201), rec(0, 202), rec(0, 203)].map((r) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), record: r, actor: 'tok1' })));
  await s.applyChanges([rec(0, 201), rec(0, 202), rec(0, 203)].map((r) => change(r, { status: 'submitted', action: 'submit' })));
  await s.reviewSubmission(subs[0].id, { status: 'published', reviewer: 'adm', comment: '同意' }, change(rec(0, 201), { action: 'publish', actor: 'admin:adm' }));
  await s.reviewSubmission(subs[1].id, { status: 'returned', reviewer: 'adm', comment: '请补充信息项' }, change(rec(0, 202), { status: 'returned', action: 'return', actor: 'admin:adm' }));
  // a newer submission for the third key, published: the third one becomes superseded
  const newer = { ...rec(0, 203), abstract: '第二次提交' };
  const [sub4] = await s.createSubmissions([{ key: recordKey(newer)!, provider: newer.provider.code!, hash: contentHash(newer), record: newer, actor: 'tok1' }]);
  await s.reviewSubmission(sub4.id, { status: 'published', reviewer: 'adm' }, change(newer, { action: 'publish', actor: 'admin:adm' }));
  // a submission for a published record, then the record withdrawn: the submission is superseded by that withdrawal
  const pendingChange = { ...all[0], abstract: '待审的修改' };
  await s.createSubmissions([{ key: recordKey(pendingChange)!, provider: pendingChange.provider.code!, hash: contentHash(pendingChange), record: pendingChange, actor: 'tok1' }]);
  await s.applyChanges([change(all[0], { status: 'withdrawn', action: 'withdraw', comment: '停止提供' })]);
  await s.saveAnswer('package:abc', 'h1', { status: 'accepted', accepted: [{ key: 'k', hash: 'h' }] });
  await s.saveAnswer('batch:b1', 'h2', { status: 'partial', rejected: [] });
  await s.setHarvestState({ source: 'http://district.example:8080', lastDatestamp: '2024-05-01T08:00:00Z', lastRun: '2024-05-02T00:00:00Z' });
  // issue 14: token expiry and last use; a package withdrawal submitted for review (submissions.action)
  const expiring = await createToken(s, { provider: '11330100MB0000004X', expires: '2030-01-01T00:00:00Z' });
  await s.touchToken(expiring.info.id, '2024-05-02T10:00:00.000Z');
  await s.createSubmissions([{ key: recordKey(all[70])!, provider: all[70].provider.code!, hash: contentHash(all[70]), record: all[70], actor: 'tok1', action: 'withdraw' }]);
  // 一数一源 and the tree of centres (issue 19/20): authority, identity, sources, runs, centre token, origin chain
  await s.setAuthority({ element: 'uscc', provider: '11330100MB0000000X', resourceKey: recordKey(all[1])!, setBy: 'admin:x', setAt: '2024-05-03T00:00:00Z' });
  const tree = await treeStoreOf(s);
  await tree.setIdentity({ name: '某市目录中心', level: 'city', url: 'http://city.example' });
  await tree.putSource({ url: 'http://district.example:8080', kind: 'member', centreId: 'centre-district', name: '某区中心', level: 'county', everyMs: 60_000 });
  await tree.putSource({ url: 'http://vendor.example/oai?set=x', kind: 'source' });
  const run = { source: 'http://district.example:8080', started: '2024-05-02T00:00:00.000Z', finished: '2024-05-02T00:00:01.000Z', received: 1, created: 1, updated: 0, withdrawn: 0, runner: 'h:1' };
  await tree.noteRun({ ...run, ok: true });
  await tree.noteRun({ ...run, ok: false, error: 'harvest failed: no answer' });
  await tree.markCentreToken(secrets[0].info.id);
  await tree.setChains([{ key: recordKey(harvested)!, chain: ['http://town.example', 'http://district.example:8080'] }]);
  await s.close();
  return { secrets, keys: [...all.map((r) => recordKey(r)!), recordKey(harvested)!, ...[201, 202, 203].map((n) => recordKey(rec(0, n))!)] };
}

const comparable = (r: StoredRecord | undefined) => r && { ...r, contentHash: contentHash(r.record) };

describe.skipIf(!testPgUrl())(`catalog centre migrate (SQLite → PostgreSQL)${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  let dir: string;
  let file: string;
  let db: { url: string; drop: () => Promise<void> };
  let built: Awaited<ReturnType<typeof buildSqliteCentre>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-migrate-'));
    file = path.join(dir, 'centre.sqlite');
    built = await buildSqliteCentre(file);
    db = await createTestDatabase('migrate');
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves every record, history line, token, submission, answer and harvest state, and compares every record', async () => {
    const r = runCli(['centre', 'migrate', '--from', file, '--to', db.url, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.recordsCompared).toBe(built.keys.length);
    const byTable = Object.fromEntries(report.tables.map((x: { table: string }) => [x.table, x]));
    expect(byTable.records).toMatchObject({ source: built.keys.length, copied: built.keys.length, target: built.keys.length, mismatched: 0 });
    expect(byTable.tokens).toMatchObject({ source: 5, copied: 5 });
    expect(byTable.submissions).toMatchObject({ source: 6, copied: 6 });
    for (const [table, n] of [['element_authorities', 1], ['centre_settings', 1], ['harvest_sources', 2], ['harvest_runs', 2], ['centre_tokens', 1], ['record_chain', 1]] as const) {
      expect(byTable[table], table).toMatchObject({ source: n, copied: n, target: n, mismatched: 0 });
    }

    // Independently of the report: every record, its history and the rest read back identical through both stores.
    const sqlite = new SqliteStore(file);
    const pg = await PgStore.open(db.url, { poolSize: 2 });
    try {
      const [a, b] = await Promise.all([sqlite.getRecords(built.keys), pg.getRecords(built.keys)]);
      expect(a.size).toBe(built.keys.length);
      expect(b.size).toBe(built.keys.length);
      for (const key of built.keys) {
        expect(comparable(b.get(key))).toEqual(comparable(a.get(key)));
        expect(await pg.history(key)).toEqual(await sqlite.history(key));
      }
      for (const status of ['published', 'withdrawn', 'submitted', 'returned'] as const) expect(await pg.countRecords(status)).toBe(await sqlite.countRecords(status));
      expect(await pg.listTokens()).toEqual(await sqlite.listTokens());
      expect((await pg.listTokens()).filter((x) => x.publicKey)).toHaveLength(1);
      expect(await pg.listSubmissions()).toEqual(await sqlite.listSubmissions());
      expect((await pg.listSubmissions('superseded')).map((x) => x.supersededBy ?? x.supersededByChange?.action)).toEqual([4, 'withdraw']);
      const byChange = (await pg.listSubmissions('superseded')).find((x) => x.supersededByChange);
      expect(byChange).toMatchObject({ id: 5, supersededByChange: { action: 'withdraw' } });
      expect((await pg.history(byChange!.key)).find((h) => h.seq === byChange!.supersededByChange!.seq)?.action).toBe('withdraw');
      expect(await pg.getAnswer('package:abc', 'h1')).toEqual(await sqlite.getAnswer('package:abc', 'h1'));
      expect(await pg.getHarvestState('http://district.example:8080')).toEqual(await sqlite.getHarvestState('http://district.example:8080'));
      expect(await pg.listSets()).toEqual(await sqlite.listSets());
      expect((await pg.listTokens()).find((x) => x.expires)).toMatchObject({ expires: '2030-01-01T00:00:00Z', lastUsed: '2024-05-02T10:00:00.000Z' });
      expect((await pg.listSubmissions()).find((x) => x.action === 'withdraw')).toBeDefined();
      expect(await pg.listAuthorities()).toEqual(await sqlite.listAuthorities());
      // the tree of centres reads back the same through both tree stores
      const [ta, tb] = [new SqliteTreeStore(sqlite.db), await treeStoreOf(pg)];
      expect(await tb.identity()).toEqual(await ta.identity());
      expect((await tb.identity()).name).toBe('某市目录中心');
      expect(await tb.listSources()).toEqual(await ta.listSources());
      expect(await tb.listRuns('http://district.example:8080')).toEqual(await ta.listRuns('http://district.example:8080'));
      expect(await tb.isCentreToken(built.secrets[0].info.id)).toBe(true);
      expect(await tb.getChains([built.keys[300]])).toEqual(await ta.getChains([built.keys[300]]));
      expect((await tb.getChains([built.keys[300]])).get(built.keys[300])).toHaveLength(2);
      // runs made on PostgreSQL since get ids after the migrated ones
      await tb.noteRun({ source: 'http://district.example:8080', started: '2024-06-01T00:00:00.000Z', finished: '2024-06-01T00:00:01.000Z', ok: true, received: 0, created: 0, updated: 0, withdrawn: 0, runner: 'h:2' });
      expect((await tb.listRuns('http://district.example:8080'))[0].runner).toBe('h:2');
      expect(await pg.earliestDatestamp()).toBe(await sqlite.earliestDatestamp());
      // the same searches give the same answers
      for (const q of [{ q: '人口数据' }, { q: '交通 第1' }, { q: '更新' }, { classCode: '302' }, { provider: '11330100MB0000003X', pageSize: 7, page: 2 }]) {
        const [x, y] = await Promise.all([sqlite.search(q), pg.search(q)]);
        expect(y.total).toBe(x.total);
        // in the same order too: most recently changed first on both
        expect(y.items.map((i) => i.key)).toEqual(x.items.map((i) => i.key));
      }
      // tokens still authenticate; new rows get ids after the migrated ones
      expect((await pg.findToken(hashToken(built.secrets[0].token)))?.provider).toBe('11330100MB0000000X');
      expect((await pg.findToken(hashToken(built.secrets[1].token)))?.admin).toBe(true);
      const maxSeq = Math.max(...(await sqlite.history(built.keys[0])).map((h) => h.seq));
      await pg.applyChanges([change(rec(1, 500))]);
      expect((await pg.history(recordKey(rec(1, 500))!))[0].seq).toBeGreaterThan(maxSeq);
      const [sub] = await pg.createSubmissions([{ key: 'x/1', provider: 'p', hash: 'h', record: rec(1, 501), actor: 't' }]);
      expect(sub.id).toBe(7);
      // the PostgreSQL centre runs: a token used, a source harvested (a re-run of migrate must still verify)
      await pg.touchToken(built.secrets[0].info.id, '2024-06-01T00:00:00.000Z');
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });

  it('is idempotent: a re-run copies nothing and verifies again (rows made on PostgreSQL since are left alone)', () => {
    const r = runCli(['centre', 'migrate', '--from', file, '--to', db.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^records\s+304\s+0\s+304\s+305\s+0$/m);
    expect(r.stdout).toContain(`migrated and verified: 304 records compared by content hash`);
    expect(r.stdout).toContain('note: the target holds');
  });

  it('refuses a target whose rows differ from the source, rolls back and says which rows', async () => {
    const pg = await PgStore.open(db.url, { poolSize: 1 });
    const key = built.keys[3];
    try {
      await pg.pool.query("UPDATE records SET record = replace(record, '数据资源', '数据资料') WHERE key = $1", [key]);
      await pg.pool.query("UPDATE tokens SET hash = 'x' WHERE label = '人口局'");
    } finally {
      await pg.close();
    }
    const r = runCli(['centre', 'migrate', '--from', file, '--to', db.url, '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`records ${key}: record`);
    expect(r.stdout).toMatch(/tokens \w+: hash/);
    expect(r.stdout).toContain('核对失败，已回滚');
  });

  it('reports usage errors and an unreachable server with the documented exit codes', () => {
    expect(runCli(['centre', 'migrate', '--from', path.join(dir, 'nope.sqlite'), '--to', db.url]).code).toBe(2);
    const notUrl = runCli(['centre', 'migrate', '--from', file, '--to', 'centre2.sqlite']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('expected a postgres:// URL');
    const down = runCli(['centre', 'migrate', '--from', file, '--to', 'postgres://nobody:secret@127.0.0.1:1/x']);
    expect(down.code).toBe(3);
    expect(down.stderr).not.toContain('secret');
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
  });
});
