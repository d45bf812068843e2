import { describe, expect, it } from 'vitest';
import { DigestMap, digest64 } from '../../../src/validate/digests.js';
import { ReportBuilder } from '../../../src/validate/report.js';
import { validateRecords } from '../../../src/validate/records.js';
import type { CatalogRecord } from '../../../src/model/record.js';

describe('DigestMap', () => {
  it('remembers the first value per key across growth, and tells keys apart', () => {
    const m = new DigestMap(16);
    for (let i = 0; i < 50_000; i++) expect(m.setIfAbsent(`提供方\u0000code-${i}`, i)).toBeUndefined();
    expect(m.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) {
      expect(m.setIfAbsent(`提供方\u0000code-${i}`, 99)).toBe(i);
      expect(m.get(`提供方\u0000code-${i}`)).toBe(i);
    }
    expect(m.get('提供方\u0000code-50000')).toBeUndefined();
    expect(m.has('')).toBe(false);
    m.setIfAbsent('', 7);
    expect(m.get('')).toBe(7);
  });

  it('works as a set without values', () => {
    const s = new DigestMap(16, false);
    for (let i = 0; i < 10_000; i++) expect(s.setIfAbsent(`c${i}`)).toBeUndefined();
    expect(s.has('c9999')).toBe(true);
    expect(s.setIfAbsent('c42')).toBe(0);
    expect(s.has('c10000')).toBe(false);
  });

  it('keys a pair (a, b) exactly like the string a + NUL + b, without building it', () => {
    const m = new DigestMap(16);
    const pairs: [string, string][] = [['提供方', 'code-1'], ['', ''], ['', 'x'], ['x', ''], ['11330100002482170H', '301001/00000'], ['𠀋a', 'b\u0000c']];
    pairs.forEach(([a, b], i) => expect(m.setPairIfAbsent(a, b, i)).toBeUndefined());
    pairs.forEach(([a, b], i) => {
      expect(m.get(`${a}\u0000${b}`)).toBe(i);
      expect(m.setIfAbsent(`${a}\u0000${b}`, 99)).toBe(i);
      expect(m.setPairIfAbsent(a, b, 99)).toBe(i);
    });
    // Where the NUL falls matters: ("a", "bc") and ("ab", "c") are different keys.
    expect(m.setPairIfAbsent('a', 'bc')).toBeUndefined();
    expect(m.setPairIfAbsent('ab', 'c')).toBeUndefined();
    expect(m.size).toBe(pairs.length + 2);
  });

  it('hashes strings that differ in one character or in order differently', () => {
    const seen = new Set<string>();
    for (const s of ['ab', 'ba', 'a\u0000b', 'ab\u0000', '信息', '息信', '', ' ']) seen.add(digest64(s).join(':'));
    expect(seen.size).toBe(8);
  });
});

describe('ReportBuilder record sources (kept as runs)', () => {
  it('attributes late issues to the right file when records of several files interleave', () => {
    const b = new ReportBuilder('guide2017');
    const files = ['a.csv', 'a.csv', 'b.csv', 'b.csv', 'a.csv', 'c.csv'];
    files.forEach((f, i) => b.addRecord(i, f));
    // late issues, out of order
    for (const i of [5, 0, 3, 4, 2]) b.addIssue({ code: 'x', rule: 'x', severity: 'error', path: '', message: 'm', record: i });
    const r = b.build();
    const by = Object.fromEntries(r.sources.map((s) => [s.file, s]));
    expect(by['a.csv']).toMatchObject({ records: 3, errors: 2, invalid: 2, valid: 1 });
    expect(by['b.csv']).toMatchObject({ records: 2, errors: 2, invalid: 2, valid: 0 });
    expect(by['c.csv']).toMatchObject({ records: 1, errors: 1, invalid: 1, valid: 0 });
  });

  it('handles indexes that are added out of order (the latest addRecord of an index wins)', () => {
    const b = new ReportBuilder('guide2017');
    b.addRecord(10, 'x.csv');
    b.addRecord(2, 'y.csv');
    b.addRecord(11, 'x.csv');
    b.addIssue({ code: 'x', severity: 'warning', path: '', message: 'm', record: 2 });
    b.addIssue({ code: 'x', severity: 'warning', path: '', message: 'm', record: 10 });
    b.addIssue({ code: 'x', severity: 'warning', path: '', message: 'm', record: 7 });
    const by = Object.fromEntries(b.build().sources.map((s) => [s.file, s]));
    expect(by['x.csv'].warnings).toBe(1);
    expect(by['y.csv'].warnings).toBe(1);
  });
});

describe('cross-record duplicates with digests', () => {
  it('reports the first record of a duplicate identifier and title, per provider', async () => {
    const rec = (code: string, title: string, provider: string) => ({ record: { resourceCode: code, title, provider: { name: provider, code: provider } } as unknown as CatalogRecord, file: 'f.csv' });
    const r = await validateRecords([rec('A1', 'T', 'p1'), rec('A2', 'U', 'p1'), rec('A1', 'T', 'p2'), rec('A1', 'T', 'p1')], { profile: 'guide2017' });
    const dup = r.issues.filter((i) => i.code === 'duplicate-identifier');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ record: 3, params: { first: 0, provider: 'p1' } });
    const title = r.issues.filter((i) => i.code === 'duplicate-title');
    expect(title).toHaveLength(1);
    expect(title[0]).toMatchObject({ record: 3, params: { first: 0, provider: 'p1' } });
  });
});
