import { describe, it, expect } from 'vitest';
import { PgStore } from '../../src/centre/pg-store.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { storeSuite } from './store.suite.js';

if (testPgUrl()) {
  storeSuite('postgres', async () => {
    const db = await createTestDatabase('store');
    const store = await PgStore.open(db.url, { poolSize: 4 });
    return { store, cleanup: async () => { await store.close(); await db.drop(); } };
  });
} else {
  describe.skip(`CentreStore contract: postgres — ${PG_SKIP_MESSAGE}`, () => {
    it('runs the shared store suite on PostgreSQL', () => {});
  });
}
