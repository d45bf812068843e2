import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generate.mjs';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const TEMPLATE = path.join(ROOT, 'templates', 'guide2017-sheet.json');

describe('progress of long commands: bar on a terminal, lines with --verbose, nothing otherwise', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-progress-'));
  const p = (f: string) => path.join(dir, f);
  const sessions: TmuxSession[] = [];

  beforeAll(async () => {
    await generateCsv(p('rows.csv'), 8000, 'utf-8');
    expect(runCli(['map', p('rows.csv'), '--mapping', TEMPLATE, '-o', p('rows.jsonl')]).code).toBe(0);
  }, 300_000);
  afterAll(() => sessions.forEach((s) => s.kill()));

  it('a terminal sees a bar with percentage, rate and ETA, cleared before the result', async () => {
    const tmux = new TmuxSession('progress');
    sessions.push(tmux);
    // The bar is transient (redrawn in place, cleared before the result) and a fast machine packs 8,000 records
    // between two screen captures; script(1) gives pack the terminal and keeps every byte it wrote, so the bar is
    // checked in that record and the final screen shows it cleared.
    tmux.start(`script -q -e -c '${process.execPath} ${BIN} pack rows.jsonl -o tty.catpkg.zip' tty.log; echo "exit=$?"; sleep 60`, { LANG: 'en_US.UTF-8', NO_COLOR: '1', CI: '' }, dir);
    const end = await tmux.waitFor('exit=0', { timeoutMs: 240_000 });
    const raw = fs.readFileSync(p('tty.log'), 'utf8');
    // rate and ETA join the bar once a run has lasted long enough to measure them (a fast machine may never show them)
    const frames = raw.split('\r');
    expect(frames.some((f) => /^writing the package \[[#.]{24}\] \d+% [\d,]+\/8,000( [\d,]+\/s( ETA \d+:\d\d)?)?/.test(f))).toBe(true);
    expect(raw).toContain('writing the package [########################] 100% 8,000/8,000');
    expect(raw).toContain('\r\x1b[K');
    expect(end).toContain('packed 8000 records → tty.catpkg.zip');
    expect(end).not.toMatch(/writing the package \[/);
  }, 300_000);

  it('a pipe sees nothing; --verbose gives plain lines; --quiet and --format json nothing; stdout stays data', () => {
    const plain = runCli(['pack', p('rows.jsonl'), '-o', p('a.catpkg.zip')]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    const verbose = runCli(['--verbose', 'pack', p('rows.jsonl'), '-o', p('b.catpkg.zip')]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).not.toContain('\r');
    expect(verbose.stderr).toMatch(/^writing the package: 100% 8,000\/8,000/m);
    expect(verbose.stdout.trim().split('\n')).toHaveLength(1);
    const quiet = runCli(['--quiet', '--verbose', 'pack', p('rows.jsonl'), '-o', p('c.catpkg.zip')]);
    expect(quiet.stderr + quiet.stdout).toBe('');
    const json = runCli(['--verbose', 'verify', p('a.catpkg.zip'), '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout).records).toBe(8000);
    const v = runCli(['--verbose', 'verify', p('a.catpkg.zip')]);
    expect(v.stderr).toMatch(/^verifying package: 100% [\d.]+\/[\d.]+ MB/m);
    expect(v.stdout).toContain('valid (8000 records');
  }, 300_000);

  it('map and validate by bytes: a pipe sees nothing, --verbose plain lines to 100 %, --quiet nothing, stdout stays data', () => {
    const mb = (fs.statSync(p('rows.csv')).size / 1e6).toFixed(1);
    const plain = runCli(['map', p('rows.csv'), '--mapping', TEMPLATE, '-o', p('m1.jsonl')]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toBe('');
    const verbose = runCli(['--verbose', 'map', p('rows.csv'), '--mapping', TEMPLATE, '-o', p('m3.jsonl')]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).not.toContain('\r');
    expect(verbose.stderr).toContain(`mapping records: 100% ${mb}/${mb} MB`);
    const steps = verbose.stderr.split('\n').filter((l) => l.startsWith('mapping records: '));
    for (const l of steps) expect(l).toMatch(/^mapping records: \d+% \d+\.\d\/\d+\.\d MB/);
    expect(fs.readFileSync(p('m3.jsonl'), 'utf8').trim().split('\n')).toHaveLength(8000);
    expect(verbose.stdout).toContain('8000 records');
    expect(verbose.stdout).not.toContain('mapping records');
    const quiet = runCli(['--quiet', '--verbose', 'map', p('rows.csv'), '--mapping', TEMPLATE, '-o', p('m2.jsonl')]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr + quiet.stdout).toBe('');
    const jsonl = (fs.statSync(p('rows.jsonl')).size / 1e6).toFixed(1);
    const v = runCli(['--verbose', '--lang', 'zh', 'validate', p('rows.jsonl')]);
    expect(v.stderr).toContain(`校验记录: 100% ${jsonl}/${jsonl} MB`);
    expect(v.stdout).not.toContain('校验记录');
    expect(runCli(['--quiet', '--verbose', 'validate', p('rows.jsonl')]).stderr).toBe('');
  }, 300_000);
});
