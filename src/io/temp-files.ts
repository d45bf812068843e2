import fs from 'node:fs';

/**
 * Temp files being written right now (outputs in progress, spill files). Ctrl-C (src/cli/interrupt.ts)
 * removes them all before exiting, so an interrupted command leaves nothing behind.
 */
const live = new Set<string>();

export function trackTemp(file: string): string {
  live.add(file);
  return file;
}

/** Remove a temp file (if it is still there) and stop tracking it. */
export function removeTemp(file: string): void {
  live.delete(file);
  fs.rmSync(file, { force: true });
}

/** The file was renamed into place (or removed by its owner): nothing to clean up. */
export function untrackTemp(file: string): void {
  live.delete(file);
}

/** Remove every tracked temp file; returns how many there were. */
export function removeAllTemps(): number {
  const n = live.size;
  for (const f of [...live]) removeTemp(f);
  return n;
}
