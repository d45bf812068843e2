import fs from 'node:fs';
import type { GlobalOptions } from './context.js';

// Labels of the progress display, one per long command that has no phase messages of its own.

/**
 * Output modes shared by every command: `--quiet` (errors only), `--verbose` (more detail), `--format json`
 * (machine output on stdout; no progress, no prose). Progress bars go to stderr, on a TTY only, never in CI.
 */
export interface OutputMode {
  quiet: boolean;
  verbose: boolean;
  json: boolean;
}

export function outputMode(opts: GlobalOptions & { format?: string }): OutputMode {
  return { quiet: !!opts.quiet, verbose: !!opts.verbose && !opts.quiet, json: opts.format === 'json' };
}

const inCi = (env: NodeJS.ProcessEnv) => !!env.CI && env.CI !== '0' && env.CI !== 'false';

/** Progress is drawn only for a person watching: stderr is a TTY, not --quiet/--format json, not CI, not TERM=dumb. */
export function progressEnabled(mode: Partial<OutputMode>, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  if (mode.quiet || mode.json) return false;
  if (!stream.isTTY) return false;
  if (inCi(env)) return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

/** How progress is shown: a redrawn bar (TTY), plain periodic lines (--verbose without a TTY, e.g. CI), or not at all. */
export function progressStyle(mode: Partial<OutputMode>, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env, lines = false): 'bar' | 'lines' | 'none' {
  if (mode.quiet || mode.json) return 'none';
  if (progressEnabled(mode, stream, env)) return 'bar';
  return mode.verbose || (lines && !inCi(env)) ? 'lines' : 'none';
}

export interface Progress {
  /** Set the count done (and the total when it becomes known); `detail` is shown after the numbers (publish's tallies). */
  update(done: number, total?: number, detail?: string): void;
  /** Count one more unit done. */
  tick(n?: number): void;
  /** Change the label (a new phase); the count starts again. */
  phase(label: string, total?: number): void;
  /** Clear the bar (leaves the terminal line empty). */
  done(): void;
}

const NOOP: Progress = { update() {}, tick() {}, phase() {}, done() {} };

export interface ProgressOptions {
  total?: number;
  mode?: Partial<OutputMode>;
  stream?: NodeJS.WriteStream;
  /** Force the bar on (tests) or off. */
  enabled?: boolean;
  /** What is counted: records (default) or bytes (shown in MB). */
  unit?: 'records' | 'bytes';
  /** Plain lines without a TTY even without --verbose (publish's behaviour outside CI). */
  lines?: boolean;
  /** Milliseconds between redraws (bar) and between lines without a total. */
  every?: { bar: number; line: number };
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const clock = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}:` : '') + `${Math.floor((s % 3600) / 60)}`.padStart(s >= 3600 ? 2 : 1, '0') + ':' + `${Math.floor(s % 60)}`.padStart(2, '0');

/** "45% 12,345/27,000 3,210/s ETA 0:05", "12,345 3,210/s", or the same in MB. */
export function progressText(done: number, total: number | undefined, elapsedMs: number, unit: 'records' | 'bytes' = 'records'): string {
  const f = unit === 'bytes' ? (n: number) => (n / 1e6).toFixed(1) : number;
  const u = unit === 'bytes' ? ' MB' : '';
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const r = elapsedMs >= 500 && rate > 0 ? ` ${f(rate)}${u}/s` : '';
  if (!total) return `${f(done)}${u}${r}`;
  const pct = Math.min(100, Math.floor((done / total) * 100));
  const eta = r && done < total ? ` ETA ${clock((total - done) / rate)}` : '';
  return `${pct}% ${f(done)}/${f(total)}${u}${r}${eta}`;
}

/**
 * The one progress display of every long command (map, validate, pack, verify, export, import, publish, centre
 * harvest and migrate), on stderr only, never mixed into stdout data. On a TTY: one line redrawn at most every
 * 100 ms, `label [#####.....] 45% 12,345/27,000 3,210/s ETA 0:05` (a running count and rate without a total).
 * Without a TTY and with --verbose (CI): a plain line per 10 % (every 5 s without a total). Else nothing.
 */
export function createProgress(label: string, o: ProgressOptions = {}): Progress {
  const stream = o.stream ?? process.stderr;
  const style = o.enabled === true ? 'bar' : o.enabled === false ? 'none' : progressStyle(o.mode ?? {}, stream, process.env, o.lines);
  if (style === 'none') return NOOP;
  const every = o.every ?? { bar: 100, line: 5000 };
  let total = o.total;
  let count = 0;
  let start = Date.now();
  let last = 0;
  let lastStep = -1;
  let drawn = false;
  let detail = '';
  const width = 24;
  const draw = (force = false) => {
    const now = Date.now();
    const text = progressText(count, total, now - start, o.unit) + (detail ? ` ${detail}` : '');
    if (style === 'lines') {
      const step = total ? Math.floor((count / total) * 10) : -1;
      if (total ? step === lastStep && !force : !force && now - last < every.line) return;
      lastStep = step;
      last = now;
      stream.write(`${label}: ${text}\n`);
      return;
    }
    if (!force && now - last < every.bar) return;
    last = now;
    const bar = total ? `[${'#'.repeat(Math.min(width, Math.round((count / total) * width))).padEnd(width, '.')}] ` : '';
    stream.write(`\r${label} ${bar}${text}\x1b[K`);
    drawn = true;
  };
  return {
    update(d, t, more) {
      count = d;
      if (t !== undefined) total = t;
      if (more !== undefined) detail = more;
      draw(total !== undefined && count >= total);
    },
    tick(n = 1) {
      count += n;
      draw();
    },
    phase(l, t) {
      label = l;
      total = t;
      count = 0;
      detail = '';
      start = Date.now();
      lastStep = -1;
      last = 0;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
/** Wrap an async iterable so each item ticks the progress bar; the bar is cleared when iteration ends. */
export async function* withProgress<T>(items: AsyncIterable<T>, progress: Progress): AsyncGenerator<T> {
  try {
    for await (const x of items) {
      progress.tick();
      yield x;
    }
  } finally {
    progress.done();
  }
}

/** Clear the bar when iteration ends, however it ends (the count is told elsewhere, e.g. by bytes). */
export async function* clearedAtEnd<T>(items: AsyncIterable<T>, progress: Progress): AsyncGenerator<T> {
  try {
    yield* items;
  } finally {
    progress.done();
  }
}

/** The summed size of the input files; a missing one counts 0 (its reader reports it). */
export function inputBytes(files: string[]): number {
  let total = 0;
  for (const file of files) {
    try {
      total += fs.statSync(file).size;
    } catch {
      // unreadable: the command says so when it reaches it
    }
  }
  return total;
}

/**
 * Progress by the bytes read of the input files (map, validate): the readers tell each chunk as they read it
 * (`onBytes`, ReadOptions.onBytes) and the bar shows its share of the inputs' summed size, with rate and ETA.
 */
export function inputProgress(label: string, files: string[], mode: Partial<OutputMode>): { progress: Progress; onBytes: (bytes: number) => void } {
  const progress = createProgress(label, { mode, unit: 'bytes', total: inputBytes(files) });
  let read = 0;
  return {
    progress,
    onBytes: (bytes) => {
      read += bytes;
      progress.update(read);
    },
  };
}
