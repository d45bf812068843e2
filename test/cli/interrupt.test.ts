import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generate.mjs';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { EXPORTERS } from '../../src/export/index.js';

const TEMPLATE = path.join(ROOT, 'templates', 'guide2017-sheet.json');
const ROWS = 20_000;

/**
 * Start a long command with --verbose (plain progress lines on the stderr pipe), send SIGINT as soon as its
 * first progress line shows it is mid-run, and collect how it ended. No timing is assumed.
 */
function interruptMidRun(args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sent: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--verbose', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '', CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let sent = false;
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && /\d+(\.\d+)?( MB)?( |\n)/.test(stderr) && /: \d/.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, sent }));
  });
}

const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.'));

describe('Ctrl-C in every long command: exit 130, one line, nothing left behind', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-sigint-'));
  const p = (f: string) => path.join(dir, f);

  beforeAll(async () => {
    await generateCsv(p('big.csv'), ROWS, 'utf-8');
    expect(runCli(['map', p('big.csv'), '--mapping', TEMPLATE, '-o', p('big.jsonl')]).code).toBe(0);
    expect(runCli(['pack', p('big.jsonl'), '-o', p('big.catpkg.zip'), '--no-validate']).code).toBe(0);
    // data.json input for import, made by the exporter itself (its 20,000 warnings would overflow a sync pipe)
    const records = fs.readFileSync(p('big.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    fs.writeFileSync(p('data.json'), (await EXPORTERS.datajson.run(records, { config: {} })).content);
  }, 600_000);

  const cases: [string, string[], string | undefined][] = [
    ['map', ['map', 'big.csv', '--mapping', TEMPLATE, '-o', 'out.jsonl'], 'out.jsonl'],
    ['validate', ['validate', 'big.csv', '--mapping', TEMPLATE, '-o', 'report.xml', '--format', 'junit'], 'report.xml'],
    ['pack', ['pack', 'big.jsonl', '-o', 'out.catpkg.zip'], 'out.catpkg.zip'],
    ['verify', ['verify', 'big.catpkg.zip'], undefined],
    ['export', ['export', 'big.jsonl', '--to', 'gbt-xml', '-o', 'out.xml'], 'out.xml'],
    ['import', ['import', 'data.json', '--from', 'datajson', '-o', 'imported.jsonl'], 'imported.jsonl'],
    ['diff', ['diff', 'big.catpkg.zip', 'big.jsonl'], undefined],
  ];
  for (const [name, args, output] of cases) {
    it(`${name}`, async () => {
      const before = new Set(fs.readdirSync(dir));
      const r = await interruptMidRun(args, dir);
      expect(r.sent, r.stderr.slice(-500)).toBe(true);
      expect(r.code, r.stderr.slice(-500)).toBe(130);
      const last = r.stderr.trim().split('\n').pop()!;
      expect(last).toMatch(/^cancelled: /);
      if (output) {
        expect(last).toContain(`${output} was not written`);
        expect(fs.existsSync(p(output))).toBe(false);
      }
      expect(leftovers(dir)).toEqual([]);
      expect(fs.readdirSync(dir).filter((f) => !before.has(f))).toEqual([]);
    }, 300_000);
  }

  it('says it in Chinese with --lang zh', async () => {
    const r = await interruptMidRun(['--lang', 'zh', 'pack', 'big.jsonl', '-o', 'zh.catpkg.zip'], dir);
    expect(r.code).toBe(130);
    expect(r.stderr.trim().split('\n').pop()).toBe('已取消：未写入 zh.catpkg.zip（临时文件已删除）');
    expect(leftovers(dir)).toEqual([]);
  }, 300_000);
});
