import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { PgStore } from '../../src/centre/pg-store.js';
import { createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { authzMatrix } from './authz-matrix.suite.js';

authzMatrix('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-'));
  const store = new SqliteStore(path.join(dir, 'centre.sqlite'));
  return { store, cleanup: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
});

if (testPgUrl()) {
  authzMatrix('PostgreSQL', async () => {
    const db = await createTestDatabase('authz');
    const store = await PgStore.open(db.url, { poolSize: 4 });
    return { store, cleanup: async () => { await store.close(); await db.drop(); } };
  });
}
