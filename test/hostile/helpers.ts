import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../helpers/cli.js';

export const tmpDir = (prefix = 'catalog-hostile-') => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * The real CLI with a hard kill after `timeoutMs` (a hang is a failure, reported as code null + timedOut);
 * async so several can run at once. No timing assertions: the bound only turns a hang into a failure.
 */
export function cli(args: string[], o: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, o.timeoutMs ?? 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, timedOut }); });
  });
}

/** A refusal: the given exit code, one clear line on stderr, no stack trace. */
export function isRefusal(r: { code: number | null; stderr: string; timedOut: boolean }, code: number): boolean {
  return !r.timedOut && r.code === code && r.stderr.trim().length > 0 && !/\n\s+at .+\(.*:\d+:\d+\)/.test(r.stderr);
}
