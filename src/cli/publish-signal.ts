import type { PublishResult } from '../index.js';
import { EXIT } from './context.js';

/** Exit code of an interrupted command (Ctrl-C), as every long command (cli/interrupt.ts). */
export const EXIT_INTERRUPTED = 130;

/**
 * Run `work` with Ctrl-C (SIGINT) and SIGTERM turned into an abort signal: publish stops sending, keeps what was
 * acknowledged in its ledger and returns a result marked interrupted (unlike the other long commands, which
 * exit at once: publish has answers in flight worth recording). The handlers are removed however `work` ends.
 */
export async function withInterruptSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * The exit code of a publish run: 130 interrupted; 3 a remote failure, records rejected by the target or a
 * package refused; 1 records refused locally (no key, duplicate key); 0 all accepted or unchanged.
 */
export function publishExitCode(r: PublishResult): number {
  if (r.interrupted) return EXIT_INTERRUPTED;
  const remoteFailed = r.errors.length > 0 || r.rejected.length > r.refused || r.packages.some((p) => p.status === 'refused');
  if (remoteFailed) return EXIT.REMOTE;
  if (r.refused) return EXIT.INVALID;
  return r.ok ? EXIT.OK : EXIT.REMOTE;
}
