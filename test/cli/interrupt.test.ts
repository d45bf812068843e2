import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generate.mjs';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { EXPORTERS } from '../../src/export/index.js';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { LOCAL_ORIGIN } from '../../src/centre/store.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { startTestCentre, call, runCliAsync, type TestCentre } from '../centre/helpers.js';
import { recordOfB, PROVIDER_B } from '../centre/fixtures.js';
import { PG_SKIP_MESSAGE, createTestDatabase, testPgUrl } from '../helpers/pg.js';

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

describe('Ctrl-C in centre harvest (real centre behind a slow loopback proxy)', () => {
  let district: TestCentre;
  let proxy: http.Server;
  let url = '';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-sigint-harvest-'));
  const db = path.join(dir, 'city.sqlite');

  beforeAll(async () => {
    district = await startTestCentre([PROVIDER_B], { oaiPageSize: 5 });
    const many = Array.from({ length: 120 }, (_, i) => recordOfB(i + 1, `道路运输经营许可信息 ${i + 1}`));
    for (let i = 0; i < many.length; i += 40) await call(district.centre.url, 'POST', '/api/v1/records', { token: district.tokens[PROVIDER_B], json: { records: many.slice(i, i + 40) } });
    // each answer waits 300 ms: 24 pages outlast the first progress line by seconds
    const target = new URL(district.centre.url);
    proxy = http.createServer((req, res) => {
      setTimeout(() => {
        const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, connection: 'close' }, agent: false }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        up.end(); // OAI-PMH requests are GETs; never wait on a body from a client that may be gone
      }, 300);
    });
    await new Promise<void>((res) => proxy.listen(0, '127.0.0.1', res));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    proxy?.closeAllConnections(); // the dropped client's keep-alive sockets
    await new Promise((res) => proxy?.close(res));
    await district?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 130 saying the pages received are stored; a re-run completes the harvest', async () => {
    const r = await interruptMidRun(['centre', 'harvest', url, '--db', db], dir);
    expect(r.sent, r.stderr.slice(-500)).toBe(true);
    expect(r.code, r.stderr.slice(-500)).toBe(130);
    expect(r.stderr.trim().split('\n').pop()).toBe('cancelled: records of the pages already received are stored, the rest were not harvested; re-running is safe (unchanged records are skipped)');
    const count = async () => {
      const s = new SqliteStore(db);
      try { return await s.countRecords(); } finally { await s.close(); }
    };
    expect(await count()).toBeLessThan(120);
    expect(leftovers(dir).filter((f) => !f.startsWith('city.sqlite'))).toEqual([]);
    const again = await runCliAsync(['centre', 'harvest', district.centre.url, '--db', db, '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    expect(await count()).toBe(120);
  }, 300_000);
});

describe.skipIf(!testPgUrl())(`Ctrl-C in centre migrate${testPgUrl() ? '' : ` — ${PG_SKIP_MESSAGE}`}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-sigint-migrate-'));
  const file = path.join(dir, 'centre.sqlite');
  let db: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    const s = new SqliteStore(file);
    const records = Array.from({ length: 4000 }, (_, i) => recordOfB(i + 1, `道路运输经营许可信息 ${i + 1}`));
    for (let i = 0; i < records.length; i += 200)
      await s.applyChanges(records.slice(i, i + 200).map((r) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), status: 'published', origin: LOCAL_ORIGIN, record: r, action: 'create', actor: 'tok1' })));
    await s.close();
    db = await createTestDatabase('sigintmigrate');
  }, 300_000);
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 130, nothing copied (rolled back); a re-run migrates everything', async () => {
    const r = await interruptMidRun(['centre', 'migrate', '--from', file, '--to', db.url], dir);
    expect(r.sent, r.stderr.slice(-500)).toBe(true);
    expect(r.code, r.stderr.slice(-500)).toBe(130);
    expect(r.stderr.trim().split('\n').pop()).toBe('cancelled: nothing was copied (the migration is one transaction; it was rolled back)');
    const again = await runCliAsync(['centre', 'migrate', '--from', file, '--to', db.url]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('4000 records compared by content hash');
  }, 300_000);
});
