import pg from 'pg';
import { redactPgUrl } from '../centre/pg-store.js';
import { DescribeError } from './errors.js';
import type { RawColumn, SqlIntrospector } from './sql.js';
import type { DescribeLimits } from './table.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const asDate = (v: unknown) => (v instanceof Date ? v : v === null || v === undefined ? null : new Date(String(v)));

/**
 * A PostgreSQL database, read in one READ ONLY transaction with a statement timeout: describe cannot change it
 * and a slow query ends. Comments come from COMMENT ON TABLE / COLUMN.
 */
export async function postgresIntrospector(url: string, schema: string, limits: DescribeLimits): Promise<SqlIntrospector> {
  const source = redactPgUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: limits.connectTimeoutMs, statement_timeout: limits.statementTimeoutMs, application_name: 'catalog describe' });
  client.on('error', () => {}); // a dropped connection surfaces on the next query
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
  } catch (err) {
    await client.end().catch(() => {});
    throw new DescribeError('describe-connect', { source, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }, 3);
  }
  const rel = (table: string) => `${q(schema)}.${q(table)}`;
  return {
    source,
    formatType: 'postgresql',
    tables: async () =>
      (await client.query(
        `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY c.relname`, [schema])).rows,
    columns: async (table) =>
      (await client.query(
        `SELECT c.column_name AS name, c.data_type AS type, c.character_maximum_length AS "charLength", c.numeric_precision AS precision,
                c.numeric_scale AS scale, c.is_nullable = 'YES' AS nullable,
                col_description(format('%I.%I', c.table_schema, c.table_name)::regclass, c.ordinal_position) AS comment
         FROM information_schema.columns c WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position`, [schema, table])).rows.map(
        (r: RawColumn) => ({ ...r, precision: r.type === 'numeric' ? r.precision : null }),
      ),
    count: async (table) => Number((await client.query(`SELECT COUNT(*) AS n FROM ${rel(table)}`)).rows[0].n),
    maxLengths: async (table, columns) => {
      const row = (await client.query(`SELECT ${columns.map((c, i) => `MAX(char_length(${q(c)}::text)) AS m${i}`).join(', ')} FROM ${rel(table)}`)).rows[0] as Record<string, number | null>;
      return Object.fromEntries(columns.map((c, i) => [c, Number(row[`m${i}`] ?? 0)]));
    },
    dayStats: async (table, column) => {
      const r = (await client.query(`SELECT COUNT(DISTINCT ${q(column)}::date) AS days, MIN(${q(column)}) AS lo, MAX(${q(column)}) AS hi FROM ${rel(table)}`)).rows[0];
      return { days: Number(r.days), min: asDate(r.lo), max: asDate(r.hi) };
    },
    close: async () => {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
