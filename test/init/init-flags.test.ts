import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';

const SAMPLE = path.join(ROOT, 'templates', 'samples', 'hrss-catalog.xlsx');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-init-'));
  dirs.push(d);
  return d;
}
const DEPT = ['--name', '示例区人力资源和社会保障局', '--code', '11330106MB1F628054', '--division', '330106'];

describe('catalog init without a terminal', () => {
  it('fails with exit 2 naming the missing flag when stdin is not a TTY', () => {
    const dir = tempDir();
    const r = runCli(['init', '--dir', dir, '--code', '11330106MB1F628054', '--division', '330106'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --name');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'catalog.config.json'))).toBe(false);
  });

  it('names the missing flag in Chinese with --lang zh and --yes', () => {
    const r = runCli(['init', '--yes', '--lang', 'zh', '--dir', tempDir(), '--name', '某局', '--code', '11330106MB1F628054'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('缺少 --division');
  });

  it('rejects a 统一社会信用代码 with a wrong check character, saying which it should be (exit 2)', () => {
    const r = runCli(['init', '--yes', '--dir', tempDir(), '--name', '某局', '--code', '11330106MB1F628055', '--division', '330106'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('11330106MB1F628055');
    expect(r.stderr).toContain('"4"');
  });

  it('rejects a division code not in the GB/T 2260 list and a non-http centre URL (exit 2)', () => {
    const dir = tempDir();
    const bad = runCli(['init', '--yes', '--dir', dir, ...DEPT.slice(0, 4), '--division', '330199'], { input: '' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('330199');
    expect(bad.stderr).toContain('GB/T 2260');
    const url = runCli(['init', '--yes', '--dir', dir, ...DEPT, '--centre', 'ftp://x'], { input: '' });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('ftp://x');
    expect(fs.existsSync(path.join(dir, 'catalog.config.json'))).toBe(false);
  });

  it('writes the config and a mapping that `catalog map` then uses from the config', () => {
    const dir = tempDir();
    const r = runCli(['init', '--yes', '--dir', dir, ...DEPT, '--profile', 'guide2017', '--centre', 'http://127.0.0.1:8080', '--sheet-file', SAMPLE, '--format', 'json'], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.basis).toBe('bundled');
    expect(out.rejected).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.config.json'), 'utf8'));
    expect(config.department).toEqual({ name: '示例区人力资源和社会保障局', code: '11330106MB1F628054', division: '330106' });
    expect(config.centre.url).toBe('http://127.0.0.1:8080');
    expect(config.mapping).toBe('mapping.json');
    const mapping = JSON.parse(fs.readFileSync(path.join(dir, 'mapping.json'), 'utf8'));
    expect(mapping.source).toMatchObject({ sheet: '目录编制表', headerRow: 2 });
    expect(mapping.items.sheet).toBe('信息项');

    // The workspace works: map without --mapping, records carry the division from the config.
    const m = runCli(['map', SAMPLE, '-o', 'records.jsonl', '--format', 'json'], { cwd: dir });
    expect(m.code, m.stderr).toBe(0);
    const report = JSON.parse(m.stdout);
    expect(report.records).toBe(out.records);
    const records = fs.readFileSync(path.join(dir, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(report.records);
    expect(records.every((x) => x.division === '330106')).toBe(true);
  });

  it('updates an existing config, keeping what init does not ask about', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'catalog.config.json'), JSON.stringify({ department: { name: 'old', address: '某路 1 号' }, rules: 'rules.json' }));
    const r = runCli(['init', '--yes', '--dir', dir, ...DEPT, '--quiet'], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.config.json'), 'utf8'));
    expect(config).toEqual({ department: { name: '示例区人力资源和社会保障局', address: '某路 1 号', code: '11330106MB1F628054', division: '330106' }, rules: 'rules.json', profile: 'guide2017' });
  });

  it('reports an unreadable spreadsheet as a usage error naming the file', () => {
    const dir = tempDir();
    const r = runCli(['init', '--yes', '--dir', dir, ...DEPT, '--sheet-file', path.join(dir, 'nope.xlsx')], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.xlsx');
  });
});

describe('catalog init --resume --yes (the answers a cancelled init kept, no questions)', () => {
  const STATE = '.catalog-init.state.json';
  const keep = (dir: string, state: object) => fs.writeFileSync(path.join(dir, STATE), JSON.stringify(state));

  it('fails with exit 2 naming what is missing and the flag to add, in English and Chinese; nothing written', () => {
    const dir = tempDir();
    keep(dir, { name: '示例区人力资源和社会保障局', code: '11330106MB1F628054' });
    const en = runCli(['init', '--resume', '--yes', '--dir', dir], { input: '' });
    expect(en.code).toBe(2);
    expect(en.stderr.trim()).toBe('catalog: missing the division code: .catalog-init.state.json keeps no answer for it and --yes asks nothing. Add --division …, or run catalog init --resume without --yes in a terminal to answer the rest');
    const zh = runCli(['init', '--resume', '--yes', '--lang', 'zh', '--dir', dir], { input: '' });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('缺少行政区划代码');
    expect(zh.stderr).toContain('请加上 --division');
    expect(fs.existsSync(path.join(dir, 'catalog.config.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, STATE))).toBe(true); // still there to resume
  });

  it('takes the kept answers (a flag overrides one), the kept column mapping too, writes, and forgets the answers', () => {
    const dir = tempDir();
    // The columns as init proposes them for the sample, with one changed as a user would in the picker.
    const first = runCli(['init', '--yes', '--dir', tempDir(), ...DEPT, '--sheet-file', SAMPLE, '--format', 'json'], { input: '' });
    expect(first.code, first.stderr).toBe(0);
    const proposed: { column: string; field?: string }[] = JSON.parse(first.stdout).columns;
    const changed = proposed.findIndex((c) => c.field === '/abstract');
    expect(changed).toBeGreaterThanOrEqual(0);
    const columns = proposed.map((c, i) => (i === changed ? { column: c.column } : c));
    keep(dir, { name: '某局', code: '11330106MB1F628054', division: '330106', centre: 'http://127.0.0.1:9', sheetFile: SAMPLE, columns });

    const r = runCli(['init', '--resume', '--yes', '--dir', dir, '--name', '示例区人力资源和社会保障局', '--format', 'json'], { input: '' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.columns).toEqual(columns);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.config.json'), 'utf8'));
    expect(config.department).toEqual({ name: '示例区人力资源和社会保障局', code: '11330106MB1F628054', division: '330106' });
    expect(config.centre.url).toBe('http://127.0.0.1:9');
    const mapping = JSON.parse(fs.readFileSync(path.join(dir, 'mapping.json'), 'utf8'));
    expect(mapping.fields.some((f: { field: string }) => f.field === '/abstract')).toBe(false);
    expect(fs.existsSync(path.join(dir, STATE))).toBe(false);
  });

  it('with nothing kept is a usage error (exit 2) that says to run catalog init', () => {
    const dir = tempDir();
    const r = runCli(['init', '--resume', '--yes', '--dir', dir, ...DEPT], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to resume: there is no .catalog-init.state.json');
    expect(fs.existsSync(path.join(dir, 'catalog.config.json'))).toBe(false);
  });

  it('help says what --resume does, in English and Chinese', () => {
    expect(runCli(['init', '--help']).stdout).toContain('--resume');
    expect(runCli(['init', '--help']).stdout).toMatch(/take the answers kept in\s+\.catalog-init\.state\.json/);
    expect(runCli(['init', '--help', '--lang', 'zh']).stdout).toMatch(/继续上次取消的初始化/);
  });
});
