import mysql from 'mysql2/promise';
import { redactPgUrl } from '../centre/pg-store.js';
import { DescribeError } from './errors.js';
import type { RawColumn, SqlIntrospector } from './sql.js';
import type { DescribeLimits } from './table.js';

const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const asDate = (v: unknown) => (v instanceof Date ? v : v === null || v === undefined ? null : new Date(String(v)));

/** Bound every statement: MariaDB's max_statement_time (seconds) or MySQL's max_execution_time (ms); the other is unknown and ignored. */
async function boundStatements(conn: mysql.Connection, ms: number): Promise<void> {
  await conn.query(`SET SESSION max_statement_time = ${Math.ceil(ms / 1000)}`).catch(() => conn.query(`SET SESSION max_execution_time = ${ms}`).catch(() => {}));
}

/**
 * A MySQL or MariaDB database (mysql:// or mariadb:// URL; the database is --schema or the URL's path), read in one
 * READ ONLY transaction with a statement timeout. Comments come from TABLE_COMMENT / COLUMN_COMMENT.
 */
export async function mysqlIntrospector(url: string, schema: string | undefined, limits: DescribeLimits): Promise<SqlIntrospector> {
  const source = redactPgUrl(url);
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const database = schema ?? decodeURIComponent(u.pathname.replace(/^\//, ''));
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: u.hostname, port: u.port ? Number(u.port) : 3306, user: decodeURIComponent(u.username), password: decodeURIComponent(u.password),
      ...(database ? { database } : {}), connectTimeout: limits.connectTimeoutMs, dateStrings: false, supportBigNumbers: true, bigNumberStrings: true,
    });
    await boundStatements(conn, limits.statementTimeoutMs);
    await conn.query('START TRANSACTION READ ONLY');
  } catch (err) {
    throw new DescribeError('describe-connect', { source, detail: (err as NodeJS.ErrnoException).code ?? (err as Error).message }, 3);
  }
  if (!database) {
    await conn.end().catch(() => {});
    throw new DescribeError('describe-connect', { source, detail: 'no database named: add it to the URL (mysql://host/db) or pass --schema' }, 2);
  }
  const rel = (table: string) => `${q(database)}.${q(table)}`;
  const rows = async <T>(sql: string, params: unknown[] = []) => (await conn.query(sql, params))[0] as T[];
  return {
    source,
    formatType: 'mysql',
    tables: async () => rows<{ name: string; comment: string }>('SELECT TABLE_NAME AS name, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME', [database]),
    columns: async (table) =>
      (await rows<{ name: string; type: string; charLength: number | null; precision: number | null; scale: number | null; nullable: string; comment: string; dataType: string }>(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, DATA_TYPE AS dataType, CHARACTER_MAXIMUM_LENGTH AS charLength, NUMERIC_PRECISION AS \`precision\`,
                NUMERIC_SCALE AS scale, IS_NULLABLE AS nullable, COLUMN_COMMENT AS comment
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [database, table])).map(
        (c): RawColumn => ({
          name: c.name, type: c.type, comment: c.comment || null, nullable: c.nullable === 'YES',
          charLength: c.charLength === null ? null : Number(c.charLength),
          // precision only means digits for DECIMAL; an INT's NUMERIC_PRECISION is not its storage size
          precision: /^decimal|^numeric/i.test(c.dataType) ? Number(c.precision) : null, scale: /^decimal|^numeric/i.test(c.dataType) ? Number(c.scale) : null,
        }),
      ),
    count: async (table) => Number((await rows<{ n: string }>(`SELECT COUNT(*) AS n FROM ${rel(table)}`))[0].n),
    maxLengths: async (table, columns) => {
      const row = (await rows<Record<string, string | null>>(`SELECT ${columns.map((c, i) => `MAX(CHAR_LENGTH(${q(c)})) AS m${i}`).join(', ')} FROM ${rel(table)}`))[0];
      return Object.fromEntries(columns.map((c, i) => [c, Number(row[`m${i}`] ?? 0)]));
    },
    dayStats: async (table, column) => {
      const r = (await rows<{ days: string; lo: unknown; hi: unknown }>(`SELECT COUNT(DISTINCT DATE(${q(column)})) AS days, MIN(${q(column)}) AS lo, MAX(${q(column)}) AS hi FROM ${rel(table)}`))[0];
      return { days: Number(r.days), min: asDate(r.lo), max: asDate(r.hi) };
    },
    close: async () => {
      await conn.query('ROLLBACK').catch(() => {});
      await conn.end().catch(() => {});
    },
  };
}
