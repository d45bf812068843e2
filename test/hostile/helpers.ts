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

/** A real `catalog centre serve` on 127.0.0.1 with a random port. */
export interface ServedCentre { url: string; pid: number; stop(): Promise<void> }

export function serveCentre(db: string, extra: string[] = []): Promise<ServedCentre> {
  const child = spawn(process.execPath, [BIN, 'centre', 'serve', '--db', db, '--port', '0', ...extra], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const on = (d: Buffer) => {
      if (seen.length < 100_000) seen += d;
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen);
      if (m) resolve({ url: m[0], pid: child.pid!, stop });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    void exited.then((c) => reject(new Error(`centre exited ${c}: ${seen}`)));
  });
}
