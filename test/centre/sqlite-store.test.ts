import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { LOCAL_ORIGIN } from '../../src/centre/store.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { guideRecords, PROVIDER_A } from './fixtures.js';
import { storeSuite } from './store.suite.js';

storeSuite('sqlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-store-'));
  const store = new SqliteStore(path.join(dir, 'centre.sqlite'));
  return { store, cleanup: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
});

it('opens the database in WAL mode', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-store-'));
  const store = new SqliteStore(path.join(dir, 'centre.sqlite'));
  expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('refuses to publish an old open submission left behind a newer published one (database from before superseding)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-store-'));
  const file = path.join(dir, 'centre.sqlite');
  // the submissions table as it was before superseded_by existed
  const old = new Database(file);
  old.exec(`CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, provider TEXT NOT NULL, hash TEXT NOT NULL,
    record TEXT NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL, actor TEXT NOT NULL, reviewed TEXT, reviewer TEXT, comment TEXT)`);
  const [a] = guideRecords();
  const v1 = { ...a, abstract: '旧版' }, v2 = { ...a, abstract: '新版' };
  const ins = old.prepare(`INSERT INTO submissions (key, provider, hash, record, status, created, actor, reviewed, reviewer) VALUES (?, ?, ?, ?, ?, '2024-01-01T00:00:00Z', 't1', ?, ?)`);
  ins.run(recordKey(a), PROVIDER_A, contentHash(v1), JSON.stringify(v1), 'submitted', null, null);
  ins.run(recordKey(a), PROVIDER_A, contentHash(v2), JSON.stringify(v2), 'published', '2024-01-02T00:00:00Z', 'adm');
  old.close();

  const store = new SqliteStore(file);
  try {
    const publish = { key: recordKey(a)!, provider: PROVIDER_A, hash: contentHash(v1), status: 'published' as const, origin: LOCAL_ORIGIN, record: v1, action: 'publish' as const, actor: 'admin:adm' };
    await expect(store.reviewSubmission(1, { status: 'published', reviewer: 'adm' }, publish))
      .rejects.toMatchObject({ status: 409, code: 'submission-superseded', details: { id: 1, key: recordKey(a), newer: 2 } });
    expect(await store.getRecord(recordKey(a)!)).toBeUndefined();
    expect((await store.getSubmission(1))?.status).toBe('submitted');
    // returning it is still possible
    expect(await store.reviewSubmission(1, { status: 'returned', reviewer: 'adm', comment: '已有新版' })).toMatchObject({ status: 'returned' });
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
