import fs from 'node:fs';
import path from 'node:path';
import { openSqliteStore, openCentreStore, CENTRE_DB_ENV, isPostgresUrl, redactPgUrl } from '../index.js';
import type { CentreStore } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, type GlobalOptions } from './context.js';
import { usageError } from './options.js';

export interface DbFlags extends GlobalOptions { db?: string; format?: string }

function ensureDbDir(db: string, lang: 'zh' | 'en'): void {
  const dir = path.dirname(path.resolve(db));
  if (!fs.existsSync(dir)) throw usageError('usage.db-folder-missing', lang, { db, dir });
}

/**
 * The store --db (else $CATALOG_DB) names: a postgres:// URL → PostgreSQL (issue 10), else a SQLite file.
 * `mustExist`: a SQLite file must already be there (token revoke/list).
 */
export async function openDb(opts: DbFlags, lang: 'zh' | 'en', mustExist = false): Promise<{ store: CentreStore; label: string }> {
  const db = opts.db ?? process.env[CENTRE_DB_ENV];
  if (!db) throw usageError('centre.db-required', lang, { env: CENTRE_DB_ENV });
  if (!isPostgresUrl(db)) {
    if (mustExist && !fs.existsSync(db)) throw new CliError(t('centre.db-missing', lang, { db }));
    ensureDbDir(db, lang);
    try {
      return { store: await openSqliteStore(db), label: db };
    } catch (err) {
      // a file that is not a centre database (or not writable) is a usage error, not a crash
      throw new CliError(t('centre.db-unusable', lang, { db, detail: (err as Error).message }));
    }
  }
  try {
    return { store: await openCentreStore(db), label: redactPgUrl(db) };
  } catch (err) {
    throw new CliError(t('centre.pg-failed', lang, { db: redactPgUrl(db), detail: (err as Error).message }), EXIT.REMOTE);
  }
}

/** Run `fn` on the centre's store (openDb), closed after it, also when it throws. */
export async function withDb<T>(opts: DbFlags, lang: 'zh' | 'en', fn: (store: CentreStore) => Promise<T>, mustExist = false): Promise<T> {
  const { store } = await openDb(opts, lang, mustExist);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
