import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generate.mjs';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startTestCentre, call, type TestCentre } from '../centre/helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from '../centre/fixtures.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { LOCAL_ORIGIN } from '../../src/centre/store.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';

const TEMPLATE = path.join(ROOT, 'templates', 'guide2017-sheet.json');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Run a command on a pseudo-terminal with script(1) (util-linux): stderr is the terminal, stdout goes to a file.
 * script keeps every byte written to the terminal, so the transient bar is checked in that record.
 */
async function onTerminal(dir: string, args: string[], name: string): Promise<{ code: number; tty: string; stdout: string }> {
  const log = path.join(dir, `${name}.tty`);
  const out = path.join(dir, `${name}.stdout`);
  const command = `${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} > ${quote(out)}`;
  // asynchronous: a centre under test runs in this process and must keep answering
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('script', ['-q', '-e', '-c', command, log], { cwd: dir, stdio: 'ignore', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1', CI: '', TERM: 'xterm' } });
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? -1));
  });
  return { code, tty: fs.readFileSync(log, 'utf8'), stdout: fs.readFileSync(out, 'utf8') };
}

/** A frame of the bar: `label [####....] 45% 1.2/17.6 MB` (rate and ETA once measurable). */
const byteFrame = (label: string) => new RegExp(`(^|\\r)${label} \\[[#.]{24}\\] \\d+% \\d+\\.\\d/\\d+\\.\\d MB`);

describe('progress on a pseudo-terminal: a bar on the terminal, never in stdout', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-tty-'));
  const p = (f: string) => path.join(dir, f);

  beforeAll(async () => {
    await generateCsv(p('big.csv'), 20_000, 'utf-8');
  }, 300_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('map: a bar by bytes read of the input, records only on stdout', async () => {
    const r = await onTerminal(dir, ['map', 'big.csv', '--mapping', TEMPLATE], 'map');
    expect(r.code, r.tty.slice(-500)).toBe(0);
    expect(r.tty).toMatch(byteFrame('mapping records'));
    const size = (fs.statSync(p('big.csv')).size / 1e6).toFixed(1);
    expect(r.tty).toContain(`/${size} MB`);
    expect(r.tty).toContain('\r\x1b[K');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(r.stdout).not.toMatch(/\r|\d+% /);
    for (const l of lines.slice(0, 50)) expect(JSON.parse(l).title).toBeTruthy();
  }, 300_000);

  it('validate --mapping and validate of a record file: a bar by bytes, the report alone on stdout', async () => {
    expect(runCli(['map', p('big.csv'), '--mapping', TEMPLATE, '-o', p('big.jsonl')]).code).toBe(0);
    for (const [name, args] of [['mapped', ['validate', 'big.csv', '--mapping', TEMPLATE, '--format', 'json']], ['records', ['validate', 'big.jsonl', '--format', 'json']]] as const) {
      const r = await onTerminal(dir, [...args], `validate-${name}`);
      expect(r.code, r.tty.slice(-500)).toBeLessThanOrEqual(1);
      // --format json is machine output: no progress even on a terminal
      expect(r.tty).not.toMatch(/validating records/);
      expect(JSON.parse(r.stdout).stats.records).toBe(20_000);
    }
    for (const [name, input] of [['junit-records', ['big.jsonl']], ['junit-mapped', ['big.csv', '--mapping', TEMPLATE]]] as const) {
      const r = await onTerminal(dir, ['validate', ...input, '-o', `${name}.xml`, '--format', 'junit'], name);
      expect(r.code, r.tty.slice(-500)).toBeLessThanOrEqual(1);
      expect(r.tty).toMatch(byteFrame('validating records'));
      expect(r.tty).toContain('\r\x1b[K');
      expect(r.stdout).not.toMatch(/validating records|\r/);
      expect(fs.readFileSync(p(`${name}.xml`), 'utf8')).toContain('<testsuite');
    }
  }, 300_000);

  it('in Chinese with --lang zh', async () => {
    const r = await onTerminal(dir, ['--lang', 'zh', 'map', 'big.csv', '--mapping', TEMPLATE, '-o', 'zh.jsonl'], 'map-zh');
    expect(r.code, r.tty.slice(-500)).toBe(0);
    expect(r.tty).toMatch(byteFrame('映射记录'));
  }, 300_000);
});

describe('progress of centre harvest on a pseudo-terminal (real centre)', () => {
  let district: TestCentre;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-tty-harvest-'));

  beforeAll(async () => {
    district = await startTestCentre([PROVIDER_A, PROVIDER_B], { oaiPageSize: 5 });
    await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_A], json: { records: guideRecords() } });
    const many = Array.from({ length: 120 }, (_, i) => recordOfB(i + 1, `道路运输经营许可信息 ${i + 1}`));
    for (let i = 0; i < many.length; i += 40) await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_B], json: { records: many.slice(i, i + 40) } });
  }, 120_000);
  afterAll(async () => {
    await district?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a running count on the terminal (OAI-PMH lists need not say how long they are), the summary on stdout', async () => {
    const r = await onTerminal(dir, ['centre', 'harvest', district.centre.url, '--db', path.join(dir, 'city.sqlite')], 'harvest');
    expect(r.code, r.tty.slice(-500)).toBe(0);
    expect(r.tty).toMatch(new RegExp(`(^|\\r)harvesting ${district.centre.url.replace(/[.]/g, '\\.')}\\S* \\d+`));
    expect(r.tty).toContain('\r\x1b[K');
    expect(r.stdout).not.toMatch(/harvesting|\r/);
    expect(r.stdout).toMatch(/122/);
  }, 300_000);
});

describe.skipIf(!testPgUrl())(`progress of centre migrate on a pseudo-terminal${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-tty-migrate-'));
  const file = path.join(dir, 'centre.sqlite');
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    const s = new SqliteStore(file);
    const records = Array.from({ length: 300 }, (_, i) => recordOfB(i + 1, `道路运输经营许可信息 ${i + 1}`));
    for (let i = 0; i < records.length; i += 50)
      await s.applyChanges(records.slice(i, i + 50).map((r) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), status: 'published', origin: LOCAL_ORIGIN, record: r, action: 'create', actor: 'tok1' })));
    await s.close();
    db = await createTestDatabase('ttymigrate');
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a bar per table with a percentage on the terminal, the summary on stdout', async () => {
    const r = await onTerminal(dir, ['centre', 'migrate', '--from', file, '--to', db.url], 'migrate');
    expect(r.code, r.tty.slice(-500)).toBe(0);
    expect(r.tty).toMatch(/(^|\r)migrating \w+ \[[#.]{24}\] \d+% [\d,]+\/[\d,]+/);
    expect(r.tty).toMatch(/migrating records \[#{24}\] 100% 300\/300/);
    expect(r.stdout).toContain('300 records compared by content hash');
    expect(r.stdout).not.toMatch(/migrating|\r|\d+% /);
  }, 300_000);
});
