import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { describe, it, expect, afterAll } from 'vitest';
import { cli, tmpDir, isRefusal } from './helpers.js';
import { fixture } from '../helpers/cli.js';

/**
 * Disk and I/O failures (issue 14 §4): exit 4 (not 1, "invalid input"), one zh/en line naming the path, no stack
 * trace, no temp file left. A real full file system is a 64 KiB tmpfs (and a read-only one), mounted when the tests
 * run as root and may mount; elsewhere those cases are skipped and the rest (/dev/full, a directory in the way)
 * still run.
 */
const RECORDS = fixture('records', 'valid-guide2017.jsonl');
const SHEET = fixture('real', 'songjiang_zyml_filled_test_upload.xls');

function mountTmpfs(at: string, options: string): string | undefined {
  fs.mkdirSync(at);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at], { stdio: 'ignore' });
    return at;
  } catch {
    return undefined;
  }
}

// Mounted while the file is collected, so that a machine where mounting fails skips those cases (it.skipIf).
const dir = tmpDir('catalog-io-');
const asRoot = process.getuid?.() === 0;
const full = asRoot ? mountTmpfs(path.join(dir, 'full'), 'size=64k') : undefined;
if (full) fs.writeFileSync(path.join(full, 'fill'), Buffer.alloc(64 * 1024)); // fills it: ENOSPC, not EFBIG
const readonly = asRoot ? mountTmpfs(path.join(dir, 'ro'), 'ro,size=64k') : undefined;

afterAll(() => {
  for (const m of [full, readonly]) if (m) execFileSync('umount', [m]);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every command that writes a file, writing `out` (a path in the directory under test). */
const WRITERS: [string, (out: (name: string) => string) => string[]][] = [
  ['map -o', (o) => ['map', SHEET, '--mapping', 'songjiang-form', '-o', o('records.jsonl')]],
  ['pack', (o) => ['pack', RECORDS, '-o', o('p.zip')]],
  ['export', (o) => ['export', RECORDS, '--to', 'dcat-ap', '-o', o('x.rdf')]],
  ['import', (o) => ['import', fixture('real', 'dcat_dataset_gov_de.rdf'), '--from', 'dcat', '-o', o('i.jsonl')]],
  ['template .xlsx', (o) => ['template', '-o', o('t.xlsx')]],
  ['template .csv', (o) => ['template', '-o', o('t.csv')]],
  ['keygen', (o) => ['keygen', '-o', o('k.key')]],
];

/** `output()`: the file the command was asked to write; its directory must hold exactly `before` afterwards. */
async function expectIoFailure(args: string[], output: () => string, reason: RegExp, before: string[]) {
  const where = output();
  const r = await cli(args, { timeoutMs: 60_000 });
  expect(isRefusal(r, 4), JSON.stringify(r)).toBe(true);
  expect(r.stderr).toMatch(/I\/O failure: could not write/);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).toContain(where);
  expect(r.stderr).not.toMatch(/internal error|Unhandled|node:events/);
  expect(fs.readdirSync(path.dirname(where)).sort()).toEqual(before); // no temp file, no partial output
}

describe('a full disk', () => {
  it.skipIf(!full).each(WRITERS)('%s: exit 4 naming the file, nothing left behind', async (_name, args) => {
    let out = '';
    await expectIoFailure(args((n) => (out = path.join(full!, n))), () => out, /the disk is full/, ['fill']);
  }, 120_000);

  it.skipIf(!full)('zh message too', async () => {
    const r = await cli(['--lang', 'zh', 'pack', RECORDS, '-o', path.join(full!, 'p.zip')]);
    expect(isRefusal(r, 4)).toBe(true);
    expect(r.stderr).toContain('磁盘已满');
    expect(r.stderr).toContain(path.join(full!, 'p.zip'));
  }, 120_000);

  it('standard output on a full device (/dev/full): exit 4, one line, no stack trace', async () => {
    const out = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['inspect', SHEET], ['map', SHEET, '--mapping', 'songjiang-form']]) {
        const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [path.resolve('bin/catalog'), ...args], { stdio: ['ignore', out, 'pipe'], env: { ...process.env, LANG: 'en_US.UTF-8' } });
          let stderr = '';
          child.stderr!.on('data', (d) => (stderr += d));
          child.on('close', (code) => resolve({ code, stderr }));
        });
        expect(r.code, r.stderr).toBe(4);
        expect(r.stderr).toMatch(/^catalog: I\/O failure: could not write to standard output: the disk is full\n$/);
      }
    } finally {
      fs.closeSync(out);
    }
  }, 180_000);
});

describe('a read-only file system', () => {
  it.skipIf(!readonly).each(WRITERS)('%s: exit 4 naming the file', async (_name, args) => {
    let out = '';
    await expectIoFailure(args((n) => (out = path.join(readonly!, n))), () => out, /read-only/, []);
  }, 120_000);
});

describe('something in the way', () => {
  it('the output is an existing directory: exit 4 (EISDIR), nothing left', async () => {
    const d = path.join(dir, 'isdir');
    fs.mkdirSync(path.join(d, 'x.rdf'), { recursive: true });
    await expectIoFailure(['export', RECORDS, '--to', 'dcat-ap', '-o', path.join(d, 'x.rdf')], () => path.join(d, 'x.rdf'), /it is a directory/, ['x.rdf']);
  });
});
