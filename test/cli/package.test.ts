import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, fixture } from '../helpers/cli.js';
import { rawZip } from '../helpers/rawzip.js';
import { readZip, writeZip } from '../../src/package/zip.js';

let dir: string;
const guide = fixture('records', 'valid-guide2017.jsonl');
const created = '2024-03-01T00:00:00Z';
const p = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-pkg-'));
  const r = runCli(['pack', guide, '-o', p('dept.catpkg.zip'), '--created', created]);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const entries = () => readZip(new Uint8Array(fs.readFileSync(p('dept.catpkg.zip')))).entries.map((e) => ({ name: e.path, data: e.data! }));
const verify = (file: string, ...args: string[]) => runCli(['verify', file, ...args]);
const verifyJson = (file: string) => {
  const r = verify(file, '--format', 'json');
  return { code: r.code, report: JSON.parse(r.stdout) as { valid: boolean; issues: { code: string; message: string; params: { file: string; check: string } }[] } };
};

describe('catalog pack', () => {
  it('packing the same input twice gives the same bytes', () => {
    expect(runCli(['pack', guide, '-o', p('again.zip'), '--created', created]).code).toBe(0);
    expect(fs.readFileSync(p('again.zip')).equals(fs.readFileSync(p('dept.catpkg.zip')))).toBe(true);
    const env = { SOURCE_DATE_EPOCH: String(Date.parse(created) / 1000), TZ: 'America/New_York' };
    expect(runCli(['pack', guide, '-o', p('epoch.zip')], { env }).code).toBe(0);
    expect(fs.readFileSync(p('epoch.zip')).equals(fs.readFileSync(p('dept.catpkg.zip')))).toBe(true);
  });

  it('holds manifest.json, records.jsonl, records.xml in that order', () => {
    expect(entries().map((e) => e.name)).toEqual(['manifest.json', 'records.jsonl', 'records.xml']);
    const m = JSON.parse(new TextDecoder().decode(entries()[0].data));
    expect(Object.keys(m)).toEqual(['format', 'formatVersion', 'packageId', 'provider', 'profile', 'created', 'recordCount', 'previousPackageId', 'incremental', 'withdrawn', 'files']);
    expect(m).toMatchObject({ recordCount: 2, created, profile: { id: 'guide2017' }, provider: { name: '某市市场监督管理局' } });
    expect(m.files[0]).toMatchObject({ path: 'records.jsonl', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sm3: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses invalid records (exit 1) and says so', () => {
    const r = runCli(['pack', fixture('records', 'many-faults.jsonl'), '-o', p('bad.zip'), '--created', created]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/records are invalid; nothing packed/);
    expect(fs.existsSync(p('bad.zip'))).toBe(false);
  });

  it('usage errors exit 2: bad --created, missing input', () => {
    expect(runCli(['pack', guide, '-o', p('x.zip'), '--created', 'yesterday']).code).toBe(2);
    expect(runCli(['pack', p('nope.jsonl'), '-o', p('x.zip')]).code).toBe(2);
  });
});

describe('catalog verify', () => {
  it('a clean package is valid (exit 0)', () => {
    const r = verify(p('dept.catpkg.zip'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid \(2 records/);
  });

  it('a flipped byte is detected and named (file + check)', () => {
    // flip one byte inside records.jsonl's compressed data in the zip file itself
    const bytes = new Uint8Array(fs.readFileSync(p('dept.catpkg.zip')));
    const at = bytes.indexOf(0x50, 0); // local header of entry 1 at 0; find records.jsonl header
    expect(at).toBe(0);
    const name = Buffer.from('records.jsonl');
    const hdr = Buffer.from(bytes).indexOf(name);
    bytes[hdr + name.length + 20] ^= 0x01;
    fs.writeFileSync(p('flipped.zip'), bytes);
    const { code, report } = verifyJson(p('flipped.zip'));
    expect(code).toBe(1);
    expect(report.issues.some((i) => i.params.file === 'records.jsonl' && ['checksum', 'size', 'structure'].includes(i.params.check))).toBe(true);

    // and a changed byte in the content, re-zipped cleanly: only the manifest checksums can tell
    const list = entries();
    const jsonl = new Uint8Array(list[1].data);
    jsonl[20] ^= 0x01;
    fs.writeFileSync(p('flipped2.zip'), writeZip(list.map((e, i) => ({ path: e.name, data: i === 1 ? jsonl : e.data }))));
    const r2 = verify(p('flipped2.zip'), '--lang', 'en');
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/checksum-mismatch \[checksum\] records\.jsonl\n {2}"records\.jsonl" fails its SHA-256 checksum/);
    expect(r2.stdout).toMatch(/fails its SM3 checksum/);
  });

  it('a removed file is detected and named', () => {
    fs.writeFileSync(p('removed.zip'), writeZip(entries().filter((e) => e.name !== 'records.xml').map((e) => ({ path: e.name, data: e.data }))));
    const r = verify(p('removed.zip'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entry-missing \[structure\] records\.xml\n {2}entry "records\.xml" is missing/);
  });

  it('a path-traversal entry is refused with a clear message (../ and absolute)', () => {
    for (const bad of ['../evil.sh', '/etc/passwd', 'a/../../x', 'C:/x']) {
      fs.writeFileSync(p('trav.zip'), rawZip([...entries(), { name: bad, data: new TextEncoder().encode('x') }]));
      const { code, report } = verifyJson(p('trav.zip'));
      expect(code).toBe(1);
      const i = report.issues.find((x) => x.code === 'entry-unsafe-path');
      expect(i?.params).toMatchObject({ file: bad, check: 'structure' });
      expect(i?.message).toMatch(/unsafe path/);
    }
  });

  it('duplicate entries, an extra file and bad manifest JSON are each named', () => {
    const list = entries();
    fs.writeFileSync(p('dup.zip'), rawZip([...list, list[1]]));
    expect(verifyJson(p('dup.zip')).report.issues.map((i) => [i.code, i.params.file])).toContainEqual(['entry-duplicate', 'records.jsonl']);

    fs.writeFileSync(p('extra.zip'), rawZip([...list, { name: 'notes.txt', data: new Uint8Array([1]) }]));
    const extra = verifyJson(p('extra.zip'));
    expect(extra.code).toBe(1);
    expect(extra.report.issues.map((i) => [i.code, i.params.file])).toContainEqual(['entry-unexpected', 'notes.txt']);

    fs.writeFileSync(p('badjson.zip'), rawZip([{ name: 'manifest.json', data: new TextEncoder().encode('{"format": ') }, ...list.slice(1)]));
    const bad = verifyJson(p('badjson.zip'));
    expect(bad.code).toBe(1);
    expect(bad.report.issues.find((i) => i.code === 'manifest-invalid-json')?.params).toMatchObject({ file: 'manifest.json', check: 'manifest' });
  });

  it('oversized entries are refused before inflating (zip bomb guard)', () => {
    const list = entries();
    // a manifest that declares 2 MiB (limit 1 MiB) and an entry whose deflate stream inflates past its declared size
    fs.writeFileSync(p('big.zip'), rawZip([{ ...list[0], declaredSize: 2 * 1024 * 1024 }, ...list.slice(1)]));
    const big = verifyJson(p('big.zip'));
    expect(big.code).toBe(1);
    expect(big.report.issues.find((i) => i.code === 'entry-too-large')?.params).toMatchObject({ file: 'manifest.json', check: 'size' });

    const bomb = writeZip([...list.map((e) => ({ path: e.name, data: e.data }))]);
    // rewrite records.xml's declared size in the central directory to 10 bytes: inflation must stop there
    const b = Buffer.from(bomb);
    const cd = b.lastIndexOf(Buffer.from('records.xml')) - 46;
    b.writeUInt32LE(10, cd + 24);
    fs.writeFileSync(p('bomb.zip'), b);
    expect(verifyJson(p('bomb.zip')).report.issues.map((i) => [i.code, i.params.file])).toContainEqual(['entry-size-mismatch', 'records.xml']);
  });

  it('not a zip at all → exit 1 with a message; missing file → exit 2', () => {
    fs.writeFileSync(p('text.zip'), 'hello');
    const r = verify(p('text.zip'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not a zip file/);
    expect(verify(p('missing.zip')).code).toBe(2);
  });
});

describe('signatures and keygen', () => {
  it.each(['ed25519', 'sm2'])('%s: keygen (0600), signed pack, verify with the key; a tampered manifest fails; an unsigned package fails --public-key', (alg) => {
    const key = p(`${alg}.key`);
    expect(runCli(['keygen', '--alg', alg, '-o', key]).code).toBe(0);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(runCli(['keygen', '--alg', alg, '-o', key]).code).toBe(2); // no silent overwrite
    expect(runCli(['pack', guide, '-o', p(`${alg}.zip`), '--created', created, '--sign', key]).code).toBe(0);
    const ok = verify(p(`${alg}.zip`), '--public-key', `${key}.pub`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`${alg} signature valid`));

    const list = readZip(new Uint8Array(fs.readFileSync(p(`${alg}.zip`)))).entries;
    const manifest = JSON.parse(new TextDecoder().decode(list[0].data));
    manifest.recordCount = 2; // same value, different bytes: signature must fail
    const tampered = writeZip(list.map((e, i) => ({ path: e.path, data: i === 0 ? new TextEncoder().encode(JSON.stringify(manifest)) : e.data! })));
    fs.writeFileSync(p(`${alg}-t.zip`), tampered);
    const bad = verifyJson(p(`${alg}-t.zip`));
    expect(bad.code).toBe(1);
    expect(bad.report.issues.map((i) => [i.code, i.params.file, i.params.check])).toContainEqual(['signature-invalid', 'signature.json', 'signature']);

    expect(verify(p('dept.catpkg.zip'), '--public-key', `${key}.pub`).stdout).toMatch(/not signed/);
  });
});

describe('catalog diff and pack --since', () => {
  it('diff names added / changed / withdrawn; --since builds an incremental package', () => {
    const lines = fs.readFileSync(guide, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    lines[0].title = '企业登记信息（更新）';
    const added = { ...lines[0], resourceCode: '301002/00003', title: '新资源' };
    fs.writeFileSync(p('new.jsonl'), [lines[0], added].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const d = runCli(['diff', p('dept.catpkg.zip'), p('new.jsonl'), '--format', 'json']);
    expect(d.code).toBe(0);
    const diff = JSON.parse(d.stdout);
    expect(diff.added.map((c: { key: string }) => c.key)).toEqual(['301002/00003']);
    expect(diff.changed.map((c: { key: string }) => c.key)).toEqual(['301002/00001']);
    expect(diff.withdrawn.map((c: { key: string }) => c.key)).toEqual(['301002/00002']);

    expect(runCli(['pack', p('new.jsonl'), '--since', p('dept.catpkg.zip'), '-o', p('inc.zip'), '--created', '2024-04-01T00:00:00Z']).code).toBe(0);
    const v = JSON.parse(runCli(['verify', p('inc.zip'), '--format', 'json']).stdout);
    const base = JSON.parse(runCli(['verify', p('dept.catpkg.zip'), '--format', 'json']).stdout);
    expect(v.valid).toBe(true);
    expect(v.manifest).toMatchObject({ incremental: true, recordCount: 2, withdrawn: ['301002/00002'], previousPackageId: base.manifest.packageId });
    expect(runCli(['diff', p('dept.catpkg.zip'), p('dept.catpkg.zip')]).stdout).toMatch(/0 added, 0 changed, 0 withdrawn, 2 unchanged/);
  });
});
