import type Database from 'better-sqlite3';
import { classCodeOf, searchTextOf, utcNow, StoreConflictError, SUPERSEDING_ACTIONS, type NewSubmission, type RecordChange, type RecordStatus, type StoredRecord, type Submission } from './store.js';
import { decideChange } from './apply-change.js';

type CurrentRow = { id: number; provider: string; hash: string; status: string; datestamp: string; origin: string; record: string };

/**
 * Write record changes with their history lines on `db`, in one transaction (a savepoint inside an open one).
 * A module function rather than a store method so the registration writer thread (sqlite-writer.ts), which has
 * its own connection, writes exactly as the store does.
 */
export function writeChanges(db: Database.Database, changes: RecordChange[]): StoredRecord[] {
  // A write deletes the old row and inserts a new one, so records.id (= the FTS rowid) is a change sequence:
  // search pages "most recently changed first" by walking rowids backwards and stops after one page.
  const insert = db.prepare(`INSERT INTO records (key, provider, provider_name, hash, status, datestamp, origin, record, class_code, share_type, search_text)
    VALUES (@key, @provider, @providerName, @hash, @status, @datestamp, @origin, @record, @classCode, @shareType, @searchText)`);
  const remove = db.prepare('DELETE FROM records WHERE id = ?');
  const ftsDelete = db.prepare('DELETE FROM records_fts WHERE rowid = ?');
  const ftsInsert = db.prepare('INSERT INTO records_fts (rowid, text) VALUES (?, ?)');
  const hist = db.prepare(`INSERT INTO history (key, action, status, hash, at, actor, origin, comment, record)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const current = db.prepare('SELECT id, provider, hash, status, datestamp, origin, record FROM records WHERE key = ?');
  // a change outside review closes the key's open submissions (store.ts SUPERSEDING_ACTIONS)
  const supersede = db.prepare(`UPDATE submissions SET status = 'superseded', reviewed = ?, reviewer = ?, superseded_seq = ?, superseded_action = ?
    WHERE key = ? AND status = 'submitted'`);
  const run = db.transaction((list: RecordChange[]) => {
    const out: StoredRecord[] = new Array(list.length);
    // Written in descending key order, so search (newest id first) lists one batch in key order, as the
    // PostgreSQL store does; the sort is stable, so two changes to one key keep their order.
    const order = list.map((_, i) => i).sort((a, b) => (list[a].key < list[b].key ? 1 : list[a].key > list[b].key ? -1 : 0));
    for (const i of order) {
      let c = list[i];
      const row = current.get(c.key) as CurrentRow | undefined;
      const decision = decideChange(row, c);
      if (decision.kind === 'skip') {
        out[i] = { key: c.key, provider: row!.provider, hash: row!.hash, status: row!.status as RecordStatus, datestamp: row!.datestamp, origin: row!.origin, record: JSON.parse(row!.record) };
        continue;
      }
      if (decision.kind === 'conflict') throw new StoreConflictError(c.key);
      // a withdrawal withdraws what the row holds now
      if (decision.keepStored) c = { ...c, hash: row!.hash, record: JSON.parse(row!.record), origin: row!.origin, provider: row!.provider };
      if (row) {
        ftsDelete.run(row.id);
        remove.run(row.id);
      }
      const datestamp = c.datestamp ?? utcNow();
      const json = JSON.stringify(c.record);
      const searchText = searchTextOf(c.record);
      const id = Number(insert.run({
        key: c.key, provider: c.provider, providerName: c.record.provider?.name ?? null, hash: c.hash, status: c.status, datestamp,
        origin: c.origin, record: json, classCode: classCodeOf(c.record) ?? null, shareType: c.record.sharing?.type ?? null, searchText,
      }).lastInsertRowid);
      ftsInsert.run(id, searchText);
      const seq = Number(hist.run(c.key, c.action, c.status, c.hash, datestamp, c.actor, c.origin, c.comment ?? null, json).lastInsertRowid);
      if (SUPERSEDING_ACTIONS.has(c.action)) supersede.run(utcNow(), c.actor, seq, c.action, c.key);
      out[i] = { key: c.key, provider: c.provider, hash: c.hash, status: c.status, datestamp, origin: c.origin, record: c.record };
    }
    return out;
  });
  return run(changes);
}

/** Insert new submissions on `db` (inside the caller's transaction). */
export function insertSubmissions(db: Database.Database, subs: NewSubmission[]): Submission[] {
  const ins = db.prepare(`INSERT INTO submissions (key, provider, hash, record, status, created, actor, action) VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?)`);
  return subs.map((s) => {
    const created = utcNow();
    const id = Number(ins.run(s.key, s.provider, s.hash, JSON.stringify(s.record), created, s.actor, s.action ?? null).lastInsertRowid);
    return { ...s, id, created, status: 'submitted' as const };
  });
}
