import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonicalJson } from '../model/identity.js';
import { PgStore, redactPgUrl } from './pg-store.js';

/**
 * Move an embedded (SQLite) centre to PostgreSQL without loss: `catalog centre migrate`.
 *
 * Every table of the SQLite store is copied as is (records with their datestamps and origins, the
 * whole history with its sequence numbers, stored registration answers, token hashes, submissions with
 * their ids, harvest state, data-element authorities, and the tree of centres: identity, harvest sources and
 * runs, centre tokens, origin chains), in ONE PostgreSQL transaction. Before committing, every source row is
 * compared with the target row (content hash of the canonical record JSON + every column); any
 * difference rolls the whole copy back. Rows already in the target are left alone, so re-running
 * the migration copies nothing and verifies again (idempotent). Target rows the source does not have
 * (the PostgreSQL centre was used since) are reported, not touched.
 */

export interface TableReport {
  table: string;
  /** Rows in the SQLite source. */
  source: number;
  /** Rows copied by this run. */
  copied: number;
  /** Source rows that were already in the target (an earlier run). */
  present: number;
  /** Rows in the target after the run. */
  target: number;
  /** Source rows whose target row differs. */
  mismatched: number;
}

export interface MigrationMismatch {
  table: string;
  id: string;
  /** Columns that differ ("missing" when the target row is absent). */
  fields: string[];
}

export interface CentreMigrationReport {
  from: string;
  to: string;
  /** True when every source row is in the target, identical; the copy was committed. */
  ok: boolean;
  tables: TableReport[];
  /** First mismatches (at most 50). */
  mismatches: MigrationMismatch[];
  /** Records compared by content hash. */
  recordsCompared: number;
}

export class CentreMigrationError extends Error {
  constructor(message: string, public code: 'migrate-source-missing' | 'migrate-source-invalid') {
    super(message);
  }
}

interface TableSpec {
  table: string;
  /** Columns, identity first. */
  columns: string[];
  /** Primary key columns. */
  key: string[];
  /** PostgreSQL type of each column for unnest (default text). */
  types?: Record<string, string>;
  /** Columns holding record JSON: compared by content hash of the canonical JSON. */
  json?: string[];
  /** Columns an older source database may lack (read as NULL). */
  optional?: string[];
  /** GENERATED ALWAYS identity column to copy with OVERRIDING SYSTEM VALUE and move the sequence past. */
  identity?: string;
  /** A unique source column to page (and so copy) in, when not the primary key order. */
  pageBy?: string;
  /**
   * A table an older source database may lack (created by a later version, or, for the tree tables, only once the
   * centre was served or joined): copied when present, reported with 0 rows when not.
   */
  optionalTable?: boolean;
  /**
   * Columns copied but not compared: the target moves them as soon as it runs (a token used, a source harvested),
   * so a re-run after the PostgreSQL centre was used would otherwise report its rows as differing.
   */
  volatile?: string[];
}

const TABLES: TableSpec[] = [
  // Copied in SQLite id order (that store renews a record's id on every write), so the target's search
  // order, set by a trigger as rows arrive (migration 4), is the source's: most recently changed first.
  { table: 'records', key: ['key'], json: ['record'], pageBy: 'id',
    columns: ['key', 'provider', 'provider_name', 'hash', 'status', 'datestamp', 'origin', 'record', 'class_code', 'share_type', 'search_text'] },
  { table: 'history', key: ['seq'], identity: 'seq', json: ['record'], types: { seq: 'bigint' },
    columns: ['seq', 'key', 'action', 'status', 'hash', 'at', 'actor', 'origin', 'comment', 'record'] },
  { table: 'answers', key: ['id', 'hash'], json: ['answer'], columns: ['id', 'hash', 'answer', 'created'] },
  { table: 'tokens', key: ['id'], types: { admin: 'boolean' }, columns: ['id', 'hash', 'provider', 'admin', 'label', 'created', 'revoked', 'public_key', 'expires', 'last_used'],
    optional: ['public_key', 'expires', 'last_used'], volatile: ['last_used'] },
  { table: 'submissions', key: ['id'], identity: 'id', json: ['record'], types: { id: 'bigint', superseded_by: 'bigint', superseded_seq: 'bigint' },
    columns: ['id', 'key', 'provider', 'hash', 'record', 'status', 'created', 'actor', 'reviewed', 'reviewer', 'comment', 'superseded_by', 'superseded_seq', 'superseded_action', 'action'],
    optional: ['superseded_by', 'superseded_seq', 'superseded_action', 'action'] },
  { table: 'harvest_state', key: ['source'], columns: ['source', 'last_datestamp', 'last_run'] },
  // 一数一源 (PostgreSQL migration 8)
  { table: 'element_authorities', key: ['element'], optionalTable: true, columns: ['element', 'provider', 'resource_key', 'set_by', 'set_at'] },
  // the tree of centres (PostgreSQL migration 7, src/centre/tree/): identity, sources, runs, centre tokens, origin chains
  { table: 'centre_settings', key: ['name'], optionalTable: true, columns: ['name', 'value'] },
  { table: 'harvest_sources', key: ['url'], optionalTable: true, types: { every_ms: 'bigint', failures: 'integer' },
    columns: ['url', 'kind', 'centre_id', 'name', 'level', 'division', 'every_ms', 'added', 'last_attempt', 'last_success', 'last_error', 'last_error_at', 'failures'],
    volatile: ['last_attempt', 'last_success', 'last_error', 'last_error_at', 'failures'] },
  { table: 'harvest_runs', key: ['id'], identity: 'id', optionalTable: true,
    types: { id: 'bigint', ok: 'boolean', received: 'integer', created: 'integer', updated: 'integer', withdrawn: 'integer' },
    columns: ['id', 'source', 'started', 'finished', 'ok', 'error', 'received', 'created', 'updated', 'withdrawn', 'runner'] },
  { table: 'centre_tokens', key: ['token_id'], optionalTable: true, columns: ['token_id'] },
  { table: 'record_chain', key: ['key'], optionalTable: true, columns: ['key', 'via', 'chain'] },
];

const BATCH = 1000;
const MAX_MISMATCHES = 50;

const jsonHash = (text: unknown) => (text === null || text === undefined ? null : createHash('sha256').update(canonicalJson(JSON.parse(String(text)))).digest('hex'));

/** A value as both sides compare it: numbers and booleans as strings, NULL as null. */
function norm(v: unknown, type: string | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (type === 'boolean') return v === true || v === 1 || v === '1' || v === 't' ? 'true' : 'false';
  return String(v);
}

/** `onRows(table, rows, total)`: rows of `table` copied and compared so far, of `total` in the source (progress). */
export async function migrateSqliteToPg(fromFile: string, toUrl: string, onRows?: (table: string, rows: number, total: number) => void): Promise<CentreMigrationReport> {
  let src: Database.Database;
  try {
    src = new Database(fromFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CentreMigrationError(`cannot open ${fromFile}: ${(err as Error).message}`, 'migrate-source-missing');
  }
  try {
    const have = new Set((src.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = TABLES.filter((t) => !t.optionalTable && !have.has(t.table)).map((t) => t.table);
    if (missing.length) throw new CentreMigrationError(`${fromFile} is not a centre database (no ${missing.join(', ')} table)`, 'migrate-source-invalid');
    const store = await PgStore.open(toUrl);
    try {
      // One read transaction on the source: a consistent snapshot of all tables.
      src.exec('BEGIN');
      try {
        return await store.transaction(async (c) => {
          const report: CentreMigrationReport = { from: fromFile, to: redactPgUrl(toUrl), ok: true, tables: [], mismatches: [], recordsCompared: 0 };
          for (const spec of TABLES) report.tables.push(have.has(spec.table) ? await copyTable(src, c, spec, report, onRows) : await absentTable(c, spec.table));
          report.ok = report.tables.every((t) => t.mismatched === 0);
          // Verification failed: roll the copy back (throwing makes transaction() roll back), report after.
          if (!report.ok) throw new VerificationFailed(report);
          return report;
        }).catch((err) => {
          if (err instanceof VerificationFailed) return err.report;
          throw err;
        });
      } finally {
        src.exec('COMMIT');
      }
    } finally {
      await store.close();
    }
  } finally {
    src.close();
  }
}

/** A table the source does not have (an older centre): nothing to copy, the target's rows are counted. */
async function absentTable(c: pg.PoolClient, table: string): Promise<TableReport> {
  const target = Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return { table, source: 0, copied: 0, present: 0, target, mismatched: 0 };
}

class VerificationFailed extends Error {
  constructor(public report: CentreMigrationReport) {
    super('verification failed');
  }
}

async function copyTable(src: Database.Database, c: pg.PoolClient, spec: TableSpec, report: CentreMigrationReport, onRows?: (table: string, rows: number, total: number) => void): Promise<TableReport> {
  const { table, columns, key } = spec;
  const type = (col: string) => spec.types?.[col] ?? 'text';
  const out: TableReport = { table, source: 0, copied: 0, present: 0, target: 0, mismatched: 0 };
  const order = key.map((k) => `"${k}"`).join(', ');
  const cols = columns.map((col) => `"${col}"`).join(', ');
  const srcHas = new Set((src.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name));
  const paging = spec.pageBy ? [spec.pageBy] : key;
  const srcCols = [...columns.map((col) => (srcHas.has(col) || !spec.optional?.includes(col) ? `"${col}"` : `NULL AS "${col}"`)),
    ...paging.filter((k) => !columns.includes(k)).map((k) => `"${k}"`)].join(', ');
  // Keyset paging over the source (primary-key order unless pageBy).
  const pageOrder = paging.map((k) => `"${k}"`).join(', ');
  const firstPage = src.prepare(`SELECT ${srcCols} FROM ${table} ORDER BY ${pageOrder} LIMIT ?`);
  const nextPage = src.prepare(`SELECT ${srcCols} FROM ${table} WHERE (${pageOrder}) > (${paging.map(() => '?').join(', ')}) ORDER BY ${pageOrder} LIMIT ?`);
  const unnest = columns.map((col, i) => `$${i + 1}::${type(col)}[]`).join(', ');
  const insert = `INSERT INTO ${table} (${cols}) ${spec.identity ? 'OVERRIDING SYSTEM VALUE ' : ''}
    SELECT * FROM unnest(${unnest}) ON CONFLICT (${order}) DO NOTHING RETURNING 1`;
  const keyMatch = key.length === 1
    ? `"${key[0]}" = ANY($1::${type(key[0])}[])`
    : `(${order}) IN (SELECT * FROM unnest(${key.map((k, i) => `$${i + 1}::${type(k)}[]`).join(', ')}))`;
  const fetchTarget = `SELECT ${cols} FROM ${table} WHERE ${keyMatch}`;
  const idOf = (row: Record<string, unknown>) => key.map((k) => String(row[k])).join(' ');

  const total = onRows ? (src.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
  let after: unknown[] | undefined;
  for (;;) {
    const rows = (after ? nextPage.all(...after, BATCH) : firstPage.all(BATCH)) as Record<string, unknown>[];
    if (!rows.length) break;
    out.source += rows.length;
    onRows?.(table, out.source, total);
    after = paging.map((k) => rows[rows.length - 1][k]);
    const params = columns.map((col) => rows.map((r) => norm(r[col], type(col))));
    const ins = await c.query(insert, params);
    out.copied += ins.rowCount ?? 0;
    // Compare every source row of the batch with what the target now holds.
    const got = await c.query(fetchTarget, key.map((k) => rows.map((r) => norm(r[k], type(k)))));
    const byId = new Map(got.rows.map((r) => [idOf(r), r]));
    for (const r of rows) {
      const t = byId.get(idOf(r));
      if (!t) {
        out.mismatched++;
        if (report.mismatches.length < MAX_MISMATCHES) report.mismatches.push({ table, id: idOf(r), fields: ['missing'] });
        continue;
      }
      const diff = columns.filter((col) => !spec.volatile?.includes(col) && (spec.json?.includes(col)
        ? jsonHash(r[col]) !== jsonHash(t[col]) || norm(r[col], 'text') !== norm(t[col], 'text')
        : norm(r[col], type(col)) !== norm(t[col], type(col))));
      if (table === 'records') report.recordsCompared++;
      if (diff.length) {
        out.mismatched++;
        if (report.mismatches.length < MAX_MISMATCHES) report.mismatches.push({ table, id: idOf(r), fields: diff });
      }
    }
  }
  out.present = out.source - out.copied;
  if (spec.identity) {
    // New rows made on PostgreSQL must get ids after the migrated ones.
    await c.query(`SELECT setval(pg_get_serial_sequence('${table}', '${spec.identity}'), GREATEST((SELECT max("${spec.identity}") FROM ${table}), 1),
      (SELECT max("${spec.identity}") FROM ${table}) IS NOT NULL)`);
  }
  out.target = Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return out;
}
