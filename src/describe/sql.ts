import { guideTypeOf, type DeclaredColumn } from './datatype.js';
import { cycleFromDays, UPDATE_COLUMN } from './cycle.js';
import { DescribeError } from './errors.js';
import { DEFAULT_DESCRIBE_LIMITS, type ColumnDescription, type DescribeOptions, type TableDescription, type UpdateHint } from './table.js';

export interface RawColumn extends DeclaredColumn {
  name: string;
  nullable?: boolean;
  comment?: string | null;
}

/**
 * What describe asks of a database. Every query is an aggregate or a catalogue lookup: only structure and counts
 * come back, except min/max of one timestamp column, which stay in memory to compute the update-cycle hint.
 */
export interface SqlIntrospector {
  /** The source as printed: URL with the password redacted, or the file path. */
  source: string;
  /** Exit code of a failed query: 3 (the database server failed) unless the source is a local file (2: unreadable input). */
  queryExit?: 2 | 3;
  formatType: string;
  tables(): Promise<{ name: string; comment?: string | null }[]>;
  columns(table: string): Promise<RawColumn[]>;
  count(table: string): Promise<number>;
  /** Longest value (characters) of each named column. */
  maxLengths(table: string, columns: string[]): Promise<Record<string, number>>;
  /** Distinct days and the first and last instant of a timestamp column. */
  dayStats(table: string, column: string): Promise<{ days: number; min: Date | null; max: Date | null }>;
  close(): Promise<void>;
}

/** The largest character length the guide's 字符型 holds (VFP-style, 254 bytes); longer text is 备注型 M. */
const MAX_CHAR = 254;

/** The tables asked for (all when none), refusing unknown names and more than the limit. */
export function pickTables<T extends { name: string }>(source: string, all: T[], wanted: string[] | undefined, maxTables: number): T[] {
  if (!all.length) throw new DescribeError('describe-no-tables', { source });
  let picked = all;
  if (wanted?.length) {
    picked = wanted.map((w) => {
      const hit = all.find((t) => t.name === w || t.name === w.split('.').pop());
      if (!hit) throw new DescribeError('describe-table-unknown', { source, table: w, available: all.slice(0, 50).map((t) => t.name).join(', ') });
      return hit;
    });
  }
  if (picked.length > maxTables) throw new DescribeError('describe-too-many-tables', { source, count: picked.length, limit: maxTables });
  return picked;
}

async function describeColumns(db: SqlIntrospector, table: string, raw: RawColumn[]): Promise<ColumnDescription[]> {
  const cols: ColumnDescription[] = raw.map((c) => ({
    name: c.name, ...(c.comment ? { comment: c.comment } : {}), ...guideTypeOf(c), declaredType: c.type,
    ...(c.nullable !== undefined ? { nullable: c.nullable } : {}),
  }));
  // Text with no declared length: measure the longest value (an aggregate), C up to 254 characters, else M.
  const open = cols.filter((c) => (c.dataType === 'M' || c.dataType === 'C') && !c.length);
  if (open.length) {
    const longest = await db.maxLengths(table, open.map((c) => c.name));
    for (const c of open) {
      const n = longest[c.name] ?? 0;
      c.dataType = n > MAX_CHAR ? 'M' : 'C';
      c.length = String(Math.max(n, 1));
    }
  }
  return cols;
}

async function updateHint(db: SqlIntrospector, table: string, cols: ColumnDescription[]): Promise<UpdateHint | undefined> {
  const col = cols.find((c) => (c.dataType === 'T' || c.dataType === 'D') && UPDATE_COLUMN.test(`${c.name} ${c.comment ?? ''}`));
  if (!col) return undefined;
  const s = await db.dayStats(table, col.name);
  if (!s.min || !s.max) return undefined;
  const spanDays = Math.round((s.max.getTime() - s.min.getTime()) / 86_400_000);
  const cycle = cycleFromDays(s.days, spanDays);
  return cycle ? { column: col.comment ? `${col.comment} (${col.name})` : col.name, updateCycle: cycle, distinctDays: s.days, spanDays } : undefined;
}

/** Describe the chosen tables of a database, one after the other (a database is not hammered in parallel). */
export async function describeSql(db: SqlIntrospector, options: DescribeOptions = {}): Promise<TableDescription[]> {
  const limits = { ...DEFAULT_DESCRIBE_LIMITS, ...options.limits };
  try {
    const tables = pickTables(db.source, await db.tables(), options.tables, limits.maxTables);
    const out: TableDescription[] = [];
    for (const t of tables) {
      const raw = await db.columns(t.name);
      const kept = raw.slice(0, limits.maxColumns);
      const columns = await describeColumns(db, t.name, kept);
      const hint = await updateHint(db, t.name, columns);
      out.push({
        name: t.name, ...(t.comment ? { comment: t.comment } : {}), rows: await db.count(t.name), columns,
        format: { category: '数据库', type: db.formatType }, source: db.source,
        ...(hint ? { updateHint: hint } : {}), ...(raw.length > kept.length ? { truncated: { columns: raw.length - kept.length } } : {}),
      });
    }
    return out;
  } catch (err) {
    if (err instanceof DescribeError) throw err;
    throw new DescribeError('describe-query', { source: db.source, detail: (err as Error).message }, db.queryExit ?? 3);
  } finally {
    await db.close();
  }
}
