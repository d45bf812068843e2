/**
 * Counts of published records by one dimension, for the overview page and the browse page's provider list.
 * One GROUP BY over the records table in both stores (the same SQL; only the parameter placeholder differs);
 * the largest `limit` groups come back, most records first. Class is the top level of the class code
 * (2017 guide 类: 1 基础, 2 主题, 3 部门; a GB/T 21063 code's first character); records without one count under null.
 */

export type CountDimension = 'provider' | 'class' | 'shareType' | 'origin';

export interface CountRow {
  /** Provider code, class, share type or origin; null when the records have none. */
  value: string | null;
  /** Provider name (provider only). */
  name?: string;
  count: number;
}

const EXPR: Record<CountDimension, string> = {
  provider: 'provider',
  class: 'substr(class_code, 1, 1)',
  shareType: 'share_type',
  origin: 'origin',
};

/** The query for `d`; `limit` is its one parameter, written by `param` ("?" in SQLite, "$1" in PostgreSQL). */
export function countSql(d: CountDimension, param: string): string {
  const name = d === 'provider' ? 'max(provider_name)' : 'NULL';
  return `SELECT ${EXPR[d]} AS value, ${name} AS name, count(*) AS n FROM records WHERE status = 'published'
    GROUP BY ${EXPR[d]} ORDER BY n DESC, value LIMIT ${param}`;
}

/** A row of that query as a CountRow (PostgreSQL returns count(*) as a string). */
export function countRow(r: { value: string | null; name: string | null; n: number | string }): CountRow {
  return { value: r.value, ...(r.name !== null && r.name !== undefined ? { name: r.name } : {}), count: Number(r.n) };
}
