import type { CentreStore } from './store.js';
import { openSqliteStore } from './sqlite-store.js';
import { isPostgresUrl, PgStore, type PgStoreOptions } from './pg-store.js';

/** Environment variable naming the centre database when --db is not given. */
export const CENTRE_DB_ENV = 'CATALOG_DB';

/**
 * Open the centre store a --db value names: a postgres:// (or postgresql://) URL → PostgreSQL
 * (migrations applied), anything else → the embedded SQLite file.
 */
export async function openCentreStore(db: string, opts: PgStoreOptions = {}): Promise<CentreStore> {
  return isPostgresUrl(db) ? PgStore.open(db, opts) : openSqliteStore(db);
}
