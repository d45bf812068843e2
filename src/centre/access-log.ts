import fs from 'node:fs';
import { stderrSink } from './log-sink.js';

/**
 * One line of the centre's access log (JSON, one object per request; docs/security.md "Access log").
 * Never the token itself: only its id and the provider it acts for.
 */
export interface AccessLogEntry {
  /** When the request arrived, UTC with milliseconds. */
  time: string;
  /** Also sent back as the x-request-id response header. */
  id: string;
  method: string;
  /** The route table's pattern (routes.ts), e.g. /api/v1/records/{key}; null when no route matched (404). */
  route: string | null;
  /** Id of the token the request authenticated with (token list), null when none. */
  token: string | null;
  provider: string | null;
  status: number;
  /** Response body bytes. */
  bytes: number;
  /** From arrival to the last byte handed to the socket, milliseconds. */
  ms: number;
  /** The error code of a 4xx/5xx answer (docs/centre-api.md). */
  error?: string;
  /** The client went away before the answer was complete. */
  aborted?: true;
}

export interface AccessLog {
  write(entry: AccessLogEntry): void;
  close(): Promise<void>;
}

/** An access log to standard error (`-`) or appended to a file. */
export function openAccessLog(target: string): AccessLog {
  if (target === '-') return { write: (e) => stderrSink(JSON.stringify(e)), close: async () => {} };
  // opened now, so a path that cannot be written fails at start-up rather than with the first request
  const out = fs.createWriteStream('', { fd: fs.openSync(target, 'a') });
  // a failing log file must not take the centre down; the failure is reported once on stderr
  let failed = false;
  out.on('error', (err) => { if (!failed) { failed = true; stderrSink(`access log ${target}: ${err.message}`); } });
  return {
    write: (e) => { if (!failed) out.write(JSON.stringify(e) + '\n'); },
    close: () => new Promise<void>((resolve) => { out.end(() => resolve()); }),
  };
}
