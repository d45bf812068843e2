import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { BIN, ROOT } from '../helpers/cli.js';

export interface CliRun {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI without blocking the event loop (the test's own servers must keep answering). */
export function runCliAsync(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; onSpawn?: (c: ChildProcess) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', CATALOG_TOKEN: '', CKAN_API_TOKEN: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

export function tempDir(prefix = 'catalog-publish-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A guide-2017 record with key 301002/NNNNN. */
export function makeRecord(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceCode: `301002/${String(i).padStart(5, '0')}`,
    title: `测试信息资源 ${i}`,
    abstract: `第 ${i} 条测试记录的摘要。`,
    directoryClass: { class: '3', item: '01', heading: '002' },
    provider: { name: '某市市场监督管理局', code: '11330100002482170P' },
    format: { category: '数据库', type: 'oracle' },
    items: [{ name: '统一社会信用代码', dataType: 'C', length: '18' }],
    sharing: { type: '无条件共享', method: '共享平台方式' },
    openness: { open: false },
    updateCycle: '每日',
    publishedDate: '2024-03-01',
    ...over,
  };
}

export function writeJsonlFile(file: string, records: unknown[]): string {
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

export interface TestServer {
  url: string;
  close: () => Promise<void>;
}

/** Listen on 127.0.0.1 with a random port. */
export async function listen(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export { ROOT };
