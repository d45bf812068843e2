import fs from 'node:fs';
import { describeFile } from './files.js';
import { describeSql } from './sql.js';
import { isSqliteFile, sqliteIntrospector } from './sqlite.js';
import { DescribeError } from './errors.js';
import { DEFAULT_DESCRIBE_LIMITS, type DescribeOptions, type TableDescription } from './table.js';
import { redactPgUrl } from '../centre/pg-store.js';

/** The kind of source a command-line argument names. */
export function sourceKind(source: string): 'postgres' | 'mysql' | 'sqlite' | 'file' | undefined {
  if (/^postgres(ql)?:\/\//i.test(source)) return 'postgres';
  if (/^(mysql|mariadb):\/\//i.test(source)) return 'mysql';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) return 'file'; // the readers name the missing file
  return isSqliteFile(source) ? 'sqlite' : 'file';
}

/** A database URL the drivers can parse, else exit 2 naming it (password hidden) instead of an internal error. */
function checkUrl(source: string): void {
  try {
    new URL(source);
  } catch (err) {
    throw new DescribeError('describe-bad-url', { source: redactPgUrl(source), detail: (err as Error).message });
  }
}

/**
 * Describe every table of a source (or those named by `tables`): a CSV/XLSX/XLS file (each sheet a table), a SQLite
 * file, or a PostgreSQL / MySQL / MariaDB URL. Only structure and counts come back.
 */
export async function describeSource(source: string, options: DescribeOptions = {}): Promise<TableDescription[]> {
  const limits = { ...DEFAULT_DESCRIBE_LIMITS, ...options.limits };
  const kind = sourceKind(source);
  if (kind === 'postgres' || kind === 'mysql') checkUrl(source);
  if (kind === 'postgres') {
    const { postgresIntrospector } = await import('./postgres.js');
    return describeSql(await postgresIntrospector(source, options.schema ?? 'public', limits), options);
  }
  if (kind === 'mysql') {
    const { mysqlIntrospector } = await import('./mysql.js');
    return describeSql(await mysqlIntrospector(source, options.schema, limits), options);
  }
  if (kind === 'sqlite') return describeSql(sqliteIntrospector(source), options);
  if (kind === 'file') return describeFile(source, options);
  throw new DescribeError('describe-unsupported', { source: redactPgUrl(source) });
}
