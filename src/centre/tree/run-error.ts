/**
 * How a failed scheduled harvest is kept (harvest_sources.last_error, harvest_runs.error, the schedule's log line):
 * an error with a code and params (HarvestError, TreeError) as `{ code, params }`, worded in zh or en only where it
 * is shown (GET /api/v1/centres in the caller's language, `catalog centre source list`: i18n/render-error.ts); any
 * other failure (a database error) as its message. Strings are cut so the stored JSON stays whole within errorLine.
 */
export interface RunErrorData {
  code: string;
  params: Record<string, unknown>;
}

export function runErrorData(err: unknown): RunErrorData | string {
  const e = err as { code?: unknown; params?: unknown; message?: unknown } | undefined;
  if (e && typeof e.code === 'string' && e.params && typeof e.params === 'object') return { code: e.code, params: clipStrings(e.params) as Record<string, unknown> };
  return String(e?.message ?? err);
}

/** The text stored for a failed run: the JSON of runErrorData (without params if too long), or the message. */
export function storedRunError(err: unknown): string {
  const data = runErrorData(err);
  if (typeof data === 'string') return data;
  const whole = JSON.stringify(data);
  return whole.length <= STORED_MAX ? whole : JSON.stringify({ code: data.code, params: {} });
}

/** The longest text stored for one failed run (rows.ts errorLine cuts there). */
export const STORED_MAX = 1000;

function clipStrings(v: unknown): unknown {
  if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 199)}…` : v;
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clipStrings(x)]));
}
