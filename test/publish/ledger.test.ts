import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Ledger, readLedger, defaultLedgerPath, normaliseTargetUrl, packageLedgerId } from '../../src/publish/ledger.js';
import { tempDir } from './helpers.js';

describe('publish ledger', () => {
  it('records puts and withdrawals durably and reads them back', () => {
    const file = path.join(tempDir(), 'sub', 'ledger.jsonl');
    const l = Ledger.open(file, { target: 'centre', url: 'http://127.0.0.1:1' });
    expect(fs.existsSync(file)).toBe(false); // nothing written until the first acknowledgement
    l.recordPut([{ key: 'a', hash: 'h1' }, { key: 'b', hash: 'h2' }]);
    l.recordPut([{ key: 'a', hash: 'h3' }]);
    l.recordWithdraw(['b']);
    l.close();
    const s = readLedger(file);
    expect([...s.published]).toEqual([['a', 'h3']]);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((x) => JSON.parse(x));
    expect(lines[0]).toMatchObject({ op: 'header', target: 'centre', url: 'http://127.0.0.1:1' });
    expect(lines.map((x) => x.op)).toEqual(['header', 'put', 'put', 'put', 'withdraw']);
  });

  it('records a package taken whole with its records and withdrawals in one append', () => {
    const file = path.join(tempDir(), 'ledger.jsonl');
    const l = Ledger.open(file, { target: 'centre', url: 'http://h' });
    l.recordPut([{ key: 'old', hash: 'h0' }]);
    l.recordPackage({ id: 'pkg1', hash: 'c1' }, [{ key: 'a', hash: 'h1' }], ['old']);
    l.close();
    const s = readLedger(file);
    expect([...s.published]).toEqual([['a', 'h1']]);
    expect([...s.packages]).toEqual([packageLedgerId('pkg1', 'c1')]);
    expect(s.packages.has(packageLedgerId('pkg1', 'other-content'))).toBe(false);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').map((x) => JSON.parse(x).op)).toEqual(['header', 'put', 'put', 'withdraw', 'package']);
  });

  it('ignores a torn last line and cuts it before appending', () => {
    const file = path.join(tempDir(), 'ledger.jsonl');
    const l = Ledger.open(file, { target: 'centre', url: 'http://h' });
    l.recordPut([{ key: 'a', hash: 'h1' }]);
    l.close();
    fs.appendFileSync(file, '{"op":"put","key":"b","ha'); // a crash mid-write
    expect(readLedger(file)).toMatchObject({ skippedLines: 1 });
    const again = Ledger.open(file, { target: 'centre', url: 'http://h' });
    expect([...again.published.keys()]).toEqual(['a']);
    expect(again.skippedLines).toBe(1);
    again.recordPut([{ key: 'c', hash: 'h3' }]);
    again.close();
    const s = readLedger(file);
    expect(s.skippedLines).toBe(0);
    expect([...s.published.keys()].sort()).toEqual(['a', 'c']);
  });

  it('keeps one ledger per target URL', () => {
    expect(normaliseTargetUrl('http://h:8080/')).toBe('http://h:8080');
    const a = defaultLedgerPath('/w', 'centre', 'http://h:8080/');
    expect(a).toBe(defaultLedgerPath('/w', 'centre', 'http://h:8080'));
    expect(a).not.toBe(defaultLedgerPath('/w', 'centre', 'http://h:8081'));
    expect(a.startsWith(path.join('/w', '.catalog', 'publish', 'centre-'))).toBe(true);
  });
});
