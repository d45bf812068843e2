import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { nextBoundary } from './split.js';
import { nextCarry, START_RANGE, type CsvPlan, type RangeCarry, type RangeSummary } from './range.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';
import type { Batch } from './batch.js';
import { FooterFilter } from './footer-filter.js';
import { footersApply } from './footer-row.js';
import type { SkippedRow } from '../readers/footer.js';
import { ReadError } from '../readers/row.js';

/** Threads for `--jobs` by default: one per core. */
export const defaultJobs = (): number => Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** Files smaller than this are read on the main thread: starting a worker costs ~0.3 s of CPU (docs/validate.md). */
export const JOBS_MIN_BYTES = 16 * 1024 * 1024;
/** Bytes a worker parses at a time. */
export const JOBS_RANGE_BYTES = 512 * 1024;

export interface JobsOptions {
  /** Worker threads (1: none). */
  jobs?: number;
  /** Smallest file read in parallel (default JOBS_MIN_BYTES; tests lower it). */
  minBytes?: number;
  /** Range size (default JOBS_RANGE_BYTES; tests lower it to split often). */
  rangeBytes?: number;
}

/**
 * Whether a file should be read by `jobs` workers. The environment variables CATALOG_JOBS_MIN_BYTES and
 * CATALOG_JOBS_RANGE_BYTES override the sizes (used by the tests, to split small files into many ranges).
 */
export function jobsSizes(o: JobsOptions): { minBytes: number; rangeBytes: number } {
  const env = (k: string) => (process.env[k] && Number.isInteger(Number(process.env[k])) && Number(process.env[k]) > 0 ? Number(process.env[k]) : undefined);
  return { minBytes: o.minBytes ?? env('CATALOG_JOBS_MIN_BYTES') ?? JOBS_MIN_BYTES, rangeBytes: o.rangeBytes ?? env('CATALOG_JOBS_RANGE_BYTES') ?? JOBS_RANGE_BYTES };
}

/**
 * A worker's heap: V8's default young generation (up to 48 MB per thread here) and lazily collected old generation
 * took a 1,000,000-row --jobs 2 run to 396 MB RSS (16 MB: 322–329 MB, 8 MB: 308 MB but ~50 % more CPU in GC); a worker
 * holds one 512 KiB range at a time. The old-generation
 * cap leaves room for a range that reads on through 1 MB cells.
 */
const HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 };

/**
 * V8 lets the old generation grow to up to 4× what survived the last full collection before collecting again: with
 * three heaps (the main thread's and two workers') that slack alone put a 1,000,000-row --jobs 2 run over 300 MB RSS.
 * Growing by 30 % instead took a 250,000-row run from 286 to 235 MB with no measurable CPU cost (bench/BENCHMARKS.md).
 * V8 reads this flag at every collection; it is process-wide, so it is set once, before the first worker starts
 * (workers take the process's flags), and stays for the rest of the process, which runs one command.
 */
let heapTuned = false;
function tuneHeapGrowth(): void {
  if (heapTuned) return;
  heapTuned = true;
  v8.setFlagsFromString('--heap-growing-percent=30');
}

/**
 * The worker script: the compiled one next to this module; when this module runs from src/ (the tests), the
 * TypeScript one loaded through tsx's API (a worker does not take `--import tsx` on Node 20).
 */
function startWorker(): Worker {
  tuneHeapGrowth();
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: HEAP });
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const script = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}))`, { eval: true, resourceLimits: HEAP });
}

/** What a worker reports to the run that uses it. */
interface WorkerListener {
  message(m: FromWorker): void;
  failed(err: Error): void;
}
const listeners = new Map<Worker, WorkerListener>();
/** Idle workers of finished runs, kept (unref'd: they never hold the process open) for the next file. */
const spare: Worker[] = [];

/** A worker for a run: a spare one, or a new one. */
function takeWorker(listener: WorkerListener): Worker {
  let w = spare.pop();
  if (w) w.ref();
  else {
    const worker = (w = startWorker());
    worker.on('message', (m: FromWorker) => listeners.get(worker)?.message(m));
    worker.on('error', (err) => fail(worker, err));
    worker.on('exit', (code) => fail(worker, new Error(`CSV worker thread exited with code ${code}`)));
  }
  listeners.set(w, listener);
  return w;
}

function fail(w: Worker, err: Error): void {
  const i = spare.indexOf(w);
  if (i >= 0) spare.splice(i, 1);
  const l = listeners.get(w);
  listeners.delete(w);
  l?.failed(err);
}

/**
 * After a run, workers become spares: idle ones at once, busy ones (parsing a range whose start the file's last
 * range passed) once they have dropped it. After a failure they are stopped.
 */
function release(workers: Worker[], idle: Worker[], failed: boolean): void {
  for (const w of workers) {
    w.unref();
    if (failed) {
      listeners.delete(w);
      w.removeAllListeners();
      void w.terminate();
    } else if (idle.includes(w)) {
      listeners.delete(w);
      spare.push(w);
    } else {
      listeners.set(w, { message: (m) => m.type === 'dropped' && (listeners.delete(w), spare.push(w)), failed: () => {} });
      w.postMessage({ type: 'drop' } satisfies ToWorker);
    }
  }
}

interface Range {
  /** Where its worker started parsing (a guess until the range before is parsed). */
  start: number;
  end: number;
  worker: Worker;
  summary?: RangeSummary;
  /** Known once the range before it is parsed from its true start. */
  carry?: RangeCarry;
  trueStart?: number;
  emitted: boolean;
  batches: Batch[];
  done: boolean;
  error?: Error;
}

/**
 * The ranges of one run and the workers reading them: hands out ranges to idle workers (at most one more than
 * there are workers ahead of the one being consumed, which bounds the batches waiting in memory) and passes the
 * numbering forward as ranges are parsed.
 */
class RangeQueue {
  readonly ranges: Range[] = [];
  readonly idle: Worker[] = [];
  /** Ranges fully passed on. */
  consumed = 0;
  fatal?: Error;
  private nextStart = 0;
  private wake?: () => void;

  constructor(private plan: CsvPlan, private fd: number, private rangeBytes: number, readonly workers: Worker[]) {}

  /** Wait until a worker has said something. */
  wait(): Promise<void> {
    return new Promise<void>((res) => (this.wake = res));
  }

  poke(): void {
    this.wake?.();
    this.wake = undefined;
  }

  dispatch(): void {
    const { plan, ranges } = this;
    while (this.idle.length && this.nextStart < plan.size && ranges.length - this.consumed <= this.workers.length) {
      const prev = ranges[ranges.length - 1];
      // When the range before is already parsed from its true start, no guess is needed.
      const known = prev?.summary && prev.summary.start === prev.trueStart && !prev.summary.stopped ? prev.summary.end : undefined;
      const start = known ?? this.nextStart;
      if (start >= plan.size) break;
      const end = nextBoundary(this.fd, plan.size, Math.min(plan.size, start + this.rangeBytes), plan.recordDelimiter);
      const worker = this.idle.pop()!;
      ranges.push({ start, end, worker, emitted: false, batches: [], done: false, ...(ranges.length === 0 ? { carry: START_RANGE, trueStart: 0 } : {}) });
      this.nextStart = end;
      send(worker, { type: 'parse', range: ranges.length - 1, start, end });
    }
    this.propagate();
  }

  /** Numbering flows forward: a range parsed from its true start gives the next range its start and carry. */
  private propagate(): void {
    const { plan, ranges } = this;
    for (let k = 0; k < ranges.length; k++) {
      const r = ranges[k];
      if (r.carry === undefined) return;
      if (!r.emitted) {
        r.emitted = true;
        send(r.worker, { type: 'emit', range: k, start: r.trueStart!, carry: r.carry });
      }
      const s = r.summary;
      if (!s || s.start !== r.trueStart || s.stopped || s.end >= plan.size) return;
      const next = ranges[k + 1];
      if (next && next.carry === undefined) {
        next.trueStart = s.end;
        next.carry = nextCarry(r.carry, s, plan.read);
      }
    }
  }

  onMessage(w: Worker, m: FromWorker): void {
    if (m.type === 'dropped') return;
    const r = this.ranges[m.range];
    if (!r) {
      this.fatal ??= new Error(`CSV worker thread: ${m.type === 'error' ? m.internal : m.type}`);
      this.poke();
      return;
    }
    if (m.type === 'parsed') r.summary = m.summary;
    else if (m.type === 'batch') r.batches.push(m.batch);
    else {
      if (m.type === 'error') r.error = m.read ? new ReadError(m.read.code, m.read.params) : new Error(`CSV worker thread: ${m.internal}`);
      r.done = true;
      this.idle.push(w);
    }
    this.dispatch();
    this.poke();
  }
}

const send = (w: Worker, m: ToWorker) => w.postMessage(m);

/** Take `jobs` workers for a run, each set up for the plan. */
function startRun(q: RangeQueue, init: WorkerInit, jobs: number): void {
  for (let i = 0; i < Math.max(1, jobs); i++) {
    const w: Worker = takeWorker({
      message: (m) => q.onMessage(w, m),
      failed: (err) => {
        q.fatal ??= err;
        q.poke();
      },
    });
    send(w, { type: 'init', init });
    q.workers.push(w);
    q.idle.push(w);
  }
}

/**
 * Read one CSV file with worker threads: it is cut into ranges of about `rangeBytes` at line ends, each worker
 * parses a range, and once the ranges before it are parsed (which proves where it starts and gives its row and line
 * numbers) maps and validates its rows. Yields each range's batches in file order, without the footers below the
 * table (told to `onSkip`), so the outcome is the same as reading the file from start to end on one thread. Workers
 * are stopped when the generator ends, however it ends.
 */
export async function* runCsvJobs(plan: CsvPlan, init: Omit<WorkerInit, 'plan'>, jobs: number, rangeBytes: number, onSkip?: (row: SkippedRow) => void, onBytes?: (bytes: number) => void): AsyncGenerator<Batch> {
  const fd = fs.openSync(plan.file, 'r');
  const q = new RangeQueue(plan, fd, rangeBytes, []);
  const footers = footersApply(plan.read) ? new FooterFilter(plan.file, onSkip) : undefined;
  try {
    startRun(q, { ...init, plan }, jobs);
    q.dispatch();
    for (;;) {
      if (q.fatal) throw q.fatal;
      const r = q.ranges[q.consumed];
      if (r?.batches.length) {
        const b = r.batches.shift()!;
        if (footers) yield* footers.push(b);
        else yield b;
        continue;
      }
      if (r?.done) {
        if (r.error) throw r.error;
        onBytes?.(r.summary!.end - r.summary!.start); // progress by bytes: a range is read once its rows are out
        if (r.summary!.end >= plan.size) break;
        q.consumed++;
        q.dispatch();
        continue;
      }
      await q.wait();
    }
    if (footers) yield* footers.end();
  } finally {
    fs.closeSync(fd);
    release(q.workers, q.idle, !!q.fatal);
  }
}
