import type pg from 'pg';
import { MAX_SOURCES, RUNS_KEPT } from './limits.js';
import type { CentreIdentity, HarvestRun, HarvestSource, NewSource, TreeStore } from './store.js';
import { errorLine, identityFrom, patchIdentity, toRun, toSource, type RunRow, type SourceRow } from './rows.js';
import { TreeError } from './error.js';

/** Class id of the two-key advisory locks on harvest sources (the second key: hashtext of the source URL). */
export const PG_SOURCE_LOCK_CLASS = 19019;

/** The tree tables on PostgreSQL (migration 7, ../migrations/pg-schema.ts). */
export class PgTreeStore implements TreeStore {
  constructor(private pool: pg.Pool) {}

  async identity(): Promise<CentreIdentity> {
    const fresh = identityFrom(undefined);
    // several processes may start at once: the first insert wins and every one reads the same identity
    await this.pool.query(`INSERT INTO centre_settings (name, value) VALUES ('identity', $1) ON CONFLICT (name) DO NOTHING`, [JSON.stringify(fresh)]);
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM centre_settings WHERE name = 'identity'`);
    return identityFrom(rows[0].value);
  }

  async setIdentity(patch: Partial<Omit<CentreIdentity, 'id'>>): Promise<CentreIdentity> {
    const next = patchIdentity(await this.identity(), patch);
    await this.pool.query(`UPDATE centre_settings SET value = $1 WHERE name = 'identity'`, [JSON.stringify(next)]);
    return next;
  }

  async listSources(): Promise<HarvestSource[]> {
    return (await this.pool.query<SourceRow>('SELECT * FROM harvest_sources ORDER BY added, url')).rows.map(toSource);
  }

  async getSource(url: string): Promise<HarvestSource | undefined> {
    const { rows } = await this.pool.query<SourceRow>('SELECT * FROM harvest_sources WHERE url = $1', [url]);
    return rows[0] ? toSource(rows[0]) : undefined;
  }

  async putSource(s: NewSource): Promise<HarvestSource> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM harvest_sources WHERE url <> $1', [s.url]);
    if (Number(rows[0].n) >= MAX_SOURCES) throw new TreeError('tree.too-many-sources', { max: MAX_SOURCES });
    await this.pool.query(`INSERT INTO harvest_sources (url, kind, centre_id, name, level, division, every_ms, added) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, centre_id = excluded.centre_id, name = excluded.name, level = excluded.level,
      division = excluded.division, every_ms = excluded.every_ms`,
    [s.url, s.kind, s.centreId ?? null, s.name ?? null, s.level ?? null, s.division ?? null, s.everyMs ?? null, new Date().toISOString()]);
    return (await this.getSource(s.url))!;
  }

  async removeSource(url: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM harvest_sources WHERE url = $1', [url])).rowCount ?? 0) > 0;
  }

  async noteRun(run: HarvestRun): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(`INSERT INTO harvest_runs (source, started, finished, ok, error, received, created, updated, withdrawn, runner) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [run.source, run.started, run.finished, run.ok, run.error ? errorLine(run.error) : null, run.received, run.created, run.updated, run.withdrawn, run.runner]);
      await c.query('DELETE FROM harvest_runs WHERE source = $1 AND id <= (SELECT id FROM harvest_runs WHERE source = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)', [run.source, RUNS_KEPT]);
      if (run.ok) await c.query('UPDATE harvest_sources SET last_attempt = $1, last_success = $2, failures = 0 WHERE url = $3', [run.started, run.finished, run.source]);
      else await c.query('UPDATE harvest_sources SET last_attempt = $1, last_error = $2, last_error_at = $3, failures = failures + 1 WHERE url = $4', [run.started, errorLine(run.error ?? ''), run.finished, run.source]);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  async listRuns(source: string, limit = 10): Promise<HarvestRun[]> {
    return (await this.pool.query<RunRow>('SELECT * FROM harvest_runs WHERE source = $1 ORDER BY id DESC LIMIT $2', [source, limit])).rows.map(toRun);
  }

  async markCentreToken(tokenId: string): Promise<void> {
    await this.pool.query('INSERT INTO centre_tokens (token_id) VALUES ($1) ON CONFLICT DO NOTHING', [tokenId]);
  }

  async isCentreToken(tokenId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM centre_tokens WHERE token_id = $1', [tokenId])).rows.length > 0;
  }

  async setChains(rows: { key: string; chain: string[] }[]): Promise<void> {
    if (!rows.length) return;
    await this.pool.query(`INSERT INTO record_chain (key, via, chain) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
      ON CONFLICT (key) DO UPDATE SET via = excluded.via, chain = excluded.chain`,
    [rows.map((r) => r.key), rows.map((r) => r.chain[r.chain.length - 1] ?? ''), rows.map((r) => JSON.stringify(r.chain))]);
  }

  async getChains(keys: string[]): Promise<Map<string, string[]>> {
    if (!keys.length) return new Map();
    const { rows } = await this.pool.query<{ key: string; chain: string }>('SELECT key, chain FROM record_chain WHERE key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.key, JSON.parse(r.chain) as string[]]));
  }

  async countVia(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ via: string; n: string }>(`SELECT c.via, count(*) AS n FROM record_chain c JOIN records r ON r.key = c.key WHERE r.status = 'published' GROUP BY c.via`);
    return new Map(rows.map((r) => [r.via, Number(r.n)]));
  }

  async withSourceLock<T>(url: string, fn: () => Promise<T>): Promise<T | undefined> {
    // a session lock on a connection held for the run: released by unlock, or by the server if this process dies
    const c = await this.pool.connect();
    try {
      const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [PG_SOURCE_LOCK_CLASS, url]);
      if (!rows[0].ok) return undefined;
      try {
        return await fn();
      } finally {
        await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [PG_SOURCE_LOCK_CLASS, url]);
      }
    } finally {
      c.release();
    }
  }
}
