import type { CentreStore } from './store.js';
import { openSqliteStore } from './sqlite-store.js';
import { isPostgresUrl, PgStore, type PgStoreOptions } from './pg-store.js';

export { CENTRE_DB_ENV } from './pg-url.js';

/**
 * Open the centre store a --db value names: a postgres:// (or postgresql://) URL → PostgreSQL
 * (migrations applied), anything else → the embedded SQLite file.
 */
export async function openCentreStore(db: string, opts: PgStoreOptions = {}): Promise<CentreStore> {
  return isPostgresUrl(db) ? PgStore.open(db, opts) : openSqliteStore(db);
}
