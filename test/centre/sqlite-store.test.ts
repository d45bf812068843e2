import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, expect } from 'vitest';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
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
