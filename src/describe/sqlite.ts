import Database from 'better-sqlite3';
import fs from 'node:fs';
import { DescribeError } from './errors.js';
import type { RawColumn, SqlIntrospector } from './sql.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** True when the file starts with SQLite's header (whatever its extension). */
export function isSqliteFile(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(16);
      fs.readSync(fd, buf, 0, 16, 0);
      return buf.toString('latin1') === SQLITE_MAGIC;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A SQLite file opened read-only (the file is never written, not even its journal). SQLite has no comments and
 * no statement timeout: queries are aggregates over one table at a time.
 */
export function sqliteIntrospector(file: string): SqlIntrospector {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
  } catch (err) {
    throw new DescribeError('describe-connect', { source: file, detail: (err as Error).message }, 2);
  }
  return {
    source: file,
    // a damaged file is unreadable input, not a database that failed
    queryExit: 2,
    formatType: 'sqlite',
    tables: async () => db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[],
    columns: async (table) =>
      (db.prepare(`PRAGMA table_info(${q(table)})`).all() as { name: string; type: string; notnull: number; pk: number }[]).map(
        (c): RawColumn => ({ name: c.name, type: c.type || 'text', nullable: !c.notnull && !c.pk }),
      ),
    count: async (table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${q(table)}`).get() as { n: number }).n,
    maxLengths: async (table, columns) => {
      const row = db.prepare(`SELECT ${columns.map((c, i) => `MAX(LENGTH(${q(c)})) AS m${i}`).join(', ')} FROM ${q(table)}`).get() as Record<string, number | null>;
      return Object.fromEntries(columns.map((c, i) => [c, Number(row[`m${i}`] ?? 0)]));
    },
    dayStats: async (table, column) => {
      const r = db.prepare(`SELECT COUNT(DISTINCT date(${q(column)})) AS days, MIN(${q(column)}) AS lo, MAX(${q(column)}) AS hi FROM ${q(table)}`).get() as { days: number; lo: unknown; hi: unknown };
      const d = (v: unknown) => (v === null || v === undefined ? null : new Date(typeof v === 'number' ? v : String(v).replace(' ', 'T')));
      return { days: r.days, min: d(r.lo), max: d(r.hi) };
    },
    close: async () => void db.close(),
  };
}
