import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyPgMigrations, type MigrationResult } from './migrations/pg-apply.js';
import type { CatalogRecord } from '../model/record.js';
import { CentreError, supersededCause, supersededError } from './register.js';
import {
  classCodeOf, datestampFrom, datestampUntil, searchPaging, searchTerms, searchTextOf, searchTotal, utcNow, StoreConflictError,
  SUPERSEDING_ACTIONS, type CentreStore, type ElementAuthority, type HarvestState, type HistoryEntry, type ListQuery, type RecordChange, type SearchQuery, type SearchResult,
  type SetInfo, type StoredRecord, type Submission, type SubmissionStatus, type TokenInfo, type ReviewedSubmission, type NewToken,
  type NewSubmission,
} from './store.js';
import { countRow, countSql, type CountDimension, type CountRow } from './record-counts.js';
import { likeEscape, newTokenInfo, toAuthority, toRecord, toSubmission, toToken, type AuthorityRow, type RecordRow, type SubmissionRow, type TokenRow } from './record-row.js';
import { decideChange, isWithdrawal } from './apply-change.js';
import { firstStep, registrationSteps, type RegistrationStep } from './apply-slices.js';

/**
 * The centre store on PostgreSQL, for a city or provincial centre run as several `catalog centre serve`
 * processes on one database. Same behaviour as the SQLite store (src/centre/sqlite-store.ts), plus what
 * several writers need:
 *
 * - Schema: versioned migrations (./migrations/pg-schema.ts) applied on open under an advisory lock.
 * - Every write is one transaction; deadlocks and serialization failures are retried.
 * - applyChanges takes a transaction-level advisory lock per record key (in lock-id order, so batches
 *   never deadlock), reads the stored state, and upserts on the record key (primary key, ON CONFLICT).
 *   Whether a change is a no-op, a conflict (stale `expectHash`) or a write is decided by decideChange
 *   (apply-change.ts), as in the SQLite store: no-ops first, so when two processes register the same
 *   package at the same moment the record and its history end up as if it had been registered once.
 * - Datestamps come from the database clock (one clock for all processes), UTC, second granularity.
 * - Search runs on record_search, a narrow copy of the searchable columns kept by a trigger (migration 4),
 *   most recently changed first. Keywords: LIKE '%term%' on lower-cased text; a pg_trgm GIN index serves terms of
 *   3+ characters, 1–2 character terms are matched by the same LIKE (trigrams cannot index them) over the filtered rows.
 */

export interface PgStoreOptions {
  /** Most connections this process opens (default 10). */
  poolSize?: number;
  /** Apply schema migrations on open (default true). */
  migrate?: boolean;
  applicationName?: string;
}

// Light, so that the front door can tell a URL from a file without loading pg.
export { isPostgresUrl, redactPgUrl } from './pg-url.js';

/** SQLSTATEs worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 6;

/** Errors meaning "the database is not reachable right now": answered 503 + Retry-After so clients retry. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
function isUnavailable(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  const msg = String((err as Error)?.message ?? '');
  return NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03'].includes(code) || RETRYABLE.has(code)
    || /^Connection terminated|timeout exceeded when trying to connect/i.test(msg);
}
function unavailable(err: unknown): unknown {
  if (err instanceof CentreError || !isUnavailable(err)) return err;
  return new CentreError(503, 'store-unavailable', { detail: (err as Error).message });
}

const NOW_SQL = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

// Rows are written in descending key order: the search trigger numbers them in that order, so search
// (newest first) lists one batch in key order, as the SQLite store does. One order for every batch.
const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
    WITH ORDINALITY AS t(key, provider, provider_name, hash, status, datestamp, origin, record, class_code, share_type, search_text, action, actor, comment, ord)
),
up AS (
  INSERT INTO records AS r (key, provider, provider_name, hash, status, datestamp, origin, record, class_code, share_type, search_text)
  SELECT key, provider, provider_name, hash, status, datestamp, origin, record, class_code, share_type, search_text FROM input ORDER BY key COLLATE "C" DESC
  ON CONFLICT (key) DO UPDATE SET provider = excluded.provider, provider_name = excluded.provider_name, hash = excluded.hash,
    status = excluded.status, datestamp = excluded.datestamp, origin = excluded.origin, record = excluded.record,
    class_code = excluded.class_code, share_type = excluded.share_type, search_text = excluded.search_text
  RETURNING r.key
),
h AS (
  INSERT INTO history (key, action, status, hash, at, actor, origin, comment, record)
  SELECT i.key, i.action, i.status, i.hash, i.datestamp, i.actor, i.origin, i.comment, i.record
  FROM input i JOIN up ON up.key = i.key COLLATE "C" ORDER BY i.ord
  RETURNING seq, key, action, actor
),
-- a change outside review closes the key's open submissions (store.ts SUPERSEDING_ACTIONS); a run has distinct keys
s AS (
  UPDATE submissions sub SET status = 'superseded', reviewed = ${NOW_SQL}, reviewer = h.actor, superseded_seq = h.seq, superseded_action = h.action
  FROM h WHERE sub.key = h.key AND sub.status = 'submitted' AND h.action = ANY($15::text[])
  RETURNING sub.id
)
SELECT count(*)::int AS n FROM up`;

/**
 * The registration lock (two-key advisory lock: its own id space, apart from the keys' one-key locks). Every
 * transaction that writes records takes it shared; a registration of more than one slice takes it exclusive and
 * holds it to its commit (applyRegistration), so other writers of records wait for it and never interleave.
 */
const WRITE_SHARED_SQL = 'SELECT pg_advisory_xact_lock_shared(21063, 14)';
const WRITE_ALONE_SQL = 'SELECT pg_advisory_xact_lock(21063, 14)';

/** Transaction-level advisory locks on the batch's keys, in lock-id order (no deadlock between batches). */
const LOCK_KEYS_SQL = `SELECT pg_advisory_xact_lock(id) FROM (SELECT DISTINCT hashtextextended(k, 0) AS id FROM unnest($1::text[]) AS k) ids ORDER BY id`;


/** `pieces` put together into strings of about `size` characters each. */
function chunksOf(pieces: string[], size: number): string[] {
  const out: string[] = [];
  let cur: string[] = [], n = 0;
  for (const p of pieces) {
    cur.push(p);
    n += p.length;
    if (n >= size) { out.push(cur.join('')); cur = []; n = 0; }
  }
  if (cur.length) out.push(cur.join(''));
  return out;
}

export class PgStore implements CentreStore {
  private closed = false;

  constructor(readonly pool: pg.Pool) {}

  /** Connect, apply pending schema migrations (unless migrate: false) and return the store. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, application_name: opts.applicationName ?? 'catalog-centre' });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    try {
      if (opts.migrate !== false) await applyPgMigrations(pool);
      else await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => {});
      throw err;
    }
    return new PgStore(pool);
  }

  /** Apply pending migrations (open() does this already). */
  migrate(): Promise<MigrationResult> {
    return applyPgMigrations(this.pool);
  }

  /** One statement on the pool; an unreachable database becomes CentreError 503 store-unavailable. */
  private async query<R extends pg.QueryResultRow = any>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (err) {
      throw unavailable(err);
    }
  }

  /** Run `fn` in one transaction, retrying on deadlock / serialization failure. */
  async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let c: pg.PoolClient;
      try {
        c = await this.pool.connect();
      } catch (err) {
        throw unavailable(err);
      }
      // A connection that failed mid-transaction is destroyed, not handed back to the pool.
      let broken = false;
      try {
        await c.query('BEGIN');
        const out = await fn(c);
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => { broken = true; });
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has((err as { code?: string }).code ?? '')) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
          continue;
        }
        throw unavailable(err);
      } finally {
        c.release(broken);
      }
    }
  }

  async getRecord(key: string): Promise<StoredRecord | undefined> {
    const { rows } = await this.query<RecordRow>('SELECT * FROM records WHERE key = $1', [key]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async getRecords(keys: string[]): Promise<Map<string, StoredRecord>> {
    const out = new Map<string, StoredRecord>();
    if (!keys.length) return out;
    const { rows } = await this.query<RecordRow>('SELECT * FROM records WHERE key = ANY($1::text[])', [[...new Set(keys)]]);
    for (const r of rows) out.set(r.key, toRecord(r));
    return out;
  }

  async applyChanges(changes: RecordChange[]): Promise<StoredRecord[]> {
    if (!changes.length) return [];
    const out = await this.transaction(async (c) => {
      await c.query(WRITE_SHARED_SQL);
      return this.applyIn(c, changes);
    });
    this.noteWrites(changes.length);
    return out;
  }

  /**
   * One registration in one transaction on one client, held across awaits: its slices (apply-slices.ts) are written
   * one after the other with `pause()` between them, then committed; any error rolls all of it back, and readers
   * (MVCC) see the records before or after it, never half. A one-slice registration is an ordinary applyChanges
   * transaction (registration lock shared, one advisory lock per key). A longer one takes the registration lock
   * exclusive instead of a lock per key: 100,000 key locks in one transaction would overflow the server's lock
   * table (max_locks_per_transaction), and no other writer of records can run meanwhile anyway (they wait for the
   * lock; a deadlock or serialization failure retries the whole registration, as for every transaction here).
   */
  async applyRegistration(changes: RecordChange[], submissions: NewSubmission[], pause: () => Promise<void>): Promise<Submission[]> {
    const out = await this.transaction(async (c) => {
      const subs: Submission[] = [];
      const { first, rest } = firstStep(registrationSteps(changes, submissions));
      const write = async (step: RegistrationStep) => {
        if ('changes' in step) await this.applyIn(c, step.changes, !rest);
        else subs.push(...(await this.insertSubmissions(c, step.submissions)));
      };
      if (!first) return subs;
      await c.query(rest ? WRITE_ALONE_SQL : WRITE_SHARED_SQL);
      await write(first);
      for (const step of rest ?? []) {
        await pause();
        await write(step);
      }
      return subs;
    });
    this.noteWrites(changes.length);
    return out;
  }

  /** Rows written by this process since it last refreshed the search table's statistics, and the threshold. */
  private writesSinceAnalyze = 0;
  private analyzeAfter = 10_000;
  private analyzing: Promise<void> | undefined;

  /**
   * Search plans depend on statistics: a walk in change order for common keywords, the trigram index for rare
   * ones. Autovacuum refreshes them only on its next round (a minute by default), so right after a bulk load a
   * search would be planned blind (measured: p95 215 ms instead of 9 ms at 1,000,000 records). After writing 10 %
   * of the search table (at least 10,000 rows) this process runs ANALYZE on it, in the background.
   */
  private noteWrites(n: number): void {
    this.writesSinceAnalyze += n;
    if (this.writesSinceAnalyze < this.analyzeAfter || this.analyzing || this.closed) return;
    this.writesSinceAnalyze = 0;
    this.analyzing = (async () => {
      await this.query('ANALYZE record_search');
      const { rows } = await this.query<{ n: number }>("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'record_search'::regclass");
      this.analyzeAfter = Math.max(10_000, Math.floor((rows[0]?.n ?? 0) * 0.1));
    })()
      .catch(() => {}) // statistics are an optimisation: autovacuum will refresh them anyway
      .finally(() => { this.analyzing = undefined; });
  }

  /**
   * Body of applyChanges inside an open transaction. Every writer first takes an advisory lock per record
   * key (existing or not; `lockKeys` false: the caller holds the registration lock exclusive), so the state read
   * next cannot change before this transaction ends. Then each
   * change is skipped, refused or written as decideChange (apply-change.ts) says, the rule both stores share.
   */
  private async applyIn(c: pg.PoolClient, changes: RecordChange[], lockKeys = true): Promise<StoredRecord[]> {
    const keys = [...new Set(changes.map((ch) => ch.key))];
    if (lockKeys) await c.query(LOCK_KEYS_SQL, [keys]);
    const withdrawKeys = [...new Set(changes.filter(isWithdrawal).map((ch) => ch.key))];
    const { rows: currentRows } = await c.query<RecordRow & { record: string | null }>(
      `SELECT key, provider, hash, status, datestamp, origin, CASE WHEN key = ANY($2::text[]) THEN record END AS record
       FROM records WHERE key = ANY($1::text[])`, [keys, withdrawKeys]);
    const now = (await c.query<{ now: string }>(`SELECT ${NOW_SQL} AS now`)).rows[0].now;
    const state = new Map<string, { provider: string; hash: string; status: string; datestamp: string; origin: string; record?: CatalogRecord; recordJson: string | null }>();
    for (const r of currentRows) state.set(r.key, { provider: r.provider, hash: r.hash, status: r.status, datestamp: r.datestamp, origin: r.origin, recordJson: r.record });

    const out: StoredRecord[] = [];
    const writes: { change: RecordChange; datestamp: string }[] = [];
    for (const ch of changes) {
      const cur = state.get(ch.key);
      const decision = decideChange(cur, ch);
      if (decision.kind === 'skip') {
        out.push(this.storedFrom(ch.key, cur!, ch.record));
        continue;
      }
      if (decision.kind === 'conflict') throw new StoreConflictError(ch.key);
      let target: RecordChange = ch;
      if (decision.keepStored) {
        const record = cur!.record ?? (cur!.recordJson !== null ? JSON.parse(cur!.recordJson) : ch.record);
        target = { ...ch, hash: cur!.hash, record, origin: cur!.origin, provider: cur!.provider };
      }
      const datestamp = ch.datestamp ?? now;
      writes.push({ change: target, datestamp });
      state.set(ch.key, { provider: target.provider, hash: target.hash, status: target.status, datestamp, origin: target.origin, record: target.record, recordJson: null });
      out.push({ key: target.key, provider: target.provider, hash: target.hash, status: target.status, datestamp, origin: target.origin, record: target.record });
    }
    // Bulk upsert in runs of distinct keys (one statement cannot change a row twice).
    let run: typeof writes = [];
    const seen = new Set<string>();
    for (const w of writes) {
      if (seen.has(w.change.key)) {
        await this.upsert(c, run);
        run = [];
        seen.clear();
      }
      run.push(w);
      seen.add(w.change.key);
    }
    await this.upsert(c, run);
    return out;
  }

  private storedFrom(key: string, cur: { provider: string; hash: string; status: string; datestamp: string; origin: string; record?: CatalogRecord; recordJson: string | null }, fallback?: CatalogRecord): StoredRecord {
    const record = cur.record ?? (cur.recordJson !== null ? JSON.parse(cur.recordJson) : fallback);
    return { key, provider: cur.provider, hash: cur.hash, status: cur.status as StoredRecord['status'], datestamp: cur.datestamp, origin: cur.origin, record };
  }

  private async upsert(c: pg.PoolClient, run: { change: RecordChange; datestamp: string }[]): Promise<void> {
    if (!run.length) return;
    const cols: (string | null)[][] = Array.from({ length: 14 }, () => []);
    for (const { change: ch, datestamp } of run) {
      const vals = [ch.key, ch.provider, ch.record.provider?.name ?? null, ch.hash, ch.status, datestamp, ch.origin, JSON.stringify(ch.record),
        classCodeOf(ch.record) ?? null, ch.record.sharing?.type ?? null, searchTextOf(ch.record), ch.action, ch.actor, ch.comment ?? null];
      vals.forEach((v, n) => cols[n].push(v as string | null));
    }
    await c.query(UPSERT_SQL, [...cols, [...SUPERSEDING_ACTIONS]]);
  }

  async history(key: string): Promise<HistoryEntry[]> {
    const { rows } = await this.query('SELECT seq, key, action, status, hash, at, actor, origin, comment FROM history WHERE key = $1 ORDER BY seq', [key]);
    return rows.map((r) => {
      const { comment, seq, ...rest } = r;
      return { seq: Number(seq), ...rest, ...(comment ? { comment } : {}) } as HistoryEntry;
    });
  }

  private static where(parts: string[], params: unknown[], q: { classCode?: string; provider?: string; from?: string; until?: string }): void {
    const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
    if (q.classCode) parts.push(`class_code LIKE ${p(`${likeEscape(q.classCode)}%`)}`);
    if (q.provider) parts.push(`provider = ${p(q.provider)}`);
    if (q.from) parts.push(`datestamp >= ${p(datestampFrom(q.from))}`);
    if (q.until) parts.push(`datestamp <= ${p(datestampUntil(q.until))}`);
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const params: unknown[] = [q.status ?? 'published'];
    const where: string[] = ['status = $1'];
    for (const term of searchTerms(q.q)) {
      // record_search.search_text is lower-cased: LIKE on it is case-insensitive
      params.push(`%${likeEscape(term)}%`);
      where.push(`search_text LIKE lower($${params.length})`);
    }
    PgStore.where(where, params, { classCode: q.classCode, provider: q.provider, from: q.updatedFrom, until: q.updatedTo });
    if (q.shareType) { params.push(q.shareType); where.push(`share_type = $${params.length}`); }
    const { page, pageSize, countLimit } = searchPaging(q);
    const sqlWhere = where.join(' AND ');
    // On the narrow record_search table (migration 4): most recently changed first, the count stops
    // after countLimit + 1 matches; only the page's rows are read from records.
    const [count, items] = await Promise.all([
      this.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT 1 FROM record_search WHERE ${sqlWhere} LIMIT ${countLimit + 1}) s`, params),
      this.query<RecordRow>(`SELECT r.* FROM (SELECT key, seq FROM record_search WHERE ${sqlWhere} ORDER BY seq DESC
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) s JOIN records r ON r.key = s.key ORDER BY s.seq DESC`, params),
    ]);
    return { ...searchTotal(Number(count.rows[0].n), countLimit), page, pageSize, items: items.rows.map(toRecord) };
  }

  async list(q: ListQuery): Promise<StoredRecord[]> {
    const params: unknown[] = [q.statuses];
    const where: string[] = ['status = ANY($1::text[])'];
    PgStore.where(where, params, q);
    if (q.after) {
      params.push(q.after.datestamp, q.after.key);
      where.push(`(datestamp, key) > ($${params.length - 1}, $${params.length})`);
    }
    params.push(q.limit);
    const { rows } = await this.query<RecordRow>(`SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY datestamp, key LIMIT $${params.length}`, params);
    return rows.map(toRecord);
  }

  async earliestDatestamp(): Promise<string | undefined> {
    const { rows } = await this.query<{ d: string | null }>('SELECT min(datestamp) AS d FROM records');
    return rows[0].d ?? undefined;
  }

  async countRecords(status?: StoredRecord['status']): Promise<number> {
    const { rows } = status
      ? await this.query<{ n: string }>('SELECT count(*) AS n FROM records WHERE status = $1', [status])
      : await this.query<{ n: string }>('SELECT count(*) AS n FROM records');
    return Number(rows[0].n);
  }

  async listSets(): Promise<SetInfo[]> {
    const providers = await this.query<{ provider: string; name: string | null }>(`SELECT provider, max(provider_name) AS name FROM records
      WHERE status IN ('published', 'withdrawn') GROUP BY provider ORDER BY provider`);
    const classes = await this.query<{ class_code: string }>(`SELECT DISTINCT class_code FROM records
      WHERE class_code IS NOT NULL AND status IN ('published', 'withdrawn') ORDER BY class_code`);
    return [
      ...providers.rows.map((p) => ({ spec: `provider:${p.provider}`, name: p.name ?? p.provider })),
      ...classes.rows.map((c) => ({ spec: `class:${c.class_code}`, name: c.class_code })),
    ];
  }

  async countBy(dimension: CountDimension, limit: number): Promise<CountRow[]> {
    return (await this.query<{ value: string | null; name: string | null; n: string }>(countSql(dimension, '$1'), [limit])).rows.map(countRow);
  }

  async getAnswer(id: string, hash: string): Promise<unknown | undefined> {
    const { rows } = await this.query<{ answer: string }>('SELECT answer FROM answers WHERE id = $1 AND hash = $2', [id, hash]);
    return rows[0] ? JSON.parse(rows[0].answer) : undefined;
  }

  async saveAnswer(id: string, hash: string, answer: unknown, json?: string[]): Promise<void> {
    if (!json || json.length === 1) {
      await this.query('INSERT INTO answers (id, hash, answer, created) VALUES ($1, $2, $3, $4) ON CONFLICT (id, hash) DO NOTHING',
        [id, hash, json?.[0] ?? JSON.stringify(answer), utcNow()]);
      return;
    }
    // A large answer (json-pieces.ts) in ~1 MB statements of one transaction: one 10 MB parameter is copied and
    // framed by the driver on this thread in one go (measured: 0.5 s of event loop at 100,000 records).
    const chunks = chunksOf(json, 1 << 20);
    await this.transaction(async (c) => {
      const { rowCount } = await c.query('INSERT INTO answers (id, hash, answer, created) VALUES ($1, $2, $3, $4) ON CONFLICT (id, hash) DO NOTHING',
        [id, hash, chunks[0], utcNow()]);
      if (!rowCount) return;
      for (const chunk of chunks.slice(1)) await c.query('UPDATE answers SET answer = answer || $3 WHERE id = $1 AND hash = $2', [id, hash, chunk]);
    });
  }

  async createToken(info: NewToken): Promise<TokenInfo> {
    const id = randomBytes(6).toString('hex');
    const created = utcNow();
    await this.query('INSERT INTO tokens (id, hash, provider, admin, label, created, public_key, expires) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [id, info.hash, info.provider, info.admin, info.label ?? null, created, info.publicKey ?? null, info.expires ?? null]);
    return newTokenInfo(id, created, info);
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.query('UPDATE tokens SET last_used = $1 WHERE id = $2', [at, id]);
  }

  async findToken(hash: string): Promise<TokenInfo | undefined> {
    const { rows } = await this.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1 AND revoked IS NULL', [hash]);
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  async revokeToken(id: string): Promise<boolean> {
    const r = await this.query('UPDATE tokens SET revoked = $1 WHERE id = $2 AND revoked IS NULL', [utcNow(), id]);
    return (r.rowCount ?? 0) > 0;
  }

  async listTokens(): Promise<TokenInfo[]> {
    return (await this.query<TokenRow>('SELECT * FROM tokens ORDER BY created, id')).rows.map(toToken);
  }

  async createSubmissions(subs: NewSubmission[]): Promise<Submission[]> {
    try {
      return await this.insertSubmissions(this.pool, subs);
    } catch (err) {
      throw unavailable(err);
    }
  }

  private async insertSubmissions(c: pg.Pool | pg.PoolClient, subs: NewSubmission[]): Promise<Submission[]> {
    if (!subs.length) return [];
    const created = utcNow();
    const { rows } = await c.query<{ id: string; ord: string }>(`
      INSERT INTO submissions (key, provider, hash, record, status, created, actor, action)
      SELECT key, provider, hash, record, 'submitted', $6, actor, action
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $7::text[]) WITH ORDINALITY AS t(key, provider, hash, record, actor, action, ord)
      ORDER BY ord
      RETURNING id`,
    [subs.map((s) => s.key), subs.map((s) => s.provider), subs.map((s) => s.hash), subs.map((s) => JSON.stringify(s.record)), subs.map((s) => s.actor), created,
      subs.map((s) => s.action ?? null)]);
    // Identity values are assigned in insertion order, which follows ORDER BY ord.
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    return subs.map((s, i) => ({ ...s, id: ids[i], created, status: 'submitted' as const }));
  }

  async getSubmission(id: number): Promise<Submission | undefined> {
    const { rows } = await this.query<SubmissionRow>('SELECT * FROM submissions WHERE id = $1', [id]);
    return rows[0] ? toSubmission(rows[0]) : undefined;
  }

  async listSubmissions(status?: SubmissionStatus): Promise<Submission[]> {
    const { rows } = status
      ? await this.query<SubmissionRow>('SELECT * FROM submissions WHERE status = $1 ORDER BY id', [status])
      : await this.query<SubmissionRow>('SELECT * FROM submissions ORDER BY id');
    return rows.map(toSubmission);
  }

  /**
   * Close a submission and apply its record change in one transaction. The transaction first takes the
   * advisory lock of the submission's record key (the same lock applyChanges takes), so reviews of
   * submissions for one key are serialised across processes; then only an open submission can be
   * reviewed (another process reviewed it first → 409 already-reviewed, superseded → 409
   * submission-superseded), a newer published submission refuses the publication (409
   * submission-superseded), and publishing closes the older open submissions for the key as superseded.
   */
  async reviewSubmission(id: number, review: { status: 'published' | 'returned'; reviewer: string; comment?: string }, change?: RecordChange): Promise<ReviewedSubmission> {
    return this.transaction(async (c) => {
      const key = (await c.query<{ key: string }>('SELECT key FROM submissions WHERE id = $1', [id])).rows[0]?.key;
      if (key === undefined) throw new CentreError(404, 'submission-not-found', { id });
      await c.query(WRITE_SHARED_SQL);
      await c.query(LOCK_KEYS_SQL, [[key]]);
      const cur = (await c.query<SubmissionRow>('SELECT * FROM submissions WHERE id = $1', [id])).rows[0];
      if (cur.status === 'superseded') throw supersededError(id, key, supersededCause(toSubmission(cur)));
      if (cur.status !== 'submitted') throw new CentreError(409, 'already-reviewed', { id, status: cur.status });
      const now = utcNow();
      let superseded: number[] = [];
      if (review.status === 'published') {
        const newer = (await c.query<{ id: string }>(`SELECT id FROM submissions WHERE key = $1 AND id > $2 AND status = 'published' ORDER BY id DESC LIMIT 1`, [key, id])).rows[0];
        if (newer) throw supersededError(id, key, Number(newer.id));
        superseded = (await c.query<{ id: string }>(`UPDATE submissions SET status = 'superseded', reviewed = $1, reviewer = $2, superseded_by = $3
          WHERE key = $4 AND id < $3 AND status = 'submitted' RETURNING id`, [now, review.reviewer, id, key])).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      }
      const { rows } = await c.query<SubmissionRow>(`UPDATE submissions SET status = $1, reviewed = $2, reviewer = $3, comment = $4
        WHERE id = $5 AND status = 'submitted' RETURNING *`, [review.status, now, review.reviewer, review.comment ?? null, id]);
      if (change) await this.applyIn(c, [change]);
      return { ...toSubmission(rows[0]), ...(superseded.length ? { superseded } : {}) };
    });
  }

  async listAuthorities(): Promise<ElementAuthority[]> {
    return (await this.query<AuthorityRow>('SELECT * FROM element_authorities ORDER BY element')).rows.map(toAuthority);
  }

  async setAuthority(a: ElementAuthority): Promise<void> {
    await this.query(`INSERT INTO element_authorities (element, provider, resource_key, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (element) DO UPDATE SET provider = excluded.provider, resource_key = excluded.resource_key, set_by = excluded.set_by, set_at = excluded.set_at`,
    [a.element, a.provider, a.resourceKey ?? null, a.setBy, a.setAt]);
  }

  async removeAuthority(element: string): Promise<boolean> {
    return ((await this.query('DELETE FROM element_authorities WHERE element = $1', [element])).rowCount ?? 0) > 0;
  }

  async getHarvestState(source: string): Promise<HarvestState | undefined> {
    const { rows } = await this.query<{ source: string; last_datestamp: string | null; last_run: string | null }>('SELECT * FROM harvest_state WHERE source = $1', [source]);
    const row = rows[0];
    return row ? { source: row.source, ...(row.last_datestamp ? { lastDatestamp: row.last_datestamp } : {}), ...(row.last_run ? { lastRun: row.last_run } : {}) } : undefined;
  }

  async setHarvestState(state: HarvestState): Promise<void> {
    await this.query(`INSERT INTO harvest_state (source, last_datestamp, last_run) VALUES ($1, $2, $3)
      ON CONFLICT (source) DO UPDATE SET last_datestamp = excluded.last_datestamp, last_run = excluded.last_run`,
    [state.source, state.lastDatestamp ?? null, state.lastRun ?? null]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.analyzing;
    await this.pool.end();
  }
}

/** Connect to a centre database on PostgreSQL, applying pending migrations. */
export function openPgStore(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
  return PgStore.open(url, opts);
}
