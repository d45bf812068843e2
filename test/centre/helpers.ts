import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../helpers/cli.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { startCentre, type CentreServerOptions, type RunningCentre } from '../../src/centre/server.js';
import { createToken } from '../../src/centre/auth.js';

export interface TestCentre {
  centre: RunningCentre;
  store: SqliteStore;
  dir: string;
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/** A real centre on 127.0.0.1 (random port) over a temp SQLite file, with tokens for the given providers (+ "admin"). */
export async function startTestCentre(providers: string[], opts: Partial<CentreServerOptions> = {}, keys: Record<string, string> = {}): Promise<TestCentre> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'centre-'));
  const store = new SqliteStore(path.join(dir, 'centre.sqlite'));
  const tokens: Record<string, string> = {};
  for (const p of providers) tokens[p] = (await createToken(store, { provider: p, publicKey: keys[p] })).token;
  tokens.admin = (await createToken(store, { provider: 'admin', admin: true })).token;
  const centre = await startCentre({ store, port: 0, host: '127.0.0.1', ...opts });
  return {
    centre, store, dir, tokens,
    async stop() {
      await centre.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function call(base: string, method: string, p: string, opts: { token?: string; json?: unknown; body?: Uint8Array | string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(opts.json); }
  else if (opts.body !== undefined) body = opts.body as BodyInit;
  const res = await fetch(base + p, { method, headers, body });
  const text = await res.text();
  let json: any;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

export const keyPath = (key: string) => `/api/v1/records/${encodeURIComponent(key)}`;

/**
 * Run the built CLI without blocking this process (the in-process test centres must keep
 * answering while the CLI talks to them; test/helpers/cli.ts runCli would block).
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Start `catalog centre serve` as a child process; resolves once it prints its URL. */
export function serve(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, 'centre', 'serve', '--port', '0', ...args], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}
