import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { asWriteError } from './errors.js';
import { removeTemp, trackTemp, untrackTemp } from './temp-files.js';

/** A hidden temp name next to `file` (same file system, so rename is atomic), tracked for Ctrl-C clean-up. */
export function tempName(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return trackTemp(path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`));
}

/**
 * Write a whole file via temp file + rename: readers see the old file or the new one, never half of one.
 * A disk or I/O failure (full disk, read-only, permission…) throws IoError naming `file`; the temp file is removed.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    untrackTemp(tmp);
  } catch (err) {
    removeTemp(tmp);
    throw asWriteError(err, file);
  }
}

/**
 * Stream lines to a file atomically; the file appears only when the iterator is exhausted. A write error (which a
 * stream reports later, as an 'error' event) stops the loop at the next line and throws IoError naming `file`.
 */
export async function writeLinesAtomic(file: string, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const tmp = tempName(file);
  // Opened here, synchronously: a stream opens its file later on a pool thread, so a Ctrl-C that removes the temp
  // files (src/cli/interrupt.ts) in between would be followed by the file appearing, left behind.
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w');
  } catch (err) {
    removeTemp(tmp);
    throw asWriteError(err, file);
  }
  const out = fs.createWriteStream('', { fd, encoding: 'utf8' });
  let failed: Error | undefined;
  out.on('error', (err) => { failed ??= err; });
  let n = 0;
  try {
    for await (const line of lines as AsyncIterable<string>) {
      if (failed) throw failed;
      if (!out.write(line + '\n')) await once(out, 'drain'); // rejects on 'error'
      n++;
    }
    if (failed) throw failed;
    out.end();
    await once(out, 'close'); // after 'finish' (data flushed) or after an error
    if (failed) throw failed;
    try {
      fs.renameSync(tmp, file);
      untrackTemp(tmp);
    } catch (err) {
      throw (failed = err as Error);
    }
    return n;
  } catch (err) {
    out.destroy();
    if (!out.closed) await once(out, 'close').catch(() => undefined);
    removeTemp(tmp);
    // only the file's own failures are write errors; the source's (a reader's) pass through unchanged
    throw err === failed ? asWriteError(err, file) : err;
  }
}
