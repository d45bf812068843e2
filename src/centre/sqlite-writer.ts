// The registration writer thread of the SQLite store (sqlite-writer-thread.ts starts it): one connection of its own
// to the centre's file, on which a large registration is written in ONE transaction, so the slices, the COMMIT and
// the WAL checkpoint that follows it run here and never hold the centre's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { insertSubmissions, writeChanges } from './sqlite-write.js';
import { StoreConflictError } from './store.js';
import type { RegistrationStep } from './apply-slices.js';

export type ToWriter =
  | { type: 'begin' } | { type: 'step'; step: RegistrationStep } | { type: 'piece'; text: string }
  | { type: 'answer'; id: string; hash: string; created: string }
  | { type: 'commit' } | { type: 'rollback' } | { type: 'close' };

/** The answer to each message, in order: ok (with the ids of inserted submissions), or why it failed. */
export type FromWriter =
  | { ok: true; submissions?: { id: number; created: string }[] }
  | { ok: false; message: string; conflict?: string; code?: string };

const db = new Database((workerData as { file: string }).file);
// per-connection settings, as the store's own connection has them (journal_mode WAL is kept by the file)
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');

/**
 * Copy the WAL into the database file here, after the commit (PASSIVE: never waits for readers, retried a few
 * times while a reader's snapshot holds frames back), so the next write on the centre's thread does not find
 * the whole registration in the WAL and checkpoint it there (wal_autocheckpoint runs in the committing connection).
 */
function checkpoint(): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 20; i++) {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    if (r.log === r.checkpointed) return;
    Atomics.wait(nap, 0, 0, 25);
  }
}

/** The pieces of an answer's JSON received so far (ToWriter piece), put together here. */
const pieces: string[] = [];

function handle(m: ToWriter): FromWriter {
  if (m.type === 'begin') db.exec('BEGIN IMMEDIATE');
  else if (m.type === 'commit') { db.exec('COMMIT'); checkpoint(); }
  else if (m.type === 'piece') pieces.push(m.text);
  else if (m.type === 'answer') db.prepare('INSERT OR IGNORE INTO answers (id, hash, answer, created) VALUES (?, ?, ?, ?)').run(m.id, m.hash, pieces.splice(0).join(''), m.created);
  else if (m.type === 'rollback') { if (db.inTransaction) db.exec('ROLLBACK'); }
  else if (m.type === 'close') db.close();
  else if ('changes' in m.step) writeChanges(db, m.step.changes);
  else return { ok: true, submissions: insertSubmissions(db, m.step.submissions).map((s) => ({ id: s.id, created: s.created })) };
  return { ok: true };
}

parentPort!.on('message', (m: ToWriter) => {
  let answer: FromWriter;
  try {
    answer = handle(m);
  } catch (err) {
    const e = err as Error & { code?: string };
    answer = { ok: false, message: e.message, ...(err instanceof StoreConflictError ? { conflict: err.key } : {}), ...(typeof e.code === 'string' ? { code: e.code } : {}) };
  }
  parentPort!.postMessage(answer);
  if (m.type === 'close') parentPort!.close();
});
