import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, fixture, ROOT } from '../helpers/cli.js';

/**
 * --jobs from the CLI (dist): the worker threads load from dist/, give the bytes one thread gives, and a reading
 * error inside a worker ends the command like any reading error. The size knobs make small files split into many
 * ranges (CATALOG_JOBS_MIN_BYTES / CATALOG_JOBS_RANGE_BYTES, see src/parallel/run.ts).
 */
const SPLIT = { CATALOG_JOBS_MIN_BYTES: '1', CATALOG_JOBS_RANGE_BYTES: '700' };
const guide = path.join(ROOT, 'templates', 'guide2017-sheet.json');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-jobs-cli-'));
  fs.writeFileSync(path.join(dir, 'names.json'), JSON.stringify({ name: 'names', source: { layout: 'table' }, fields: [{ field: '/title', column: '資料集名稱', required: true }, { field: '/abstract', concat: ['$row'] }] }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('catalog map / validate --jobs (CLI)', () => {
  it('map: the same JSON lines and report with --jobs 3 as with --jobs 1 (Big5 file cut into ~60 ranges)', () => {
    const input = fixture('real', 'yilan_catalogue_2018-03-20_big5.csv');
    const run = (jobs: string) => {
      const out = path.join(dir, `big5-${jobs}.jsonl`);
      const r = runCli(['map', input, '-m', path.join(dir, 'names.json'), '-o', out, '--format', 'json', '--jobs', jobs], { cwd: dir, env: SPLIT });
      return { code: r.code, stderr: r.stderr, report: r.stdout, lines: fs.readFileSync(out, 'utf8') };
    };
    const one = run('1');
    expect(one.stderr).toBe('');
    expect(one.lines.split('\n').length).toBeGreaterThan(100);
    expect(run('3')).toEqual(one);
  });

  it('validate: the same JSON report with --jobs 2 as with --jobs 1 (GB18030 file with a multi-line cell)', () => {
    const input = fixture('made', 'project-made_gb18030_catalogue.csv');
    const run = (jobs: string) => runCli(['validate', input, '-m', guide, '--header-row', '1', '--format', 'json', '--jobs', jobs], { cwd: dir, env: { ...SPLIT, CATALOG_JOBS_RANGE_BYTES: '40' } });
    const one = run('1');
    expect(JSON.parse(one.stdout).stats.records).toBeGreaterThan(0);
    const two = run('2');
    expect([two.code, two.stdout, two.stderr]).toEqual([one.code, one.stdout, one.stderr]);
  });

  it('an undecodable byte far into a GB18030 file: exit 2, one line naming the line, no output file, nothing left behind', () => {
    const lines = ['说明', '信息资源名称,信息资源代码'];
    for (let i = 0; i < 2000; i++) lines.push(`资源${i},301001/${String(i).padStart(5, '0')}`);
    const bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: lines.join('\n') + '\n' });
    const at = bytes.indexOf(Buffer.from('\n'), Math.floor(bytes.length * 0.7)) + 1;
    const bad = Buffer.concat([bytes.subarray(0, at), Buffer.from([0x81, 0x0a]), bytes.subarray(at)]);
    const input = path.join(dir, 'late-bad.csv');
    fs.writeFileSync(input, bad);
    const run = (jobs: string) => runCli(['map', input, '-m', guide, '-o', path.join(dir, `late-${jobs}.jsonl`), '--encoding', 'gb18030', '--jobs', jobs], { cwd: dir, env: { ...SPLIT, CATALOG_JOBS_RANGE_BYTES: '4096' } });
    const one = run('1');
    const four = run('4');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/line \d+/);
    expect([four.code, four.stderr.replace('late-4', 'late-1')]).toEqual([one.code, one.stderr]);
    expect(four.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('late-') && f.endsWith('.jsonl') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('--jobs must be a whole number from 1 (usage error, exit 2, in zh and en)', () => {
    const input = fixture('made', 'project-made_gb18030_catalogue.csv');
    const en = runCli(['validate', input, '-m', guide, '--jobs', '0'], { cwd: dir });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--jobs 0');
    const zh = runCli(['map', input, '-m', guide, '--jobs', 'many', '--lang', 'zh'], { cwd: dir });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--jobs 的值“many”无效：应为 1 到 256 的整数');
  });
});
