import type { CatalogRecord } from '../model/record.js';
import type { CountDimension, CountRow } from './record-counts.js';

/**
 * Storage behind the directory centre (目录中心). Async so that a PostgreSQL store can implement it
 * as well as the embedded SQLite one; the HTTP layer only ever talks to this interface.
 * Every method that writes is atomic (one transaction).
 */

export type RecordStatus = 'published' | 'submitted' | 'returned' | 'withdrawn';

/** Where a record came from: "local" (registered here) or the base URL of the centre it was harvested from. */
export type Origin = string;
export const LOCAL_ORIGIN = 'local';

export interface StoredRecord {
  key: string;
  provider: string;
  hash: string;
  status: RecordStatus;
  /** Last change, UTC, second granularity: YYYY-MM-DDThh:mm:ssZ (also the OAI-PMH datestamp). */
  datestamp: string;
  origin: Origin;
  record: CatalogRecord;
  /** Origin chain of a harvested record (src/centre/tree/chain.ts), when the reader attached it. */
  chain?: string[];
}

export type HistoryAction = 'create' | 'update' | 'withdraw' | 'submit' | 'publish' | 'return' | 'harvest' | 'harvest-withdraw';

export interface HistoryEntry {
  seq: number;
  key: string;
  action: HistoryAction;
  status: RecordStatus;
  hash: string;
  at: string;
  /** Token id, "admin:<id>", or "harvest:<url>". */
  actor: string;
  origin: Origin;
  comment?: string;
}

/** One change to apply: the new state of a record plus the history line that explains it. */
export interface RecordChange {
  key: string;
  provider: string;
  hash: string;
  status: RecordStatus;
  origin: Origin;
  record: CatalogRecord;
  action: HistoryAction;
  actor: string;
  comment?: string;
  /** Defaults to now. Harvest keeps the source's datestamp only in history; the local datestamp is always now. */
  datestamp?: string;
  /**
   * Optimistic concurrency: the content hash the caller read (null = the record did not exist).
   * When given and the stored hash differs, applyChanges throws StoreConflictError and writes nothing.
   */
  expectHash?: string | null;
}

/** Thrown by applyChanges when a record changed since the caller read it (see RecordChange.expectHash). */
export class StoreConflictError extends Error {
  constructor(public key: string) {
    super(`record ${key} was changed concurrently`);
  }
}

export interface TokenInfo {
  id: string;
  /** Provider code (department) the token acts for; "" for an admin token with no department. */
  provider: string;
  admin: boolean;
  created: string;
  revoked?: string;
  label?: string;
  /** Public key (PEM ed25519 or SM2 JSON/hex) packages uploaded with this token must be signed with. */
  publicKey?: string;
  /** After this time (YYYY-MM-DDThh:mm:ssZ) the token is refused with 401 token-expired. */
  expires?: string;
  /** Last request authenticated with it (recorded at most once a minute, see auth.ts). */
  lastUsed?: string;
}

/**
 * `superseded`: closed without review because the record moved on without it (project rule, docs/centre-api.md):
 * a newer submission for the same record key was published (supersededBy), or the record was changed outside
 * review — withdrawn, written directly (admin token, or review off) or harvested — (supersededByChange).
 * An older submission can never bring back content that a later change replaced or withdrew.
 */
export type SubmissionStatus = 'submitted' | 'published' | 'returned' | 'superseded';

export interface Submission {
  id: number;
  key: string;
  provider: string;
  hash: string;
  record: CatalogRecord;
  status: SubmissionStatus;
  created: string;
  actor: string;
  reviewed?: string;
  reviewer?: string;
  comment?: string;
  /** `withdraw`: publishing it withdraws the record (a package's manifest.withdrawn with review on); else it publishes `record`. */
  action?: 'withdraw';
  /** Status superseded: the id of the newer submission whose publication closed this one. */
  supersededBy?: number;
  /** Status superseded: the record change outside review that closed this one (its history entry). */
  supersededByChange?: SupersedingChange;
}

/** A change to a record that did not come from reviewing a submission: the history entry (seq) and its action. */
export interface SupersedingChange {
  seq: number;
  action: HistoryAction;
}

/**
 * History actions that change a record outside review. Applying one (applyChanges) closes, in the same
 * transaction, every open submission for the record key as `superseded` (supersededByChange = that change),
 * so publishing one of them can never undo the withdrawal or replace the newer content. `submit`, `publish`
 * and `return` are the review flow's own changes and close nothing.
 */
export const SUPERSEDING_ACTIONS: ReadonlySet<HistoryAction> = new Set<HistoryAction>(['create', 'update', 'withdraw', 'harvest', 'harvest-withdraw']);

/** What creating a submission stores besides its id, creation time and status. */
export type NewSubmission = Omit<Submission, 'id' | 'created' | 'status'>;

/** A reviewed submission, with the ids of older open submissions its publication superseded (if any). */
export type ReviewedSubmission = Submission & { superseded?: number[] };

export interface SearchQuery {
  /** Keywords (whitespace separated, all must match); Chinese needs no segmentation. */
  q?: string;
  /** Classification code prefix (2017 guide 类/项/目/细目 concatenated, or a GB/T 21063 类目编码). */
  classCode?: string;
  provider?: string;
  shareType?: string;
  /** Inclusive bounds on the datestamp; a bare date (YYYY-MM-DD) covers the whole day. */
  updatedFrom?: string;
  updatedTo?: string;
  /** Default: published only. */
  status?: RecordStatus;
  page?: number;
  pageSize?: number;
}

/**
 * A search result. Items come most recently changed first (every write moves a record to the front).
 * `total` is exact up to SEARCH_COUNT_LIMIT matches (or the end of the requested page, if further);
 * beyond that the search stops counting, reports that bound and sets `totalExact: false` ("1,000+"),
 * so a query matching half the catalogue costs about as much as one matching a page.
 */
export interface SearchResult {
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  items: StoredRecord[];
}

/** A page of records for OAI-PMH, ordered by (datestamp, key); `after` resumes strictly after that pair. */
export interface ListQuery {
  from?: string;
  until?: string;
  provider?: string;
  classCode?: string;
  after?: { datestamp: string; key: string };
  limit: number;
  /** Statuses to include; OAI-PMH uses published + withdrawn. */
  statuses: RecordStatus[];
}

export interface HarvestState {
  source: string;
  /** Largest source datestamp seen; the next harvest asks from this one (inclusive). */
  lastDatestamp?: string;
  lastRun?: string;
}

export interface SetInfo {
  spec: string;
  name: string;
}

/**
 * The designated authoritative source (权威来源) of a data element at this centre, set by an admin (一数一源):
 * the provider whose registration of the element others should name in relatedResourceCodes.
 */
export interface ElementAuthority {
  /** Data-element id (standards/common/data-elements.json). */
  element: string;
  /** 信息资源提供方代码 of the authoritative provider. */
  provider: string;
  /** Its resource holding the element, when the admin names one. */
  resourceKey?: string;
  setBy: string;
  setAt: string;
}

/** What creating a token stores besides its id and creation time. */
export interface NewToken { hash: string; provider: string; admin: boolean; label?: string; publicKey?: string; expires?: string }

export interface CentreStore {
  getRecord(key: string): Promise<StoredRecord | undefined>;
  getRecords(keys: string[]): Promise<Map<string, StoredRecord>>;
  /**
   * Apply all changes in one transaction, each with a history line. A change written with an action in
   * SUPERSEDING_ACTIONS closes the open submissions for its key as `superseded` (supersededByChange).
   */
  applyChanges(changes: RecordChange[]): Promise<StoredRecord[]>;
  /**
   * Apply one registration (a package or a batch): its changes and its submissions in ONE transaction, all or
   * nothing, readers seeing the state before or after it and never between. Written in slices (apply-slices.ts)
   * with `pause()` between them, so other requests are served meanwhile; other writers of records wait until it
   * ends (each store says how). A change's `expectHash` is checked as in applyChanges.
   */
  applyRegistration(changes: RecordChange[], submissions: NewSubmission[], pause: () => Promise<void>): Promise<Submission[]>;
  history(key: string): Promise<HistoryEntry[]>;
  search(q: SearchQuery): Promise<SearchResult>;
  list(q: ListQuery): Promise<StoredRecord[]>;
  /** Earliest datestamp of any record (for OAI Identify), undefined when empty. */
  earliestDatestamp(): Promise<string | undefined>;
  countRecords(status?: RecordStatus): Promise<number>;
  /** Distinct providers (code + name) and classification codes, for OAI ListSets. */
  listSets(): Promise<SetInfo[]>;

  /** Stored answer of a registration request, for idempotency (package id + content hash, or batch id + hash). */
  getAnswer(id: string, hash: string): Promise<unknown | undefined>;
  /**
   * `json`: the answer's JSON text as pieces (their concatenation), when the caller made it already: a large answer
   * is made in pieces (json-pieces.ts) and each store writes it without putting it together on the caller's thread.
   */
  saveAnswer(id: string, hash: string, answer: unknown, json?: string[]): Promise<void>;

  createToken(info: NewToken): Promise<TokenInfo>;
  /** The live (not revoked) token whose SHA-256 hash is `hash` (expired ones too: the caller refuses them by name). */
  findToken(hash: string): Promise<TokenInfo | undefined>;
  /** Record that token `id` was used at `at`. */
  touchToken(id: string, at: string): Promise<void>;
  revokeToken(id: string): Promise<boolean>;
  listTokens(): Promise<TokenInfo[]>;

  createSubmissions(subs: NewSubmission[]): Promise<Submission[]>;
  getSubmission(id: number): Promise<Submission | undefined>;
  listSubmissions(status?: SubmissionStatus): Promise<Submission[]>;
  /**
   * Close an open submission and apply the record change (if any), all in one transaction:
   * - not found → CentreError 404 submission-not-found; not open → 409 already-reviewed, or 409
   *   submission-superseded when a newer submission or a change outside review superseded it;
   * - publishing while a newer submission for the same key is already published → 409 submission-superseded
   *   (nothing written; only possible for data written before this rule existed);
   * - publishing closes every older open submission for the same key as `superseded` (supersededBy = id).
   */
  reviewSubmission(id: number, review: { status: 'published' | 'returned'; reviewer: string; comment?: string }, change?: RecordChange): Promise<ReviewedSubmission>;

  /** Authoritative providers of data elements (一数一源), ordered by element. */
  listAuthorities(): Promise<ElementAuthority[]>;
  /** Set (or replace) the authority of an element. */
  setAuthority(a: ElementAuthority): Promise<void>;
  /** Remove the authority of an element; false when none was set. */
  removeAuthority(element: string): Promise<boolean>;
  /** Published records counted by provider, class, share type or origin: the `limit` largest groups (record-counts.ts). */
  countBy(dimension: CountDimension, limit: number): Promise<CountRow[]>;

  getHarvestState(source: string): Promise<HarvestState | undefined>;
  setHarvestState(state: HarvestState): Promise<void>;

  close(): Promise<void>;
}

/** Matches counted exactly before a search reports "at least this many". */
export const SEARCH_COUNT_LIMIT = 1000;

/** Whitespace-separated keywords of a query (all must match). */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? '').trim().split(/\s+/).filter(Boolean);
}

/** Page, clamped page size, and how many matches to count (at least up to the end of the page). */
export function searchPaging(q: SearchQuery): { page: number; pageSize: number; countLimit: number } {
  const pageSize = Math.min(Math.max(q.pageSize ?? 20, 1), 200);
  const page = Math.max(q.page ?? 1, 1);
  return { page, pageSize, countLimit: Math.max(SEARCH_COUNT_LIMIT, page * pageSize) };
}

/** total/totalExact from a count taken with LIMIT countLimit + 1. */
export function searchTotal(counted: number, countLimit: number): { total: number; totalExact: boolean } {
  return counted > countLimit ? { total: countLimit, totalExact: false } : { total: counted, totalExact: true };
}

/** Inclusive datestamp bounds (SearchQuery.updatedFrom/To, ListQuery.from/until): a bare date covers the whole day. */
export const datestampFrom = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
export const datestampUntil = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59Z` : v);

/** Now, UTC, at OAI-PMH second granularity. */
export function utcNow(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Classification code used for the class filter and OAI sets: 2017 guide levels concatenated, else the first GB/T 類目编码. */
export function classCodeOf(r: CatalogRecord): string | undefined {
  const d = r.directoryClass;
  if (d?.class) return [d.class, d.item, d.heading, d.subheading].filter(Boolean).join('');
  return r.classifications?.find((c) => c.code)?.code;
}

/** Text indexed for keyword search. */
export function searchTextOf(r: CatalogRecord): string {
  return [r.title, r.abstract, ...(r.keywords ?? []), r.provider?.name, ...(r.items ?? []).map((i) => i.name), ...(r.directoryClass?.names ?? []),
    ...(r.classifications ?? []).map((c) => c.name)].filter(Boolean).join(' ');
}
