import type Database from 'better-sqlite3';
import { MAX_SOURCES, RUNS_KEPT } from './limits.js';
import type { CentreIdentity, HarvestRun, HarvestSource, NewSource, TreeStore } from './store.js';
import { errorLine, identityFrom, patchIdentity, toRun, toSource, type RunRow, type SourceRow } from './rows.js';
import { TreeError } from './error.js';

/** The tree tables on SQLite (created if missing: a database from before issue 19 just gains them). */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS centre_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS harvest_sources (
  url TEXT PRIMARY KEY, kind TEXT NOT NULL, centre_id TEXT, name TEXT, level TEXT, division TEXT, every_ms INTEGER,
  added TEXT NOT NULL, last_attempt TEXT, last_success TEXT, last_error TEXT, last_error_at TEXT, failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS harvest_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, started TEXT NOT NULL, finished TEXT NOT NULL, ok INTEGER NOT NULL,
  error TEXT, received INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL, withdrawn INTEGER NOT NULL, runner TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS harvest_runs_source ON harvest_runs(source, id);
CREATE TABLE IF NOT EXISTS centre_tokens (token_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS record_chain (key TEXT PRIMARY KEY, via TEXT NOT NULL, chain TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS record_chain_via ON record_chain(via);
`;

export class SqliteTreeStore implements TreeStore {
  /** One process serves a SQLite file: an in-process set is its harvest lock. */
  private locked = new Set<string>();

  /**
   * `writable` resolves when the centre store holds no registration's write transaction open across awaits
   * (SqliteStore.applyRegistration): a write made meanwhile on the same connection would join that transaction.
   */
  constructor(private db: Database.Database, private writable: () => Promise<void> = async () => {}) {
    db.exec(SCHEMA);
  }

  async identity(): Promise<CentreIdentity> {
    const row = this.db.prepare("SELECT value FROM centre_settings WHERE name = 'identity'").get() as { value: string } | undefined;
    const id = identityFrom(row?.value);
    if (!row) await this.writable();
    if (!row) this.db.prepare("INSERT OR IGNORE INTO centre_settings (name, value) VALUES ('identity', ?)").run(JSON.stringify(id));
    return row ? id : this.identity();
  }

  async setIdentity(patch: Partial<Omit<CentreIdentity, 'id'>>): Promise<CentreIdentity> {
    const next = patchIdentity(await this.identity(), patch);
    await this.writable();
    this.db.prepare("UPDATE centre_settings SET value = ? WHERE name = 'identity'").run(JSON.stringify(next));
    return next;
  }

  async listSources(): Promise<HarvestSource[]> {
    return (this.db.prepare('SELECT * FROM harvest_sources ORDER BY added, url').all() as SourceRow[]).map(toSource);
  }

  async getSource(url: string): Promise<HarvestSource | undefined> {
    const row = this.db.prepare('SELECT * FROM harvest_sources WHERE url = ?').get(url) as SourceRow | undefined;
    return row ? toSource(row) : undefined;
  }

  async putSource(s: NewSource): Promise<HarvestSource> {
    await this.writable();
    const put = this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM harvest_sources WHERE url = ?').get(s.url);
      if (!exists && (this.db.prepare('SELECT count(*) AS n FROM harvest_sources').get() as { n: number }).n >= MAX_SOURCES) throw new TreeError('tree.too-many-sources', { max: MAX_SOURCES });
      this.db.prepare(`INSERT INTO harvest_sources (url, kind, centre_id, name, level, division, every_ms, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, centre_id = excluded.centre_id, name = excluded.name, level = excluded.level,
        division = excluded.division, every_ms = excluded.every_ms`)
        .run(s.url, s.kind, s.centreId ?? null, s.name ?? null, s.level ?? null, s.division ?? null, s.everyMs ?? null, new Date().toISOString());
    });
    put();
    return (await this.getSource(s.url))!;
  }

  async removeSource(url: string): Promise<boolean> {
    await this.writable();
    return this.db.prepare('DELETE FROM harvest_sources WHERE url = ?').run(url).changes > 0;
  }

  async noteRun(run: HarvestRun): Promise<void> {
    await this.writable();
    const note = this.db.transaction(() => {
      this.db.prepare(`INSERT INTO harvest_runs (source, started, finished, ok, error, received, created, updated, withdrawn, runner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(run.source, run.started, run.finished, run.ok ? 1 : 0, run.error ? errorLine(run.error) : null, run.received, run.created, run.updated, run.withdrawn, run.runner);
      this.db.prepare('DELETE FROM harvest_runs WHERE source = ? AND id <= (SELECT id FROM harvest_runs WHERE source = ? ORDER BY id DESC LIMIT 1 OFFSET ?)').run(run.source, run.source, RUNS_KEPT);
      if (run.ok) this.db.prepare('UPDATE harvest_sources SET last_attempt = ?, last_success = ?, failures = 0 WHERE url = ?').run(run.started, run.finished, run.source);
      else this.db.prepare('UPDATE harvest_sources SET last_attempt = ?, last_error = ?, last_error_at = ?, failures = failures + 1 WHERE url = ?').run(run.started, errorLine(run.error ?? ''), run.finished, run.source);
    });
    note();
  }

  async listRuns(source: string, limit = 10): Promise<HarvestRun[]> {
    return (this.db.prepare('SELECT * FROM harvest_runs WHERE source = ? ORDER BY id DESC LIMIT ?').all(source, limit) as RunRow[]).map(toRun);
  }

  async markCentreToken(tokenId: string): Promise<void> {
    await this.writable();
    this.db.prepare('INSERT OR IGNORE INTO centre_tokens (token_id) VALUES (?)').run(tokenId);
  }

  async isCentreToken(tokenId: string): Promise<boolean> {
    return !!this.db.prepare('SELECT 1 FROM centre_tokens WHERE token_id = ?').get(tokenId);
  }

  async setChains(rows: { key: string; chain: string[] }[]): Promise<void> {
    await this.writable();
    const put = this.db.prepare('INSERT INTO record_chain (key, via, chain) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET via = excluded.via, chain = excluded.chain');
    this.db.transaction(() => { for (const r of rows) put.run(r.key, r.chain[r.chain.length - 1] ?? '', JSON.stringify(r.chain)); })();
  }

  async getChains(keys: string[]): Promise<Map<string, string[]>> {
    const get = this.db.prepare('SELECT chain FROM record_chain WHERE key = ?');
    const out = new Map<string, string[]>();
    for (const k of keys) {
      const row = get.get(k) as { chain: string } | undefined;
      if (row) out.set(k, JSON.parse(row.chain) as string[]);
    }
    return out;
  }

  async countVia(): Promise<Map<string, number>> {
    const rows = this.db.prepare(`SELECT c.via AS via, count(*) AS n FROM record_chain c JOIN records r ON r.key = c.key WHERE r.status = 'published' GROUP BY c.via`).all() as { via: string; n: number }[];
    return new Map(rows.map((r) => [r.via, r.n]));
  }

  async withSourceLock<T>(url: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.locked.has(url)) return undefined;
    this.locked.add(url);
    try {
      return await fn();
    } finally {
      this.locked.delete(url);
    }
  }
}
