import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { runCli } from '../helpers/cli.js';
import { keyId, parseKey } from '../../src/crypto/keys.js';

/**
 * `--format json` on keygen, template and centre token revoke: one JSON document on stdout with the facts
 * of the text output, errors one line on stderr with the documented exit codes. The real CLI (bin/catalog).
 */

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-json-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A usage/refusal: nothing on stdout, exactly one line on stderr. */
function expectOneLineError(r: { code: number; stdout: string; stderr: string }, code: number, text: string) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(text);
}

describe('catalog keygen --format json', () => {
  it.each(['ed25519', 'sm2'])('%s: names the key id and files, never prints the private key', (alg) => {
    const key = path.join(dir, `${alg}.key`);
    const r = runCli(['keygen', '--alg', alg, '-o', key, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      algorithm: alg, keyId: expect.stringMatching(/^[0-9a-f]{16}$/), privateKeyFile: key, privateKeyMode: '0600', publicKeyFile: `${key}.pub`,
      experimental: alg === 'sm2',
    });
    // the id is the id of the keys actually written, from either file
    const priv = parseKey(fs.readFileSync(key, 'utf8'));
    expect(keyId(parseKey(fs.readFileSync(out.publicKeyFile, 'utf8')))).toBe(out.keyId);
    expect(keyId(priv)).toBe(out.keyId);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    // no secret in the output
    const privateText = fs.readFileSync(key, 'utf8');
    expect(r.stdout).not.toContain('PRIVATE KEY');
    if (alg === 'sm2') expect(r.stdout).not.toContain(JSON.parse(privateText).privateKey);
  });

  it('--quiet still prints the JSON document', () => {
    const r = runCli(['keygen', '-o', path.join(dir, 'quiet.key'), '--format', 'json', '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).publicKeyFile).toBe(path.join(dir, 'quiet.key.pub'));
  });

  it('errors stay one line on stderr with exit 2, and a bad --format writes nothing', () => {
    const key = path.join(dir, 'ed25519.key');
    expectOneLineError(runCli(['keygen', '-o', key, '--format', 'json']), 2, 'exists');
    const fresh = path.join(dir, 'never.key');
    expectOneLineError(runCli(['keygen', '-o', fresh, '--format', 'yaml']), 2, '--format yaml');
    expect(fs.existsSync(fresh)).toBe(false);
  });
});

describe('catalog template --format json', () => {
  it('.xlsx: both sheets with the headers actually written and the drop-down columns', () => {
    const out = path.join(dir, '目录编制表.xlsx');
    const r = runCli(['template', '-o', out, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ file: out, profile: 'guide2017', format: 'xlsx' });
    const wb = XLSX.read(fs.readFileSync(out));
    expect(j.sheets.map((s: { name: string }) => s.name)).toEqual(wb.SheetNames);
    for (const s of j.sheets) {
      const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[s.name], { header: 1 });
      const headerRow = rows.findIndex((row) => row[0] === s.headers[0] && row.length === s.headers.length);
      expect(headerRow).toBeGreaterThanOrEqual(0);
      expect(rows[headerRow]).toEqual(s.headers);
    }
    expect(j.columns).toBe(j.sheets[0].headers.length);
    // the text output's count is the same fact
    const text = runCli(['template', '-o', path.join(dir, 'text.xlsx')]);
    expect(text.stdout).toContain(`(${j.columns} columns)`);
    expect(j.sheets[0].dropDowns).toEqual(expect.arrayContaining(['类', '共享类型', '更新周期']));
    expect(j.sheets[1].dropDowns).toEqual(['数据类型']);
  });

  it('.csv: only the main sheet, its headers as in the file', () => {
    const out = path.join(dir, 'sheet.csv');
    const r = runCli(['template', '-o', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ file: out, format: 'csv', columns: 21 });
    expect(j.sheets).toHaveLength(1);
    expect(j.sheets[0].dropDowns).toBeUndefined();
    const lines = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[1].split(',')).toEqual(j.sheets[0].headers);
  });

  it('errors stay one line on stderr with exit 2', () => {
    expectOneLineError(runCli(['template', '-o', path.join(dir, 'x.pdf'), '--format', 'json']), 2, 'x.pdf: use a file name ending in .xlsx, .csv');
    expectOneLineError(runCli(['template', '--profile', 'nope', '-o', path.join(dir, 'y.csv'), '--format', 'json']), 2, 'nope');
    expectOneLineError(runCli(['template', '-o', path.join(dir, 'z.csv'), '--format', 'xml']), 2, '--format xml');
    expect(fs.existsSync(path.join(dir, 'z.csv'))).toBe(false);
  });
});

describe('catalog centre token revoke --format json', () => {
  it('prints the revoked token (id, provider, role, times) and never a token value; a second revoke exits 1', () => {
    const db = path.join(dir, 'centre.sqlite');
    const created = runCli(['centre', 'token', 'create', '--db', db, '--provider', '11330100002482170H', '--label', '市场监管局', '--format', 'json']);
    expect(created.code).toBe(0);
    const { id, token } = JSON.parse(created.stdout);
    const other = JSON.parse(runCli(['centre', 'token', 'create', '--db', db, '--provider', 'admin', '--admin', '--format', 'json']).stdout);

    const r = runCli(['centre', 'token', 'revoke', id, '--db', db, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ id, provider: '11330100002482170H', admin: false, label: '市场监管局' });
    expect(j.revoked).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(j.revoked >= j.created).toBe(true);
    expect(r.stdout).not.toContain(token);
    expect(Object.keys(j)).not.toContain('token');
    expect(Object.keys(j)).not.toContain('hash');

    // the same facts as token list; the other token is untouched
    const list = JSON.parse(runCli(['centre', 'token', 'list', '--db', db, '--format', 'json']).stdout);
    expect(list.find((x: { id: string }) => x.id === id)).toEqual(j);
    expect(list.find((x: { id: string }) => x.id === other.id).revoked).toBeUndefined();

    expectOneLineError(runCli(['centre', 'token', 'revoke', id, '--db', db, '--format', 'json']), 1, `no live token ${id}`);
    expectOneLineError(runCli(['centre', 'token', 'revoke', other.id, '--db', db, '--format', 'csv']), 2, '--format csv');
    expect(JSON.parse(runCli(['centre', 'token', 'list', '--db', db, '--format', 'json']).stdout).find((x: { id: string }) => x.id === other.id).revoked).toBeUndefined();
    expectOneLineError(runCli(['centre', 'token', 'revoke', id, '--db', path.join(dir, 'missing.sqlite'), '--format', 'json']), 2, 'missing.sqlite');
  });
});
