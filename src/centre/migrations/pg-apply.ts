import { createHash } from 'node:crypto';
import type pg from 'pg';
import { PG_MIGRATIONS, type PgMigration } from './pg-schema.js';

/** Advisory lock key held while migrating, so centre processes starting together migrate once, in turn. */
export const PG_MIGRATION_LOCK = 0x63_61_74_6c; // "catl"

export interface MigrationResult {
  /** Versions applied by this call, in order (empty when the schema was already current). */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    public code: 'migration-checksum-mismatch' | 'migration-newer-schema' | 'migration-failed',
  ) {
    super(message);
  }
}

function checksum(m: PgMigration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/**
 * Bring the database schema up to date: versioned (schema_migrations), idempotent (applied versions are
 * skipped; a changed applied migration is refused), and safe when several processes start at once
 * (session advisory lock around the whole run; each migration in its own transaction).
 */
export async function applyPgMigrations(pool: pg.Pool, migrations: PgMigration[] = PG_MIGRATIONS): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const done = new Map<number, string>();
      for (const row of (await client.query('SELECT version, checksum FROM schema_migrations')).rows) done.set(Number(row.version), row.checksum);
      const known = new Set(migrations.map((m) => m.version));
      const newer = [...done.keys()].filter((v) => !known.has(v) && v > Math.max(0, ...known));
      if (newer.length) {
        throw new MigrationError(`database schema version ${Math.max(...newer)} is newer than this catalog (${Math.max(0, ...known)}); upgrade catalog`, 'migration-newer-schema');
      }
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        const sum = checksum(m);
        const prev = done.get(m.version);
        if (prev !== undefined) {
          if (prev !== sum) throw new MigrationError(`migration ${m.version} (${m.name}) differs from the one applied to this database`, 'migration-checksum-mismatch');
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, sum]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw new MigrationError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, 'migration-failed');
        }
        applied.push(m.version);
      }
      const version = Math.max(0, ...migrations.map((m) => m.version), ...done.keys());
      return { applied, version };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
