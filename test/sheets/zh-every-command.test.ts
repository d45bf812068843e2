/**
 * Chinese everywhere under zh (issue 16): EVERY command of the CLI program (enumerated from it, so a new command is
 * covered without touching this file) is run with a bad flag, a missing file and bad input under LANG=zh_CN.UTF-8.
 * What it prints must be Chinese: English words are allowed only inside identifiers, codes, paths, option names
 * and the few technical names listed below.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/dept-sheet.js';
import { englishWords } from '../helpers/english.js';

const dir = tempDir('catalog-zh-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Leaf commands as argv prefixes (["map"], ["centre", "token", "create"]…). */
function leaves(c: Command, prefix: string[] = []): { argv: string[]; args: { required: boolean }[] }[] {
  const out: { argv: string[]; args: { required: boolean }[] }[] = [];
  for (const sub of c.commands) {
    const argv = [...prefix, sub.name()];
    if (sub.commands.length) out.push(...leaves(sub, argv));
    else out.push({ argv, args: (sub as unknown as { registeredArguments: { required: boolean }[] }).registeredArguments ?? [] });
  }
  return out;
}

function run(argv: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...argv], { cwd: dir, env: { ...process.env, NO_COLOR: '1', LANG: 'zh_CN.UTF-8', LC_ALL: '', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const program = await buildProgram();
const commands = leaves(program);
const bad = path.join(dir, 'bad-input.jsonl');
fs.writeFileSync(bad, '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\n');
const missing = path.join(dir, 'no-such-file.xlsx');

/** The runs per command: a bad flag; with arguments, a missing file and bad input in each required one. */
function cases(c: { argv: string[]; args: { required: boolean }[] }): { what: string; argv: string[] }[] {
  const required = c.args.filter((a) => a.required).length;
  const out = [{ what: 'bad flag', argv: [...c.argv, '--no-such-flag'] }];
  if (required) {
    out.push({ what: 'missing file', argv: [...c.argv, ...new Array(required).fill(missing)] });
    out.push({ what: 'bad input', argv: [...c.argv, ...new Array(required).fill(bad)] });
  }
  return out;
}

describe('every command speaks Chinese under LANG=zh_CN.UTF-8', () => {
  it('enumerates the commands from the program', () => {
    expect(commands.map((c) => c.argv.join(' '))).toEqual(expect.arrayContaining(['init', 'map', 'validate', 'publish', 'centre serve']));
  });

  for (const c of commands) {
    it(`catalog ${c.argv.join(' ')}`, async () => {
      const found: { what: string; code: number | null; english: string[]; out: string }[] = [];
      for (const k of cases(c)) {
        const r = await run(k.argv);
        const english = englishWords(r.out);
        if (english.length || r.code === 0 || r.code === null) found.push({ what: k.what, code: r.code, english, out: r.out.slice(0, 400) });
      }
      expect(found).toEqual([]);
    }, 180_000);
  }
});

describe('centre serve on a port already in use', () => {
  it('says so in the user\'s language, names another port, exit 3 (the centre cannot start), no raw EADDRINUSE', async () => {
    const net = await import('node:net');
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as { port: number }).port;
    try {
      const db = path.join(dir, 'busy.sqlite');
      const zh = await run(['centre', 'serve', '--db', db, '--port', String(port)]);
      expect(zh.code).toBe(3);
      expect(zh.out).toContain(`127.0.0.1:${port} 端口已被占用`);
      expect(zh.out).toContain(`--port ${port + 1}`);
      expect(zh.out).not.toMatch(/EADDRINUSE|用法错误/);
      expect(englishWords(zh.out)).toEqual([]);
      const en = await run(['--lang', 'en', 'centre', 'serve', '--db', db, '--port', String(port)]);
      expect(en.code).toBe(3);
      expect(en.out).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      busy.close();
    }
  }, 120_000);
});

void ROOT;
