import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { BIN, ROOT } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

// The field list the column prompt offers, from the built library (the same code the CLI runs).
const { assignableFields } = await import(path.join(ROOT, 'dist', 'init', 'propose.js'));

const dirs: string[] = [];
const sessions: TmuxSession[] = [];
afterAll(() => {
  for (const s of sessions) s.kill();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-init-tty-'));
  dirs.push(d);
  return d;
}

const ENV = { LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1', TERM: 'xterm-256color' };
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe('catalog init in a real pseudo-terminal (tmux)', () => {
  let workspace: string;
  let sheet: string;

  beforeAll(() => {
    workspace = tempDir();
    // A department sheet with one header the guesser cannot place (备注信息), which the user maps by hand.
    sheet = path.join(workspace, 'dept.xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['资源名称', '提供单位', '备注信息', '更新频率', '发布日期'],
      ['就业登记信息', '示例区人力资源和社会保障局', '劳动者就业登记记录', '每月', '2024-03-01'],
      ['失业登记信息', '示例区人力资源和社会保障局', '失业人员登记记录', '每季度', '2024-03-02'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
    fs.writeFileSync(sheet, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  });

  it('asks each question, rejects a bad credit-code check character and a bad division code, lets a column be corrected, previews, and writes config + mapping', async () => {
    const tmux = new TmuxSession('init');
    sessions.push(tmux);
    const rcFile = path.join(workspace, 'rc.txt');
    tmux.start(`${q(process.execPath)} ${q(BIN)} init --sheet-file dept.xlsx; echo $? > ${q(rcFile)}; sleep 600`, ENV, workspace);
    let screen: string;

    await tmux.waitFor('Department name');
    tmux.type('示例区人力资源和社会保障局');
    tmux.keys('Enter');
    await tmux.waitFor('Unified social credit code');
    tmux.type('11330106MB1F628055'); // wrong GB 32100 check character
    tmux.keys('Enter');
    await tmux.waitFor('check character should be "4"');
    tmux.keys('BSpace');
    tmux.type('4');
    tmux.keys('Enter');
    await tmux.waitFor('Administrative division code');
    tmux.type('123');
    tmux.keys('Enter');
    await tmux.waitFor('must be 6 digits');
    tmux.keys('BSpace', 'BSpace', 'BSpace');
    tmux.type('330106');
    tmux.keys('Enter');
    await tmux.waitFor('division: 西湖区');
    await tmux.waitFor('Default profile');
    await tmux.waitFor(/guide2017 — \S/); // each profile with its one-line description
    tmux.keys('Enter'); // guide2017, the default
    await tmux.waitFor('Directory centre URL');
    // Back two steps (typing < in a text question, "← Back" in a list), then forward again, changing the division.
    expect(tmux.screen()).toContain('(type < to go back)');
    tmux.type('<');
    tmux.keys('Enter');
    await tmux.waitFor('Default profile', { count: 2 });
    tmux.keys('Down'); // from guide2017, the answer before (last profile), to "← Back"
    await tmux.waitFor(/❯ ← Back|> ← Back/);
    tmux.keys('Enter');
    screen = await tmux.waitFor('Administrative division code', { count: 2 });
    expect(screen).toContain('(330106)'); // the earlier answer is the default
    tmux.keys('C-u');
    tmux.type('330106');
    tmux.keys('Enter');
    await tmux.waitFor('division: 西湖区', { count: 2 });
    await tmux.waitFor('Default profile', { count: 3 });
    tmux.keys('Enter');
    await tmux.waitFor('Directory centre URL', { count: 2 });
    tmux.type('http://127.0.0.1:8080');
    tmux.keys('Enter');

    // The proposal lists every column; 备注信息 is unplaced.
    screen = await tmux.waitFor('These column mappings');
    expect(screen).toMatch(/资源名称\s+→\s+.*\(\/title\)/);
    expect(screen).toMatch(/备注信息\s+→\s+\(not mapped/);
    tmux.keys('Down'); // "confirm or correct each column"
    await tmux.waitFor(/❯ confirm or correct|> confirm or correct/);
    tmux.keys('Enter');

    // Every field the picker offers has a label, not a bare pointer.
    const fields: { field: string; label: { zh: string; en: string } }[] = assignableFields();
    expect(fields.filter((f) => f.label.en === f.field || f.label.zh === f.field)).toEqual([]);
    const answer = async (h: string, typed?: string, expectFirst?: RegExp) => {
      await tmux.waitFor(`Column "${h}" maps to`);
      if (typed) tmux.type(typed); // the list filters as one types
      if (expectFirst) await tmux.waitFor(expectFirst);
      tmux.keys('Enter');
    };
    await answer('资源名称');
    await answer('提供单位');
    await answer('备注信息', 'abstr', /❯ abstract \(\/abstract\)|> abstract \(\/abstract\)/);
    // Going back a step: from 更新频率 to 备注信息, whose answer (abstract) is now first, kept with Enter.
    await answer('更新频率', 'back to', /❯ ← back|> ← back/);
    await answer('备注信息', undefined, /❯ abstract \(\/abstract\)|> abstract \(\/abstract\)/);
    await answer('更新频率');
    await answer('发布日期');

    screen = await tmux.waitFor('Write catalog.config.json, mapping.json?');
    expect(screen).toContain('Preview of the first 2 records (2 mapped, 0 rows rejected)');
    expect(screen).toContain('就业登记信息');
    tmux.keys('Enter');
    await tmux.waitFor('wrote catalog.config.json, mapping.json');
    await waitForFile(rcFile);
    expect(fs.readFileSync(rcFile, 'utf8').trim()).toBe('0');

    const config = JSON.parse(fs.readFileSync(path.join(workspace, 'catalog.config.json'), 'utf8'));
    expect(config).toEqual({
      department: { name: '示例区人力资源和社会保障局', code: '11330106MB1F628054', division: '330106' },
      profile: 'guide2017',
      centre: { url: 'http://127.0.0.1:8080' },
      mapping: 'mapping.json',
    });
    const mapping = JSON.parse(fs.readFileSync(path.join(workspace, 'mapping.json'), 'utf8'));
    const ruleFor = (field: string) => mapping.fields.find((r: { field: string }) => r.field === field);
    expect(ruleFor('/title').column).toBe('资源名称');
    expect(ruleFor('/provider/name').column).toBe('提供单位');
    expect(ruleFor('/abstract').column).toBe('备注信息');
    expect(ruleFor('/updateCycle').column).toBe('更新频率');
    expect(ruleFor('/publishedDate').column).toBe('发布日期');
    // No temp files left behind by the atomic writes, and no answers kept once written.
    expect(fs.readdirSync(workspace).filter((f) => f.endsWith('.tmp') || f.startsWith('.catalog-init'))).toEqual([]);
  });

  it('keeps the answers when cancelled and goes on with --resume; a credit code from another division is pointed out', async () => {
    const ws = tempDir();
    const first = new TmuxSession('init-cancel');
    sessions.push(first);
    first.start(`${q(process.execPath)} ${q(BIN)} init; sleep 600`, ENV, ws);
    await first.waitFor('Department name');
    first.type('示例区人力资源和社会保障局');
    first.keys('Enter');
    await first.waitFor('Unified social credit code');
    first.type('11330106MB1F628054');
    first.keys('Enter');
    await first.waitFor('Administrative division code');
    first.keys('C-c');
    await first.waitFor('continue with catalog init --resume');
    const state = JSON.parse(fs.readFileSync(path.join(ws, '.catalog-init.state.json'), 'utf8'));
    expect(state).toEqual({ name: '示例区人力资源和社会保障局', code: '11330106MB1F628054' });

    const again = new TmuxSession('init-resume');
    sessions.push(again);
    const rcFile = path.join(ws, 'rc.txt');
    again.start(`${q(process.execPath)} ${q(BIN)} init --resume; echo $? > ${q(rcFile)}; sleep 600`, ENV, ws);
    // Name and code are not asked again: the first question is the division.
    let screen = await again.waitFor('Administrative division code');
    expect(screen).toContain('continuing the earlier init');
    expect(screen).not.toContain('Department name');
    again.type('330102'); // 上城区, while the code says 330106 (西湖区)
    again.keys('Enter');
    screen = await again.waitFor('Keep the division 330102?');
    expect(screen).toMatch(/330106 \(西湖区\)/);
    again.keys('Down'); // "enter the division again"
    await again.waitFor(/❯ enter the division again|> enter the division again/);
    again.keys('Enter');
    screen = await again.waitFor('Administrative division code', { count: 2 });
    expect(screen).toContain('(330106)'); // the code's division is the new default
    again.keys('C-u');
    again.type('330106');
    again.keys('Enter');
    await again.waitFor('Default profile');
    again.keys('Enter');
    await again.waitFor('Directory centre URL');
    again.keys('Enter');
    await again.waitFor('Department spreadsheet to map');
    again.keys('Enter');
    await again.waitFor('Write catalog.config.json?');
    again.keys('Enter');
    await waitForFile(rcFile);
    expect(fs.readFileSync(rcFile, 'utf8').trim()).toBe('0');
    expect(JSON.parse(fs.readFileSync(path.join(ws, 'catalog.config.json'), 'utf8')).department).toEqual({ name: '示例区人力资源和社会保障局', code: '11330106MB1F628054', division: '330106' });
    expect(fs.existsSync(path.join(ws, '.catalog-init.state.json'))).toBe(false);
  });
});

async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').trim()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
