import { randomBytes } from 'node:crypto';
import type { CentreLevel } from './level.js';
import { STORED_MAX } from './run-error.js';
import type { CentreIdentity, HarvestRun, HarvestSource } from './store.js';

/** Rows of the tree tables as both SQL stores return them (PostgreSQL: bigint as string, boolean as boolean). */

export interface SourceRow {
  url: string; kind: string; centre_id: string | null; name: string | null; level: string | null; division: string | null;
  every_ms: number | string | null; added: string; last_attempt: string | null; last_success: string | null;
  last_error: string | null; last_error_at: string | null; failures: number | string;
}

const opt = <K extends string, V>(k: K, v: V | null | undefined) => (v === null || v === undefined ? {} : { [k]: v } as Record<K, V>);

export const toSource = (r: SourceRow): HarvestSource => ({
  url: r.url, kind: r.kind as HarvestSource['kind'], ...opt('centreId', r.centre_id), ...opt('name', r.name), ...opt('level', r.level as CentreLevel | null),
  ...opt('division', r.division), ...opt('everyMs', r.every_ms === null ? null : Number(r.every_ms)), added: r.added,
  ...opt('lastAttempt', r.last_attempt), ...opt('lastSuccess', r.last_success), ...opt('lastError', r.last_error), ...opt('lastErrorAt', r.last_error_at),
  failures: Number(r.failures),
});

export interface RunRow {
  source: string; started: string; finished: string; ok: boolean | number; error: string | null;
  received: number | string; created: number | string; updated: number | string; withdrawn: number | string; runner: string;
}

export const toRun = (r: RunRow): HarvestRun => ({
  source: r.source, started: r.started, finished: r.finished, ok: !!r.ok, ...opt('error', r.error),
  received: Number(r.received), created: Number(r.created), updated: Number(r.updated), withdrawn: Number(r.withdrawn), runner: r.runner,
});

/** The identity stored as one JSON setting; a fresh id when there is none yet. */
export function identityFrom(json: string | undefined): CentreIdentity {
  if (json) return JSON.parse(json) as CentreIdentity;
  return { id: `centre-${randomBytes(8).toString('hex')}` };
}

/** The identity with `patch` applied: an undefined value leaves the field as it was. */
export function patchIdentity(cur: CentreIdentity, patch: Partial<Omit<CentreIdentity, 'id'>>): CentreIdentity {
  const next: CentreIdentity = { ...cur };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  return next;
}

/** Keep an error text stored for a source short and on one line (it comes from a remote centre; run-error.ts). */
export const errorLine = (s: string) => s.replace(/\s+/g, ' ').slice(0, STORED_MAX);
