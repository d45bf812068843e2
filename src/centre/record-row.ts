import type { ElementAuthority, HistoryAction, NewToken, StoredRecord, Submission, SubmissionStatus, TokenInfo } from './store.js';

/** Rows of the tables as both SQL stores return them, and what they map to (PostgreSQL returns bigint as string, boolean as boolean; SQLite numbers and 0/1). */

/** The `records` table row as both SQL stores return it (the record itself kept as JSON text). */
export interface RecordRow {
  key: string; provider: string; hash: string; status: string; datestamp: string; origin: string; record: string;
}

export const toRecord = (r: RecordRow): StoredRecord => ({
  key: r.key, provider: r.provider, hash: r.hash, status: r.status as StoredRecord['status'], datestamp: r.datestamp, origin: r.origin,
  record: JSON.parse(r.record),
});

export interface SubmissionRow {
  id: number | string; key: string; provider: string; hash: string; record: string; status: string; created: string; actor: string;
  reviewed: string | null; reviewer: string | null; comment: string | null; superseded_by: number | string | null;
  superseded_seq: number | string | null; superseded_action: string | null; action?: string | null;
}

export const toSubmission = (r: SubmissionRow): Submission => ({
  id: Number(r.id), key: r.key, provider: r.provider, hash: r.hash, record: JSON.parse(r.record), status: r.status as SubmissionStatus,
  created: r.created, actor: r.actor, ...(r.action === 'withdraw' ? { action: 'withdraw' as const } : {}),
  ...(r.reviewed ? { reviewed: r.reviewed } : {}), ...(r.reviewer ? { reviewer: r.reviewer } : {}), ...(r.comment ? { comment: r.comment } : {}),
  ...(r.superseded_by != null ? { supersededBy: Number(r.superseded_by) } : {}),
  ...(r.superseded_seq != null ? { supersededByChange: { seq: Number(r.superseded_seq), action: r.superseded_action as HistoryAction } } : {}),
});

export interface TokenRow {
  id: string; provider: string; admin: boolean | number; label: string | null; created: string; revoked: string | null; public_key: string | null;
  expires?: string | null; last_used?: string | null;
}

export const toToken = (r: TokenRow): TokenInfo => ({
  id: r.id, provider: r.provider, admin: !!r.admin, created: r.created, ...(r.revoked ? { revoked: r.revoked } : {}), ...(r.label ? { label: r.label } : {}),
  ...(r.public_key ? { publicKey: r.public_key } : {}), ...(r.expires ? { expires: r.expires } : {}), ...(r.last_used ? { lastUsed: r.last_used } : {}),
});

/** The TokenInfo a store returns for a token it just created. */
export const newTokenInfo = (id: string, created: string, info: NewToken): TokenInfo => ({
  id, provider: info.provider, admin: info.admin, created, ...(info.label ? { label: info.label } : {}), ...(info.publicKey ? { publicKey: info.publicKey } : {}),
  ...(info.expires ? { expires: info.expires } : {}),
});

/** Escape LIKE wildcards with a backslash (SQLite: with ESCAPE '\'; PostgreSQL's default escape character). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** An element_authorities row (same columns on both stores). */
export interface AuthorityRow {
  element: string;
  provider: string;
  resource_key: string | null;
  set_by: string;
  set_at: string;
}

export function toAuthority(r: AuthorityRow): ElementAuthority {
  return { element: r.element, provider: r.provider, ...(r.resource_key ? { resourceKey: r.resource_key } : {}), setBy: r.set_by, setAt: r.set_at };
}
