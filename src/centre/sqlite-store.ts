import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import {
  datestampFrom, datestampUntil, searchPaging, searchTerms, searchTotal, utcNow, type CentreStore, type ElementAuthority, type HarvestState, type HistoryEntry, type ListQuery, type RecordChange, type SearchQuery, type SearchResult,
  type SetInfo, type StoredRecord, type Submission, type SubmissionStatus, type TokenInfo, type ReviewedSubmission, type NewToken,
  type NewSubmission,
} from './store.js';
import { countRow, countSql, type CountDimension, type CountRow } from './record-counts.js';
import { likeEscape, newTokenInfo, toAuthority, toRecord, toSubmission, toToken, type AuthorityRow, type RecordRow, type SubmissionRow, type TokenRow } from './record-row.js';
import { CentreError, supersededCause, supersededError } from './register.js';
import { firstStep, registrationSteps, type RegistrationStep } from './apply-slices.js';
import { insertSubmissions, writeChanges } from './sqlite-write.js';
import { WriterThread } from './sqlite-writer-thread.js';
import { piecesLength } from './json-pieces.js';

/**
 * The embedded centre store: one SQLite file (WAL), every write in a transaction.
 * Keyword search: FTS5 with the `trigram` tokenizer (substring match, so Chinese needs no word
 * segmentation) for terms of 3+ characters, LIKE for 1–2 character terms (trigram cannot match those).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  provider_name TEXT,
  hash TEXT NOT NULL,
  status TEXT NOT NULL,
  datestamp TEXT NOT NULL,
  origin TEXT NOT NULL,
  record TEXT NOT NULL,
  class_code TEXT,
  share_type TEXT,
  search_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_datestamp ON records(datestamp, key);
CREATE INDEX IF NOT EXISTS records_provider ON records(provider);
-- (provider, id) and (share_type, id): a filter on either walks its own index in change order, even when nothing matches
CREATE INDEX IF NOT EXISTS records_share_type ON records(share_type);
-- /health counts published records: from this index, not a scan of every record (seconds of event loop at 1,000,000)
CREATE INDEX IF NOT EXISTS records_status ON records(status);
-- FTS rows share the records' rowid (records.id), so updates touch one FTS row by rowid
CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(text, tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  action TEXT NOT NULL,
  status TEXT NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  origin TEXT NOT NULL,
  comment TEXT,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_key ON history(key, seq);
CREATE TABLE IF NOT EXISTS answers (
  id TEXT NOT NULL,
  hash TEXT NOT NULL,
  answer TEXT NOT NULL,
  created TEXT NOT NULL,
  PRIMARY KEY (id, hash)
);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  admin INTEGER NOT NULL,
  label TEXT,
  created TEXT NOT NULL,
  revoked TEXT,
  public_key TEXT,
  expires TEXT,
  last_used TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  provider TEXT NOT NULL,
  hash TEXT NOT NULL,
  record TEXT NOT NULL,
  status TEXT NOT NULL,
  created TEXT NOT NULL,
  actor TEXT NOT NULL,
  reviewed TEXT,
  reviewer TEXT,
  comment TEXT,
  superseded_by INTEGER,
  superseded_seq INTEGER,
  superseded_action TEXT,
  action TEXT
);
CREATE INDEX IF NOT EXISTS submissions_key ON submissions(key, id);
CREATE TABLE IF NOT EXISTS harvest_state (
  source TEXT PRIMARY KEY,
  last_datestamp TEXT,
  last_run TEXT
);
CREATE TABLE IF NOT EXISTS element_authorities (
  element TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  resource_key TEXT,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL
);
`;


/** Characters of an answer's JSON above which saveAnswer writes it on a writer thread. */
const LARGE_ANSWER = 1 << 20;

/** One FTS5 phrase: the term in double quotes, inner quotes doubled. */
const ftsPhrase = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/**
 * Registrations and other writers (see applyRegistration): a registration of more than one slice holds one write
 * transaction on `db` across awaits, so while it is open `db` sees its uncommitted rows. Every read of this class
 * therefore goes through `read`, a second connection (WAL: it sees committed transactions only), and every other
 * write waits for the registration to end (`whenWritable`), so nothing joins its transaction.
 */
export class SqliteStore implements CentreStore {
  readonly db: Database.Database;
  /** Connection for reads: committed state only (the same as `db` for an in-memory database). */
  private readonly read: Database.Database;
  /** The registration holding `db`'s write transaction across awaits, if any. */
  private registering: Promise<void> | undefined;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    // databases created before tokens could carry a public key
    const cols = this.db.prepare('PRAGMA table_info(tokens)').all() as { name: string }[];
    if (!cols.some((c) => c.name === 'public_key')) this.db.exec('ALTER TABLE tokens ADD COLUMN public_key TEXT');
    // databases created before submissions could be superseded
    const subCols = this.db.prepare('PRAGMA table_info(submissions)').all() as { name: string }[];
    if (!subCols.some((c) => c.name === 'superseded_by')) this.db.exec('ALTER TABLE submissions ADD COLUMN superseded_by INTEGER');
    // databases created before a change outside review could supersede submissions
    if (!subCols.some((c) => c.name === 'superseded_seq')) this.db.exec('ALTER TABLE submissions ADD COLUMN superseded_seq INTEGER; ALTER TABLE submissions ADD COLUMN superseded_action TEXT');
    // databases created before withdrawals could be submitted for review, and before tokens could expire
    if (!subCols.some((c) => c.name === 'action')) this.db.exec('ALTER TABLE submissions ADD COLUMN action TEXT');
    if (!cols.some((c) => c.name === 'expires')) this.db.exec('ALTER TABLE tokens ADD COLUMN expires TEXT; ALTER TABLE tokens ADD COLUMN last_used TEXT');
    this.read = this.db.memory ? this.db : new Database(file, { readonly: true, fileMustExist: true });
    if (this.read !== this.db) this.read.pragma('busy_timeout = 5000');
  }

  /** Resolves when no registration holds the write transaction (then the caller writes at once, without awaiting). */
  async whenWritable(): Promise<void> {
    while (this.registering) await this.registering;
  }

  async getRecord(key: string): Promise<StoredRecord | undefined> {
    const row = this.read.prepare('SELECT * FROM records WHERE key = ?').get(key) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  async getRecords(keys: string[]): Promise<Map<string, StoredRecord>> {
    const out = new Map<string, StoredRecord>();
    const stmt = this.read.prepare('SELECT * FROM records WHERE key = ?');
    for (const k of keys) {
      const row = stmt.get(k) as RecordRow | undefined;
      if (row) out.set(k, toRecord(row));
    }
    return out;
  }

  async applyChanges(changes: RecordChange[]): Promise<StoredRecord[]> {
    await this.whenWritable();
    return this.applySync(changes);
  }

  /**
   * One registration in one transaction. better-sqlite3 runs every statement synchronously, so a large
   * registration written on this thread held the event loop: each slice for tens of milliseconds, and the COMMIT
   * with the WAL checkpoint that follows it for seconds (measured: 2 s at 100,000 records). A registration of more
   * than one slice is therefore written by a writer thread with its own connection (sqlite-writer.ts): BEGIN
   * IMMEDIATE, slice after slice (`pause()` between them here), COMMIT, or ROLLBACK on any error: all or nothing.
   * While it is open, reads use the `read` connection (committed state: before the registration, never half of it)
   * and the other writes of this store wait (`whenWritable`). Another process writing the same file waits up to
   * busy_timeout (5 s) and then fails with SQLITE_BUSY. An in-memory database (no file a thread could open) and a
   * one-slice registration are written here, in one ordinary transaction.
   */
  async applyRegistration(changes: RecordChange[], submissions: NewSubmission[], pause: () => Promise<void>): Promise<Submission[]> {
    await this.whenWritable();
    const { first, rest } = firstStep(registrationSteps(changes, submissions));
    if (!rest || this.db.memory) {
      const subs: Submission[] = [];
      const write = (step: RegistrationStep) => { if ('changes' in step) this.applySync(step.changes); else subs.push(...this.insertSubmissions(step.submissions)); };
      this.db.transaction(() => { if (first) write(first); for (const step of rest ?? []) write(step); })();
      return subs;
    }
    // steps are cut as they are written (sizing a whole package up front would be one long step)
    return this.offThread((writer) => writeThrough(writer, (function* () { yield first!; yield* rest; })(), pause));
  }

  /**
   * Run `work` with a writer thread on this database (sqlite-writer.ts) while the other writes of this store wait
   * (`whenWritable`); the thread ends with it, rolling back whatever `work` left open.
   */
  private async offThread<T>(work: (writer: WriterThread) => Promise<T>): Promise<T> {
    await this.whenWritable();
    let done = () => {};
    this.registering = new Promise<void>((r) => { done = r; });
    const writer = WriterThread.start(this.db.name);
    try {
      return await work(writer);
    } finally {
      await writer.close();
      this.registering = undefined;
      done();
    }
  }

  /** Synchronous body of applyChanges, so it can run inside another transaction (nested → savepoint). */
  private applySync(changes: RecordChange[]): StoredRecord[] {
    return writeChanges(this.db, changes);
  }

  async history(key: string): Promise<HistoryEntry[]> {
    const rows = this.read.prepare('SELECT seq, key, action, status, hash, at, actor, origin, comment FROM history WHERE key = ? ORDER BY seq').all(key) as (HistoryEntry & { comment: string | null })[];
    return rows.map((r) => {
      const { comment, ...rest } = r;
      return comment ? { ...rest, comment } : rest;
    });
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const where: string[] = ['r.status = ?'];
    const params: unknown[] = [q.status ?? 'published'];
    const phrases: string[] = [];
    for (const term of searchTerms(q.q)) {
      if ([...term].length >= 3) phrases.push(`text : ${ftsPhrase(term)}`);
      else {
        where.push("r.search_text LIKE ? ESCAPE '\\'");
        params.push(`%${likeEscape(term)}%`);
      }
    }
    if (q.classCode) { where.push("r.class_code LIKE ? ESCAPE '\\'"); params.push(`${likeEscape(q.classCode)}%`); }
    if (q.provider) { where.push('r.provider = ?'); params.push(q.provider); }
    if (q.shareType) { where.push('r.share_type = ?'); params.push(q.shareType); }
    if (q.updatedFrom) { where.push('r.datestamp >= ?'); params.push(datestampFrom(q.updatedFrom)); }
    if (q.updatedTo) { where.push('r.datestamp <= ?'); params.push(datestampUntil(q.updatedTo)); }
    const { page, pageSize, countLimit } = searchPaging(q);
    // Keyword search is driven by the FTS index in descending rowid order (CROSS JOIN keeps that loop
    // outermost), so a page costs about (offset + page size) matches, not all of them.
    const from = phrases.length ? 'records_fts CROSS JOIN records r ON r.id = records_fts.rowid' : 'records r';
    if (phrases.length) { where.unshift('records_fts MATCH ?'); params.unshift(phrases.join(' AND ')); }
    const order = phrases.length ? 'records_fts.rowid DESC' : 'r.id DESC';
    const sqlWhere = where.join(' AND ');
    const counted = (this.read.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${sqlWhere} LIMIT ?)`).get(...params, countLimit + 1) as { n: number }).n;
    const rows = this.read.prepare(`SELECT r.* FROM ${from} WHERE ${sqlWhere} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, pageSize, (page - 1) * pageSize) as RecordRow[];
    return { ...searchTotal(counted, countLimit), page, pageSize, items: rows.map(toRecord) };
  }

  async list(q: ListQuery): Promise<StoredRecord[]> {
    const where: string[] = [`status IN (${q.statuses.map(() => '?').join(', ')})`];
    const params: unknown[] = [...q.statuses];
    if (q.from) { where.push('datestamp >= ?'); params.push(datestampFrom(q.from)); }
    if (q.until) { where.push('datestamp <= ?'); params.push(datestampUntil(q.until)); }
    if (q.provider) { where.push('provider = ?'); params.push(q.provider); }
    if (q.classCode) { where.push("class_code LIKE ? ESCAPE '\\'"); params.push(`${likeEscape(q.classCode)}%`); }
    if (q.after) { where.push('(datestamp > ? OR (datestamp = ? AND key > ?))'); params.push(q.after.datestamp, q.after.datestamp, q.after.key); }
    const rows = this.read.prepare(`SELECT * FROM records WHERE ${where.join(' AND ')} ORDER BY datestamp, key LIMIT ?`).all(...params, q.limit) as RecordRow[];
    return rows.map(toRecord);
  }

  async earliestDatestamp(): Promise<string | undefined> {
    const row = this.read.prepare('SELECT min(datestamp) AS d FROM records').get() as { d: string | null };
    return row.d ?? undefined;
  }

  async countRecords(status?: StoredRecord['status']): Promise<number> {
    const row = (status
      ? this.read.prepare('SELECT count(*) AS n FROM records WHERE status = ?').get(status)
      : this.read.prepare('SELECT count(*) AS n FROM records').get()) as { n: number };
    return row.n;
  }

  async listSets(): Promise<SetInfo[]> {
    const providers = this.read.prepare(`SELECT provider, max(provider_name) AS name FROM records WHERE status IN ('published', 'withdrawn')
      GROUP BY provider ORDER BY provider`).all() as { provider: string; name: string | null }[];
    const classes = this.read.prepare(`SELECT DISTINCT class_code FROM records WHERE class_code IS NOT NULL AND status IN ('published', 'withdrawn')
      ORDER BY class_code`).all() as { class_code: string }[];
    return [
      ...providers.map((p) => ({ spec: `provider:${p.provider}`, name: p.name ?? p.provider })),
      ...classes.map((c) => ({ spec: `class:${c.class_code}`, name: c.class_code })),
    ];
  }

  async getAnswer(id: string, hash: string): Promise<unknown | undefined> {
    const row = this.read.prepare('SELECT answer FROM answers WHERE id = ? AND hash = ?').get(id, hash) as { answer: string } | undefined;
    return row ? JSON.parse(row.answer) : undefined;
  }

  async saveAnswer(id: string, hash: string, answer: unknown, json?: string[]): Promise<void> {
    // a package's answer lists every record (100,000: ~10 MB): its pieces go to a writer thread, which puts them
    // together and writes them, like a registration
    if (json && piecesLength(json) > LARGE_ANSWER && !this.db.memory) {
      await this.offThread(async (writer) => {
        await writer.call({ type: 'begin' });
        for (const text of json) await writer.call({ type: 'piece', text });
        await writer.call({ type: 'answer', id, hash, created: utcNow() });
        await writer.call({ type: 'commit' });
      });
      return;
    }
    await this.whenWritable();
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO answers (id, hash, answer, created) VALUES (?, ?, ?, ?)').run(id, hash, json ? json.join('') : JSON.stringify(answer), utcNow());
    })();
  }

  async createToken(info: NewToken): Promise<TokenInfo> {
    await this.whenWritable();
    const id = randomBytes(6).toString('hex');
    const created = utcNow();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO tokens (id, hash, provider, admin, label, created, public_key, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, info.hash, info.provider, info.admin ? 1 : 0, info.label ?? null, created, info.publicKey ?? null, info.expires ?? null);
    })();
    return newTokenInfo(id, created, info);
  }

  async touchToken(id: string, at: string): Promise<void> {
    // last-used is noted at most once a minute anyway: skipped rather than have every request wait for a registration
    if (this.registering) return;
    this.db.prepare('UPDATE tokens SET last_used = ? WHERE id = ?').run(at, id);
  }

  async findToken(hash: string): Promise<TokenInfo | undefined> {
    const row = this.read.prepare('SELECT * FROM tokens WHERE hash = ? AND revoked IS NULL').get(hash) as TokenRow | undefined;
    return row ? toToken(row) : undefined;
  }

  async revokeToken(id: string): Promise<boolean> {
    await this.whenWritable();
    return this.db.transaction(() => this.db.prepare('UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL').run(utcNow(), id).changes > 0)();
  }

  async listTokens(): Promise<TokenInfo[]> {
    return (this.read.prepare('SELECT * FROM tokens ORDER BY created, id').all() as TokenRow[]).map(toToken);
  }

  async createSubmissions(subs: NewSubmission[]): Promise<Submission[]> {
    await this.whenWritable();
    return this.db.transaction(() => this.insertSubmissions(subs))();
  }

  private insertSubmissions(subs: NewSubmission[]): Submission[] {
    return insertSubmissions(this.db, subs);
  }

  async getSubmission(id: number): Promise<Submission | undefined> {
    const row = this.read.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as SubmissionRow | undefined;
    return row ? toSubmission(row) : undefined;
  }

  async listSubmissions(status?: SubmissionStatus): Promise<Submission[]> {
    const rows = (status
      ? this.read.prepare('SELECT * FROM submissions WHERE status = ? ORDER BY id').all(status)
      : this.read.prepare('SELECT * FROM submissions ORDER BY id').all()) as SubmissionRow[];
    return rows.map(toSubmission);
  }

  async reviewSubmission(id: number, review: { status: 'published' | 'returned'; reviewer: string; comment?: string }, change?: RecordChange): Promise<ReviewedSubmission> {
    await this.whenWritable();
    const get = this.db.prepare('SELECT * FROM submissions WHERE id = ?');
    const claim = this.db.prepare(`UPDATE submissions SET status = ?, reviewed = ?, reviewer = ?, comment = ? WHERE id = ? AND status = 'submitted'`);
    const newerPublished = this.db.prepare(`SELECT id FROM submissions WHERE key = ? AND id > ? AND status = 'published' ORDER BY id DESC LIMIT 1`).pluck();
    const olderOpen = this.db.prepare(`SELECT id FROM submissions WHERE key = ? AND id < ? AND status = 'submitted' ORDER BY id`).pluck();
    const supersede = this.db.prepare(`UPDATE submissions SET status = 'superseded', reviewed = ?, reviewer = ?, superseded_by = ? WHERE id = ?`);
    // the checks, the review, the superseding and the record change share one transaction
    const superseded = this.db.transaction((): number[] => {
      const cur = get.get(id) as SubmissionRow | undefined;
      if (!cur) throw new CentreError(404, 'submission-not-found', { id });
      if (cur.status === 'superseded') throw supersededError(id, cur.key, supersededCause(toSubmission(cur)));
      if (cur.status !== 'submitted') throw new CentreError(409, 'already-reviewed', { id, status: cur.status });
      const now = utcNow();
      let older: number[] = [];
      if (review.status === 'published') {
        const newer = newerPublished.get(cur.key, id) as number | undefined;
        if (newer !== undefined) throw supersededError(id, cur.key, newer);
        older = olderOpen.all(cur.key, id) as number[];
        for (const o of older) supersede.run(now, review.reviewer, id, o);
      }
      claim.run(review.status, now, review.reviewer, review.comment ?? null, id);
      if (change) this.applySync([change]);
      return older;
    })();
    return { ...(await this.getSubmission(id))!, ...(superseded.length ? { superseded } : {}) };
  }

  async listAuthorities(): Promise<ElementAuthority[]> {
    return (this.read.prepare('SELECT * FROM element_authorities ORDER BY element').all() as AuthorityRow[]).map(toAuthority);
  }

  async setAuthority(a: ElementAuthority): Promise<void> {
    await this.whenWritable();
    this.db.prepare(`INSERT INTO element_authorities (element, provider, resource_key, set_by, set_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(element) DO UPDATE SET provider = excluded.provider, resource_key = excluded.resource_key, set_by = excluded.set_by, set_at = excluded.set_at`)
      .run(a.element, a.provider, a.resourceKey ?? null, a.setBy, a.setAt);
  }

  async removeAuthority(element: string): Promise<boolean> {
    await this.whenWritable();
    return this.db.prepare('DELETE FROM element_authorities WHERE element = ?').run(element).changes > 0;
  }

  async countBy(dimension: CountDimension, limit: number): Promise<CountRow[]> {
    return (this.read.prepare(countSql(dimension, '?')).all(limit) as { value: string | null; name: string | null; n: number }[]).map(countRow);
  }

  async getHarvestState(source: string): Promise<HarvestState | undefined> {
    const row = this.read.prepare('SELECT * FROM harvest_state WHERE source = ?').get(source) as { source: string; last_datestamp: string | null; last_run: string | null } | undefined;
    return row ? { source: row.source, ...(row.last_datestamp ? { lastDatestamp: row.last_datestamp } : {}), ...(row.last_run ? { lastRun: row.last_run } : {}) } : undefined;
  }

  async setHarvestState(state: HarvestState): Promise<void> {
    await this.whenWritable();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO harvest_state (source, last_datestamp, last_run) VALUES (?, ?, ?)
        ON CONFLICT(source) DO UPDATE SET last_datestamp = excluded.last_datestamp, last_run = excluded.last_run`)
        .run(state.source, state.lastDatestamp ?? null, state.lastRun ?? null);
    })();
  }

  async close(): Promise<void> {
    // a registration on the writer thread ends (commit or rollback) before the files are let go
    await this.whenWritable();
    if (this.read.open) this.read.close();
    if (this.db.open) this.db.close();
  }
}

/** Write a registration's steps through `writer` in one transaction, pausing between steps; its submissions. */
async function writeThrough(writer: WriterThread, steps: Iterable<RegistrationStep>, pause: () => Promise<void>): Promise<Submission[]> {
  const subs: Submission[] = [];
  await writer.call({ type: 'begin' });
  let started = false;
  for (const step of steps) {
    if (started) await pause();
    started = true;
    const answer = await writer.call({ type: 'step', step });
    if ('submissions' in step) step.submissions.forEach((s, i) => subs.push({ ...s, ...answer.submissions![i], status: 'submitted' }));
  }
  await writer.call({ type: 'commit' });
  return subs;
}

/** Open (or create) a centre database file. */
export function openSqliteStore(file: string): SqliteStore {
  return new SqliteStore(file);
}
