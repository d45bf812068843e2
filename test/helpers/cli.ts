import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'catalog');

/** Run the built CLI (bin/catalog → dist) as a user would; never through the library. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnSyncReturns<string> & { code: number } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', ...opts.env },
    encoding: 'utf8',
    input: opts.input,
    timeout: 120_000,
  });
  return Object.assign(r, { code: r.status ?? -1 });
}

export const fixture = (...p: string[]) => path.join(ROOT, 'test', 'fixtures', ...p);
