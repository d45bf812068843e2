import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoreConflictError } from './store.js';
import type { FromWriter, ToWriter } from './sqlite-writer.js';

/** A write the writer thread refused: the SQLite error's message and code (e.g. SQLITE_BUSY), as in-thread. */
export class WriterError extends Error {
  constructor(message: string, public code?: string) {
    super(message);
  }
}

/**
 * The writer thread of one registration (sqlite-writer.ts): messages are answered in order, one at a time.
 * `call` resolves with the answer or rejects with the error the thread met (StoreConflictError as such); a thread
 * that dies rejects every waiting call.
 */
export class WriterThread {
  private readonly waiting: { resolve: (a: FromWriter & { ok: true }) => void; reject: (e: Error) => void }[] = [];
  private dead: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (a: FromWriter) => {
      const w = this.waiting.shift();
      if (!w) return;
      if (a.ok) w.resolve(a);
      else w.reject(a.conflict !== undefined ? new StoreConflictError(a.conflict) : new WriterError(a.message, a.code));
    });
    const fail = (err: Error) => {
      this.dead ??= err;
      for (const w of this.waiting.splice(0)) w.reject(this.dead);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new WriterError(`the SQLite writer thread ended (exit code ${code})`)));
  }

  /** Start a writer on the database file `file`. */
  static start(file: string): WriterThread {
    return new WriterThread(startWorker(file));
  }

  call(m: ToWriter): Promise<FromWriter & { ok: true }> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(m);
    });
  }

  /** Roll back whatever is open, close the connection and end the thread. */
  async close(): Promise<void> {
    if (!this.dead) await this.call({ type: 'rollback' }).then(() => this.call({ type: 'close' })).catch(() => {});
    await this.worker.terminate();
  }
}

/**
 * The compiled script next to this module; when this module runs from src/ (the tests), the TypeScript one through
 * tsx's API (a worker does not take `--import tsx` on Node 20), as src/parallel/run.ts does.
 */
function startWorker(file: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-writer.js', import.meta.url), { workerData: { file } });
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const script = new URL('./sqlite-writer.ts', import.meta.url).href;
  const load = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(script)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData: { file } });
}
