import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import diagnostics_channel from 'node:diagnostics_channel';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCentre, type RunningCentre } from '../../src/centre/server.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { openPgStore } from '../../src/centre/pg-store.js';
import { createToken } from '../../src/centre/auth.js';
import type { CentreStore } from '../../src/centre/store.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { packRecords } from '../../src/package/pack.js';
import { INTAKE_CHANNEL, type IntakePhase } from '../../src/centre/intake-phase.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';
import { call } from './helpers.js';
import { guideRecords } from './fixtures.js';

/**
 * Issue 14: no request blocks the centre's event loop for more than ~100 ms. A large package is registered by a
 * centre in this process while /health and a search are asked meanwhile, on SQLite and PostgreSQL.
 *
 * What is asserted is chosen so a loaded machine cannot break it: the longest event-loop turn is measured as the
 * CPU time the centre's (main) thread spent in it (Linux /proc/self/task/<tid>/stat, 10 ms ticks), which waiting
 * for a CPU does not inflate; wall-clock figures are only the 200 ms for the median /health answer. Measured
 * at 10,000 records: 20–30 ms of CPU at most here; 130 ms on SQLite before the writer thread (sqlite-writer.ts),
 * when the COMMIT of a registration and its WAL checkpoint ran on this thread (it grows with the package).
 */

const base = guideRecords()[1];
const rec = (i: number): CatalogRecord => ({ ...base, title: `行政处罚决定书（${i}）`, resourceCode: `301002/${String(i).padStart(6, '0')}`, relatedResourceCodes: undefined });
const COUNT = 15_000;
const created = '2026-01-01T00:00:00Z';
/** The bound on one event-loop turn (ms of the centre thread's CPU). */
const MAX_TURN_CPU_MS = 100;
const STAT = `/proc/self/task/${process.pid}/stat`;
const measurable = fs.existsSync(STAT);

/** CPU time (user + system, ms) of this process's main thread so far. */
function threadCpuMs(): number {
  const s = fs.readFileSync(STAT, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in USER_HZ (100 on Linux)
}

interface Turns { phases: Set<IntakePhase>; maxCpuMs: number; maxWallMs: number; done: Promise<void>; stop(): void }

/**
 * Watch the event loop from the first intake phase to `done`: a 5 ms timer chain notes, for every late tick, the
 * main thread's CPU time between the two ticks (one turn of the loop, or a few short ones).
 */
function watchTurns(): Turns {
  let ended = () => {};
  const t: Turns = { phases: new Set(), maxCpuMs: 0, maxWallMs: 0, done: new Promise((r) => { ended = r; }), stop: () => {} };
  let watching = false, last = 0, lastCpu = 0, timer: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = performance.now(), cpu = threadCpuMs();
    if (now - last > 5 + 10) { t.maxCpuMs = Math.max(t.maxCpuMs, cpu - lastCpu); t.maxWallMs = Math.max(t.maxWallMs, now - last - 5); }
    last = now;
    lastCpu = cpu;
    timer = setTimeout(tick, 5);
  };
  const onPhase = (m: unknown) => {
    const phase = (m as { phase: IntakePhase }).phase;
    t.phases.add(phase);
    if (!watching && phase !== 'done') { watching = true; last = performance.now(); lastCpu = threadCpuMs(); timer = setTimeout(tick, 5); }
    if (phase === 'done') { t.stop(); ended(); }
  };
  diagnostics_channel.subscribe(INTAKE_CHANNEL, onPhase);
  t.stop = () => { clearTimeout(timer); diagnostics_channel.unsubscribe(INTAKE_CHANNEL, onPhase); };
  return t;
}

interface Centre { centre: RunningCentre; store: CentreStore; token: string; stop(): Promise<void> }

async function open(kind: 'sqlite' | 'pg'): Promise<Centre> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-stall-'));
  let store: CentreStore;
  let dropDb = async () => {};
  if (kind === 'sqlite') store = new SqliteStore(path.join(dir, 'c.sqlite'));
  else {
    const db = await createTestDatabase('intake_stall');
    store = await openPgStore(db.url);
    dropDb = db.drop;
  }
  const token = (await createToken(store, { provider: base.provider!.code! })).token;
  const centre = await startCentre({ store, port: 0, warm: true, tempDir: dir });
  return { centre, store, token, async stop() { await centre.close(); await dropDb(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const STORES = [['sqlite', true], ['pg', !!testPgUrl()]] as const;

describe.each(STORES)('event loop during a large registration on %s', (kind, available) => {
  if (!available) { it.skip(PG_SKIP_MESSAGE, () => {}); return; }
  let c: Centre;
  let zip: Uint8Array;
  beforeAll(async () => {
    zip = packRecords(Array.from({ length: COUNT }, (_, i) => rec(i)), { created });
    c = await open(kind);
  }, 120_000);
  afterAll(() => c?.stop());

  it.skipIf(!measurable)(`no turn of the centre's loop takes over ${MAX_TURN_CPU_MS} ms of CPU; /health and a search answer meanwhile`, async () => {
    const turns = watchTurns();
    let phase: IntakePhase | undefined;
    const seen = (m: unknown) => { phase = (m as { phase: IntakePhase }).phase; };
    diagnostics_channel.subscribe(INTAKE_CHANNEL, seen);
    try {
      let finished = false;
      const upload = call(c.centre.url, 'POST', '/api/v1/packages', { token: c.token, body: zip }).finally(() => { finished = true; });
      const health: number[] = [];
      const during = new Set<IntakePhase>();
      let searched = 0;
      while (!finished) {
        const t = performance.now();
        const h = await call(c.centre.url, 'GET', '/health');
        expect(h.status).toBe(200);
        if (phase && phase !== 'done' && !finished) { health.push(performance.now() - t); during.add(phase); }
        // a search as well, while the records are being written (the search reads committed state only)
        if (phase === 'apply' && !finished && searched < 5) {
          const s = await call(c.centre.url, 'GET', '/api/v1/records?q=%E8%A1%8C%E6%94%BF');
          expect(s.status).toBe(200);
          searched++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const u = await upload;
      await turns.done; // the answer is sent before the temp file is removed
      expect(u.status).toBe(200);
      expect(u.json.accepted).toHaveLength(COUNT);
      // the registration went through its phases while /health kept answering, in the apply phase too
      expect(turns.phases).toEqual(new Set(['receive', 'verify', 'check', 'validate', 'apply', 'answer', 'done']));
      expect(during.has('apply')).toBe(true);
      expect(searched).toBeGreaterThan(0);
      expect(median(health)).toBeLessThan(200);
      expect(turns.maxCpuMs, `longest turn: ${turns.maxCpuMs} ms CPU, ${turns.maxWallMs.toFixed(0)} ms wall`).toBeLessThanOrEqual(MAX_TURN_CPU_MS);
      expect((await call(c.centre.url, 'GET', '/health')).json.records).toBe(COUNT);
    } finally {
      turns.stop();
      diagnostics_channel.unsubscribe(INTAKE_CHANNEL, seen);
    }
  }, 300_000);
});
