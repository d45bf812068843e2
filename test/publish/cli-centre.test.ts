import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { BIN } from '../helpers/cli.js';
import path from 'node:path';
import { makeRecord, runCliAsync, tempDir, writeJsonlFile } from './helpers.js';
import { startContractCentre, type ContractCentre } from './contract-centre.js';

const TOKEN = 'tok-SECRET-7f3a9c1e5b';

describe('catalog publish → centre records API (loopback contract server)', () => {
  let centre: ContractCentre;
  beforeAll(async () => {
    centre = await startContractCentre(TOKEN);
  });
  afterAll(async () => {
    await centre.close();
  });
  const fresh = () => {
    centre.generation++;
    centre.store.clear();
    centre.log.length = 0;
    centre.script = [];
    centre.maxBatch = 1000;
    centre.delayMs = 0;
    return tempDir();
  };
  const writes = () => centre.log.filter((l) => l.method !== 'GET');

  it('publishes, then sends only changes; dry run sends no writes; withdraws missing records when asked', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: 25 }, (_, i) => makeRecord(i + 1)));
    const env = { CATALOG_TOKEN: TOKEN };
    const first = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '10', '--format', 'json'], { cwd: dir, env });
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.stdout);
    expect(r1).toMatchObject({ ok: true, unchanged: 0, pending: [], rejected: [] });
    expect(r1.accepted).toHaveLength(25);
    expect(centre.store.size).toBe(25);
    expect(writes().map((w) => w.method)).toEqual(['POST', 'POST', 'POST']);
    for (const w of writes()) expect(w.auth).toBe(`Bearer ${TOKEN}`);

    // change 2, drop 3, add 1
    const next = Array.from({ length: 22 }, (_, i) => makeRecord(i + 1, i < 2 ? { abstract: `changed ${i}` } : {}));
    next.push(makeRecord(100));
    writeJsonlFile(file, next);
    centre.log.length = 0;
    const dry = await runCliAsync(['publish', file, '--centre', centre.url, '--dry-run', '--withdraw-missing'], { cwd: dir, env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('plan: added 1, changed 2, unchanged 20, withdrawn 3');
    expect(dry.stdout).toContain('+ 301002/00100');
    expect(dry.stdout).toContain('~ 301002/00001');
    expect(dry.stdout).toContain('- 301002/00025');
    expect(centre.log).toEqual([]); // nothing sent at all

    const second = await runCliAsync(['publish', file, '--centre', centre.url, '--withdraw-missing', '--format', 'json'], { cwd: dir, env });
    expect(second.code).toBe(0);
    const r2 = JSON.parse(second.stdout);
    expect(r2.accepted).toEqual(expect.arrayContaining([{ key: '301002/00100', change: 'added' }, { key: '301002/00001', change: 'changed' }]));
    expect(r2.accepted).toHaveLength(3);
    expect(r2.unchanged).toBe(20);
    expect(r2.withdrawn).toEqual(['301002/00023', '301002/00024', '301002/00025']);
    expect(centre.store.size).toBe(23);

    const third = await runCliAsync(['publish', file, '--centre', centre.url], { cwd: dir, env });
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('result: accepted 0 (0 added, 0 changed), rejected 0, unchanged 23, withdrawn 0, pending 0');
  });

  it('reports a rejected record with its source file and row and exits 3', async () => {
    const dir = fresh();
    const recs = [makeRecord(1), makeRecord(2, { abstract: '', provenance: { file: 'dept-2024.xlsx', sheet: '资源目录', row: 12 } }), makeRecord(3, { abstract: '' })];
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), recs);
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--lang', 'en'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('301002/00002  dept-2024.xlsx › sheet 资源目录 › row 12');
    expect(r.stdout).toContain('required-missing /abstract: required field "abstract" is missing');
    expect(r.stdout).toContain(`301002/00003  ${file} › line 3`);
    const j = JSON.parse((await runCliAsync(['publish', file, '--centre', centre.url, '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } })).stdout);
    expect(j.rejected).toEqual([
      { key: '301002/00002', source: { file: 'dept-2024.xlsx', sheet: '资源目录', row: 12 }, reasons: [expect.objectContaining({ code: 'required-missing', path: '/abstract' })] },
      { key: '301002/00003', source: { file, line: 3 }, reasons: [expect.objectContaining({ code: 'required-missing' })] },
    ]);
    expect(j.unchanged).toBe(1); // the accepted one is in the ledger; the rejected ones are tried again
  });

  it('honours 429 Retry-After and retries 5xx; never retries a 400', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: 6 }, (_, i) => makeRecord(i + 1)));
    centre.script = [{ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, { status: 502 }];
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '3', '--concurrency', '1', '--verbose'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/retry 1 in 1000 ms: POST .* HTTP 429/);
    expect(centre.store.size).toBe(6);
    expect(writes().map((w) => w.status)).toEqual([429, 503, 502, 200, 200]);

    const dir2 = fresh();
    const file2 = writeJsonlFile(path.join(dir2, 'records.jsonl'), [makeRecord(1)]);
    centre.script = [{ status: 400, body: { error: { code: 'malformed', message: 'bad batch' } } }];
    const bad = await runCliAsync(['publish', file2, '--centre', centre.url, '-f', 'json'], { cwd: dir2, env: { CATALOG_TOKEN: TOKEN } });
    expect(bad.code).toBe(3);
    expect(writes()).toHaveLength(1);
    expect(JSON.parse(bad.stdout).rejected[0]).toMatchObject({ key: '301002/00001', source: { file: file2, line: 1 }, reasons: [{ code: 'malformed' }] });
  });

  it('retries a request that times out (--timeout)', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(1), makeRecord(2)]);
    centre.script = [{ status: 200, delayMs: 2500, body: { accepted: [], rejected: [], unchanged: [] } }];
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--timeout', '1', '--verbose'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/retry 1 in \d+ ms: POST .*timed out/);
    expect(centre.store.size).toBe(2);
  });

  it('splits a batch the centre finds too large (413)', async () => {
    const dir = fresh();
    centre.maxBatch = 4;
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: 10 }, (_, i) => makeRecord(i + 1)));
    const r = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '10'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(r.code).toBe(0);
    expect(centre.store.size).toBe(10);
    expect(writes().filter((w) => w.status === 413).length).toBeGreaterThan(0);
  });

  it('exits 3 when the centre is unreachable and leaves every record pending', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(1), makeRecord(2)]);
    const dead = 'http://127.0.0.1:9'; // discard port: connection refused
    const r = await runCliAsync(['publish', file, '--centre', dead, '--retries', '1', '-f', 'json'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout);
    expect(j.errors[0]).toMatchObject({ code: 'unreachable' });
    expect(j.pending).toEqual(['301002/00001', '301002/00002']);
  });

  it('publishes a registration package to a centre without the package endpoint: its records as batches, and the withdrawals its manifest lists', async () => {
    const dir = fresh();
    const env = { CATALOG_TOKEN: TOKEN };
    // real packages from `catalog pack`: a full one with 1, 2, 9 and an incremental one without 9
    const full = path.join(dir, 'full.catpkg.zip');
    const v1 = writeJsonlFile(path.join(dir, 'v1.jsonl'), [makeRecord(1), makeRecord(2), makeRecord(9)]);
    expect((await runCliAsync(['pack', v1, '-o', full, '--created', '2024-03-01T00:00:00Z'], { cwd: dir })).code).toBe(0);
    const v2 = writeJsonlFile(path.join(dir, 'v2.jsonl'), [makeRecord(1), makeRecord(2, { title: '新标题' })]);
    const pkg = path.join(dir, 'update.catpkg.zip');
    const packed = await runCliAsync(['pack', v2, '-o', pkg, '--since', full, '--created', '2024-03-02T00:00:00Z'], { cwd: dir });
    expect(packed.code).toBe(0);
    const r0 = await runCliAsync(['publish', full, '--centre', centre.url, '-f', 'json'], { cwd: dir, env });
    expect(JSON.parse(r0.stdout)).toMatchObject({ ok: true, accepted: [{ key: '301002/00001' }, { key: '301002/00002' }, { key: '301002/00009' }] });
    // this server answers POST /api/v1/packages with 404: the package's records go through the records API
    expect(JSON.parse(r0.stdout).packages).toEqual([expect.objectContaining({ via: 'records', fallback: expect.objectContaining({ code: 'no-package-api' }) })]);
    expect(writes().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(['POST /api/v1/packages 404', 'POST /api/v1/records 200']);
    const r = await runCliAsync(['publish', pkg, '--centre', centre.url, '-f', 'json'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, withdrawn: ['301002/00009'], accepted: [{ key: '301002/00002', change: 'changed' }], unchanged: 0 });
    expect([...centre.store.keys()].sort()).toEqual(['301002/00001', '301002/00002']);
    // a tampered package: verification fails (exit 1) and nothing is sent
    const bytes = fs.readFileSync(pkg);
    const i = bytes.indexOf(Buffer.from('records.jsonl')) + 40;
    bytes[i] ^= 0xff;
    const tampered = path.join(dir, 'tampered.catpkg.zip');
    fs.writeFileSync(tampered, bytes);
    centre.log.length = 0;
    const tr = await runCliAsync(['publish', tampered, '--centre', centre.url], { cwd: dir, env });
    expect(tr.code).toBe(1);
    expect(tr.stderr).toContain('tampered.catpkg.zip failed verification');
    expect(centre.log).toEqual([]);
    const bad = path.join(dir, 'not-a.catpkg.zip');
    fs.writeFileSync(bad, 'PK but not really');
    const nb = await runCliAsync(['publish', bad, '--centre', centre.url], { cwd: dir, env });
    expect(nb.code).toBe(1);
    expect(nb.stderr).toContain('not-a.catpkg.zip');
  });

  it('stops cleanly on Ctrl-C (exit 130) and the re-run sends only what was not acknowledged', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: 60 }, (_, i) => makeRecord(i + 1)));
    centre.delayMs = 150;
    const ledgerFile = path.join(dir, 'ledger.jsonl');
    const args = ['publish', file, '--centre', centre.url, '--batch-size', '5', '--concurrency', '1', '--ledger', ledgerFile, '-f', 'json'];
    const puts = () => (fs.existsSync(ledgerFile) ? fs.readFileSync(ledgerFile, 'utf8').split('\n').filter((l) => l.includes('"put"')).length : 0);
    const first = await runCliAsync(args, {
      cwd: dir,
      env: { CATALOG_TOKEN: TOKEN },
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (puts() >= 10) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('exit', () => clearInterval(poll));
      },
    });
    expect(first.code).toBe(130);
    const j1 = JSON.parse(first.stdout);
    expect(j1.interrupted).toBe(true);
    expect(j1.pending.length).toBeGreaterThan(0);
    expect(j1.accepted.length + j1.pending.length).toBe(60);
    centre.delayMs = 0;
    const second = await runCliAsync(args, { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(second.code).toBe(0);
    const j2 = JSON.parse(second.stdout);
    // only what the ledger did not hold was sent again; the centre answers "unchanged" for a batch it stored
    // before the interrupt but whose answer never reached the ledger
    expect(j2.plan.added.length).toBe(60 - j1.accepted.length);
    const centreSaidUnchanged = j2.unchanged - j1.accepted.length;
    expect(j2.accepted.length + centreSaidUnchanged).toBe(j2.plan.added.length);
    expect(centreSaidUnchanged).toBeLessThanOrEqual(5); // at most the one batch in flight at the interrupt
    expect(centre.store.size).toBe(60);
  });

  it('draws a progress bar on a TTY, plain lines otherwise, nothing with --quiet or in CI', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), Array.from({ length: 40 }, (_, i) => makeRecord(i + 1)));
    const env = { CATALOG_TOKEN: TOKEN, CI: '' };
    const plain = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '10', '--ledger', path.join(dir, 'l1.jsonl')], { cwd: dir, env });
    // the shared progress display (src/cli/progress.ts): a line per 10 %, the tallies after the numbers
    expect(plain.stderr).toMatch(/^sending: 100% 40\/40( [\d,]+\/s)? \(accepted 40, rejected 0, unchanged 0\)$/m);
    expect(plain.stderr).not.toContain('\r');
    const ci = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '10', '--ledger', path.join(dir, 'l4.jsonl')], { cwd: dir, env: { ...env, CI: 'true' } });
    expect([ci.code, ci.stderr]).toEqual([0, '']);
    expect(ci.stdout).toContain('unchanged 40');
    const ciVerbose = await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '10', '--verbose', '--ledger', path.join(dir, 'l5.jsonl')], { cwd: dir, env: { ...env, CI: 'true' } });
    expect(ciVerbose.stderr).toContain('40/40');
    const quiet = await runCliAsync(['publish', file, '--centre', centre.url, '--quiet', '--ledger', path.join(dir, 'l2.jsonl')], { cwd: dir, env });
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, '', '']);
    // a real pseudo-terminal via util-linux script(1)
    if (!fs.existsSync('/usr/bin/script')) return;
    const cmd = [process.execPath, BIN, 'publish', file, '--centre', centre.url, '--batch-size', '10', '--concurrency', '1', '--ledger', path.join(dir, 'l3.jsonl')].map((a) => `'${a}'`).join(' ');
    // The bar is redrawn at most every 100 ms: one batch at a time, each answered after 150 ms, so every step is drawn.
    centre.delayMs = 150;
    const tty = await new Promise<string>((resolve) => {
      const child = spawn('/usr/bin/script', ['-qec', cmd, '/dev/null'], { cwd: dir, env: { ...process.env, ...env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: '' } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => resolve(out));
    });
    centre.delayMs = 0;
    expect(tty).toMatch(/\rsending \[######\.{18}\] 25% 10\/40 /);
    expect(tty).toMatch(/\rsending \[#{24}\] 100% 40\/40( [\d,]+\/s)? \(accepted \d+, rejected 0, unchanged \d+\)/);
    // cleared before the summary, which goes to stdout
    expect(tty).toContain('\r\x1b[K');
  });

  it('never prints the token: not on success, --verbose, errors, 401, nor in the ledger', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(1), makeRecord(2, { abstract: '' })]);
    const outs: string[] = [];
    for (const args of [
      ['--verbose'],
      ['--verbose', '--format', 'json'],
      ['--verbose', '--centre', 'http://127.0.0.1:9', '--retries', '0'],
    ]) {
      const r = await runCliAsync(['publish', file, '--centre', centre.url, ...args], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
      outs.push(r.stdout, r.stderr);
    }
    // a wrong token: 401 from the centre
    const wrong = await runCliAsync(['publish', file, '--centre', centre.url, '--verbose'], { cwd: dir, env: { CATALOG_TOKEN: 'wrong-token-123456' } });
    expect(wrong.code).toBe(3);
    expect(wrong.stdout + wrong.stderr).not.toContain('wrong-token-123456');
    expect(wrong.stdout).toContain('HTTP 401');
    // the token in workspace config, not the environment
    fs.writeFileSync(path.join(dir, 'catalog.config.json'), JSON.stringify({ centre: { url: centre.url, token: TOKEN } }));
    const cfg = await runCliAsync(['publish', file, '--verbose'], { cwd: dir });
    expect(cfg.code).toBe(3); // one record rejected
    expect(cfg.stdout).toContain('unchanged 1');
    outs.push(cfg.stdout, cfg.stderr);
    for (const o of outs) expect(o).not.toContain(TOKEN);
    expect(outs.join('')).toContain('batch of 2'); // --verbose did log requests
    const ledgerDir = path.join(dir, '.catalog', 'publish');
    for (const f of fs.readdirSync(ledgerDir)) expect(fs.readFileSync(path.join(ledgerDir, f), 'utf8')).not.toContain(TOKEN);
  });

  it('refuses usage problems with exit 2: no URL, no token, bad flags, missing file', async () => {
    const dir = fresh();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(1)]);
    const noUrl = await runCliAsync(['publish', file], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect([noUrl.code, noUrl.stderr.trim()]).toEqual([2, 'catalog: no centre URL: give --centre <url> or set centre.url in catalog.config.json']);
    const noToken = await runCliAsync(['publish', file, '--centre', centre.url], { cwd: dir });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('CATALOG_TOKEN');
    expect((await runCliAsync(['publish', file, '--centre', centre.url, '--batch-size', '0'], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } })).code).toBe(2);
    const missing = await runCliAsync(['publish', path.join(dir, 'nope.jsonl'), '--centre', centre.url], { cwd: dir, env: { CATALOG_TOKEN: TOKEN } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl');
    expect(centre.log).toEqual([]);
  });
});
