import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

/**
 * Bounded fuzzing (issue 14 §4; docs/security.md "Hostile files"). CI runs a few cases per target; set
 * CATALOG_FUZZ_RUNS (cases per target) and optionally CATALOG_FUZZ_SEED to run long by hand, e.g.
 *   CATALOG_FUZZ_RUNS=2000 npx vitest run test/hostile/fuzz-readers.test.ts test/hostile/fuzz-centre.test.ts
 */
export const FUZZ_RUNS = Math.max(1, Number(process.env.CATALOG_FUZZ_RUNS) || 8);
export const FUZZ_SEED = Number(process.env.CATALOG_FUZZ_SEED) || 14;
/** A case running longer than this is a hang (not a timing assertion: only a bound that turns a hang into a failure). */
export const CASE_LIMIT_MS = 20_000;
/** Heap cap of the worker running reader cases: going past it is "unbounded memory". */
export const CASE_HEAP_MB = 768;

/** Mutations of real bytes: truncate, flip bytes, overwrite a run, splice a range elsewhere, repeat a range. */
export function mutation(original: Uint8Array): fc.Arbitrary<{ label: string; bytes: Uint8Array }> {
  const n = original.length;
  const at = fc.nat({ max: Math.max(0, n - 1) });
  const copy = () => Uint8Array.from(original);
  return fc.oneof(
    at.map((i) => ({ label: `truncate@${i}`, bytes: original.slice(0, i) })),
    fc.array(fc.tuple(at, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = copy();
      for (const [i, x] of flips) b[i] ^= x;
      return { label: `flip ${flips.map(([i, x]) => `${i}^${x}`).join(',')}`, bytes: b };
    }),
    fc.tuple(at, fc.integer({ min: 1, max: 64 }), fc.constantFrom(0, 0xff, 0x3c, 0x22)).map(([i, len, v]) => {
      const b = copy();
      b.fill(v, i, i + len);
      return { label: `fill@${i}+${len}=${v}`, bytes: b };
    }),
    fc.tuple(at, at, at).map(([a, b, c]) => {
      const [s, e] = a < b ? [a, b] : [b, a];
      const piece = original.slice(s, Math.min(e, s + 4096));
      return { label: `splice ${s}-${s + piece.length}@${c}`, bytes: Buffer.concat([original.subarray(0, c), piece, original.subarray(c)]) };
    }),
    fc.tuple(at, fc.integer({ min: 1, max: 256 }), fc.integer({ min: 2, max: 200 })).map(([i, len, times]) => {
      const piece = original.slice(i, i + len);
      return { label: `repeat ${i}+${len}×${times}`, bytes: Buffer.concat([original.subarray(0, i), ...Array(times).fill(piece), original.subarray(i)]) };
    }),
  );
}

export interface Job { target: 'read' | 'import' | 'verify' | 'records'; file: string; format?: string; importer?: string }
export interface Outcome { outcome: 'ok' | 'refused' | 'unexpected' | 'hang' | 'out-of-memory' | 'crash'; detail: string }

/** Runs jobs one at a time in a worker; a hung or exhausted worker is replaced. */
export class CaseRunner {
  private worker?: Worker;
  private spawn(): Worker {
    return new Worker(fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url)), { resourceLimits: { maxOldGenerationSizeMb: CASE_HEAP_MB } });
  }
  run(job: Job): Promise<Outcome> {
    const w = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const done = (o: Outcome, dead: boolean) => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        if (dead) { void w.terminate(); this.worker = undefined; }
        resolve(o);
      };
      const onMessage = (o: Outcome) => done(o, false);
      const onError = (err: Error & { code?: string }) => done({ outcome: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'crash', detail: String(err.stack ?? err) }, true);
      const timer = setTimeout(() => done({ outcome: 'hang', detail: `still running after ${CASE_LIMIT_MS} ms` }, true), CASE_LIMIT_MS);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(job);
    });
  }
  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
