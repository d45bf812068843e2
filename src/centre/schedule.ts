import os from 'node:os';
import type { CentreStore } from './store.js';
import { harvestInTree } from './tree/harvest.js';
import { treeStoreOf, type HarvestSource, type TreeStore } from './tree/store.js';
import { runErrorData, storedRunError } from './tree/run-error.js';
import { MIN_INTERVAL_MS } from './tree/interval.js';
import { stderrSink } from './log-sink.js';

/**
 * Scheduled harvest in the background of `centre serve` (issue 19): every member centre and harvest source is
 * harvested incrementally (harvest state / OAI from=) each `everyMs` (or its own interval). Never blocks requests:
 * harvests are asynchronous I/O, a page at a time. One harvest per source at a time: in this process (a set of
 * running sources) and across processes on one PostgreSQL database (TreeStore.withSourceLock, an advisory lock;
 * the due time is read again under the lock, so a source another process just harvested is not harvested twice).
 */
export interface ScheduleOptions {
  /** Default interval of a source without its own (centre serve --harvest-every). */
  everyMs: number;
  /** URLs this centre is known by (loops in the tree are refused against them). */
  self: () => string[];
  /** One JSON line per failed run (default: standard error). */
  log?: (line: string) => void;
}

export interface Schedule {
  /** Stop scheduling; waits (at most `graceMs`) for the harvests in flight. */
  stop(graceMs?: number): Promise<void>;
}

/** Smallest --harvest-every and source --every (a test tree runs at 1 s; production: minutes, see docs/centre.md). */
export { MIN_INTERVAL_MS } from './tree/interval.js';

export const runner = `${os.hostname()}:${process.pid}`;

const intervalOf = (s: HarvestSource, everyMs: number) => Math.max(s.everyMs ?? everyMs, MIN_INTERVAL_MS);
const isDue = (s: HarvestSource, everyMs: number, now: number) => !s.lastAttempt || Date.parse(s.lastAttempt) + intervalOf(s, everyMs) <= now;

export async function startSchedule(store: CentreStore, opts: ScheduleOptions): Promise<Schedule> {
  const tree = await treeStoreOf(store);
  const running = new Map<string, Promise<void>>();
  const log = opts.log ?? stderrSink;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    let sources: HarvestSource[] = [];
    try {
      sources = await tree.listSources();
      const now = Date.now();
      for (const s of sources) {
        if (stopped || running.has(s.url) || !isDue(s, opts.everyMs, now)) continue;
        const run = runOne(tree, store, s.url, opts, log)
          .catch((err: unknown) => log(JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'harvest-run', source: s.url, error: String((err as Error)?.message ?? err) })))
          .finally(() => running.delete(s.url));
        running.set(s.url, run);
      }
    } catch (err) {
      log(JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'schedule', error: String((err as Error).message ?? err) }));
    }
    if (stopped) return;
    // checked a few times per shortest interval, so a run starts at most a quarter interval late
    const shortest = Math.min(opts.everyMs, ...sources.map((s) => intervalOf(s, opts.everyMs)));
    timer = setTimeout(() => void tick(), Math.min(Math.max(shortest / 4, 100), 5000));
    timer.unref();
  }

  void tick();
  return {
    async stop(graceMs = 5000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      const grace = new Promise<void>((r) => setTimeout(r, graceMs).unref());
      await Promise.race([Promise.allSettled([...running.values()]), grace]);
    },
  };
}

/** Harvest one source under its lock, if it is still due, and record the run. */
async function runOne(tree: TreeStore, store: CentreStore, url: string, opts: ScheduleOptions, log: (line: string) => void): Promise<void> {
  await tree.withSourceLock(url, async () => {
    const fresh = await tree.getSource(url);
    if (!fresh || !isDue(fresh, opts.everyMs, Date.now())) return;
    const started = new Date().toISOString();
    try {
      const r = await harvestInTree(store, url, opts.self());
      await tree.noteRun({ source: url, started, finished: new Date().toISOString(), ok: true, received: r.received, created: r.created.length, updated: r.updated.length, withdrawn: r.withdrawn.length, runner });
    } catch (err) {
      // code + params, worded where shown (GET /api/v1/centres, centre source list); the log line carries the same
      log(JSON.stringify({ time: new Date().toISOString(), level: 'warn', event: 'harvest-failed', source: url, error: runErrorData(err) }));
      await tree.noteRun({ source: url, started, finished: new Date().toISOString(), ok: false, error: storedRunError(err), received: 0, created: 0, updated: 0, withdrawn: 0, runner });
    }
  });
}
