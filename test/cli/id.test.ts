import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, it, expect } from 'vitest';
import { runCli, BIN } from '../helpers/cli.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-id-'));

function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' } });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('catalog id next', () => {
  it('allocates consecutive 顺序码 per class and keeps a ledger in the workspace', () => {
    const ws = tmp();
    expect(runCli(['id', 'next', '--class', '301002', '--workspace', ws]).stdout).toBe('301002/00001\n');
    expect(runCli(['id', 'next', '--class', '301002', '--workspace', ws]).stdout).toBe('301002/00002\n');
    expect(runCli(['id', 'next', '--class', '20100101', '--workspace', ws, '--width', '3']).stdout).toBe('20100101/001\n');
    const r = runCli(['id', 'next', '--class', '301002', '--workspace', ws, '-n', '2', '-f', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ class: '301002', codes: ['301002/00003', '301002/00004'] });
    expect(JSON.parse(fs.readFileSync(path.join(ws, '.catalog', 'ids.json'), 'utf8'))).toEqual({ version: 1, classes: { '301002': 4, '20100101': 1 } });
    expect(fs.existsSync(path.join(ws, '.catalog', 'ids.lock'))).toBe(false);
  });

  it('allocated codes pass validation as resource codes of their class', () => {
    const ws = tmp();
    const code = runCli(['id', 'next', '--class', '301002', '--workspace', ws]).stdout.trim();
    const rec = { directoryClass: { class: '3', item: '01', heading: '002' }, title: 't', resourceCode: code, provider: { name: 'p', code: '914403001922038216' }, abstract: 'a', format: { category: '电子文件' }, sharing: { type: '无条件共享' }, openness: { open: false }, updateCycle: '每年', publishedDate: '2024-01-01' };
    fs.writeFileSync(path.join(ws, 'r.json'), JSON.stringify(rec));
    expect(runCli(['validate', path.join(ws, 'r.json')]).code).toBe(0);
  });

  it('never hands out the same code to concurrent processes', { timeout: 120_000 }, async () => {
    const ws = tmp();
    const runs = await Promise.all(Array.from({ length: 20 }, () => spawnCli(['id', 'next', '--class', '301002', '--workspace', ws])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const codes = runs.map((r) => r.stdout.trim());
    expect(new Set(codes).size).toBe(20);
    expect([...codes].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `301002/${String(i + 1).padStart(5, '0')}`));
    expect(JSON.parse(fs.readFileSync(path.join(ws, '.catalog', 'ids.json'), 'utf8')).classes['301002']).toBe(20);
  });

  it('rejects a malformed class code and a corrupt ledger with exit 2', () => {
    const ws = tmp();
    const bad = runCli(['id', 'next', '--class', '4010', '--workspace', ws]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/class code "4010" is invalid/);
    fs.mkdirSync(path.join(ws, '.catalog'));
    fs.writeFileSync(path.join(ws, '.catalog', 'ids.json'), '{oops');
    const corrupt = runCli(['id', 'next', '--class', '301002', '--workspace', ws]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/ledger .* is corrupt/);
    expect(runCli(['id', 'next', '--workspace', ws]).code).toBe(2); // --class missing
  });
});
