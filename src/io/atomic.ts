import fs from 'node:fs';
import path from 'node:path';
import { removeTemp, trackTemp, untrackTemp } from './temp-files.js';

/** A hidden temp name next to `file` (same file system, so rename is atomic), tracked for Ctrl-C clean-up. */
export function tempName(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return trackTemp(path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`));
}

/** Write a whole file via temp file + rename: readers see the old file or the new one, never half of one. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempName(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    untrackTemp(tmp);
  } catch (err) {
    removeTemp(tmp);
    throw err;
  }
}

/** Stream lines to a file atomically; the file appears only when the iterator is exhausted. */
export async function writeLinesAtomic(file: string, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  const tmp = tempName(file);
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' });
  let n = 0;
  try {
    for await (const line of lines as AsyncIterable<string>) {
      if (!out.write(line + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
      n++;
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
    fs.renameSync(tmp, file);
    untrackTemp(tmp);
    return n;
  } catch (err) {
    out.destroy();
    removeTemp(tmp);
    throw err;
  }
}
