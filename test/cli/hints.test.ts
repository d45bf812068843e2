import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';

const SAMPLE = path.join(ROOT, 'templates', 'samples', 'hrss-catalog.xlsx');
const CSV = path.join(ROOT, 'templates', 'samples', 'hrss-catalog.csv');
const TPL = path.join(ROOT, 'templates', 'guide2017-sheet.json');

describe('helpful messages for common mistakes', () => {
  it('header row not found: names the row read, what it holds, and the row that looks like the header', () => {
    const r = runCli(['map', SAMPLE, '--mapping', TPL, '--header-row', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 5 (the header row) has none of the template\'s columns');
    expect(r.stderr).toContain('--header-row 2');
    const v = runCli(['validate', CSV, '--mapping', TPL, '--header-row', '1', '--lang', 'zh']);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('第 1 行（表头行）没有模板中的任何列');
    expect(v.stderr).toContain('--header-row 2');
  });

  it('wrong sheet: lists the sheets of the workbook (exit 2)', () => {
    const r = runCli(['map', SAMPLE, '--mapping', TPL, '--sheet', 'Sheet1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('目录编制表');
  });

  it('centre unreachable: says how to check it (exit 3)', async () => {
    // A loopback port nobody listens on: bind one, note it, close it.
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const ledger = path.join(os.tmpdir(), `catalog-hint-${process.pid}.jsonl`);
    const r = runCli(['publish', path.join(ROOT, 'test', 'fixtures', 'records', 'valid-guide2017.jsonl'), '--centre', `http://127.0.0.1:${port}`, '--retries', '0', '--ledger', ledger], { env: { CATALOG_TOKEN: 'x' } });
    fs.rmSync(ledger, { force: true });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('catalog centre serve');
  });
});
