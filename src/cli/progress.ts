import type { GlobalOptions } from './context.js';

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

/** Progress is drawn only for a person watching: stderr is a TTY, not --quiet/--format json, not CI, not TERM=dumb. */
export function progressEnabled(mode: Partial<OutputMode>, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  if (mode.quiet || mode.json) return false;
  if (!stream.isTTY) return false;
  if (env.CI && env.CI !== '0' && env.CI !== 'false') return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

export interface Progress {
  /** Set the count done (and the total when it becomes known). */
  update(done: number, total?: number): void;
  /** Count one more unit done. */
  tick(n?: number): void;
  /** Clear the bar (leaves the terminal line empty). */
  done(): void;
}

const NOOP: Progress = { update() {}, tick() {}, done() {} };

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms: `label [#####.....] 120/400`.
 * Without a total it shows a running count. A no-op when progress is not enabled.
 */
export function createProgress(label: string, o: { total?: number; mode?: Partial<OutputMode>; stream?: NodeJS.WriteStream; enabled?: boolean } = {}): Progress {
  const stream = o.stream ?? process.stderr;
  if (!(o.enabled ?? progressEnabled(o.mode ?? {}, stream))) return NOOP;
  let total = o.total;
  let done = 0;
  let last = 0;
  let drawn = false;
  const width = 24;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const bar = total ? `[${'#'.repeat(Math.min(width, Math.round((done / total) * width))).padEnd(width, '.')}] ${done}/${total}` : `${done}`;
    stream.write(`\r${label} ${bar}\x1b[K`);
    drawn = true;
  };
  return {
    update(d, t) {
      done = d;
      if (t !== undefined) total = t;
      draw(total !== undefined && done >= total);
    },
    tick(n = 1) {
      done += n;
      draw();
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
