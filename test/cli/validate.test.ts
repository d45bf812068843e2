import { describe, it, expect } from 'vitest';
import { runCli, fixture } from '../helpers/cli.js';

describe('catalog validate (CLI)', () => {
  it('exits 0 on valid records', () => {
    const r = runCli(['validate', fixture('records', 'valid-guide2017.jsonl')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('all 2 records are valid');
  });

  it('reports every fault of a record with JSON pointers, in both languages', () => {
    const en = runCli(['validate', fixture('records', 'many-faults.jsonl'), '--format', 'json', '--lang', 'en']);
    expect(en.code).toBe(1);
    const report = JSON.parse(en.stdout);
    const paths = report.issues.map((i: any) => i.path);
    for (const p of ['/title', '/abstract', '/resourceCode', '/provider/code', '/sharing/condition', '/openness/condition', '/items', '/updateCycle', '/publishedDate', '/colour', '/directoryClass/class'])
      expect(paths).toContain(p);
    expect(report.stats).toMatchObject({ records: 1, invalid: 1, valid: 0 });
    expect(report.stats.errors).toBe(report.issues.filter((i: any) => i.severity === 'error').length);
    for (const i of report.issues) {
      expect(i).toHaveProperty('code');
      expect(i.provenance).toMatchObject({ file: expect.stringContaining('many-faults.jsonl'), line: 1 });
    }
    const zh = JSON.parse(runCli(['validate', fixture('records', 'many-faults.jsonl'), '-f', 'json', '--lang', 'zh']).stdout);
    expect(zh.issues.map((i: any) => i.code)).toEqual(report.issues.map((i: any) => i.code));
    expect(zh.issues.find((i: any) => i.path === '/abstract').message).toBe('缺少必填项“信息资源摘要”');
    expect(report.issues.find((i: any) => i.path === '/abstract').message).toBe('required field "abstract" is missing');
  });

  it('takes the language from LANG when --lang is absent', () => {
    const r = runCli(['validate', fixture('records', 'many-faults.jsonl')], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stdout).toContain('缺少必填项');
  });

  it('validates against GB/T 21063.3', () => {
    expect(runCli(['validate', '-p', 'gbt21063-3', fixture('records', 'valid-gbt21063.json')]).code).toBe(0);
    expect(runCli(['validate', '-p', 'gbt21063-3', fixture('records', 'valid-guide2017.jsonl')]).code).toBe(1);
  });

  it.each([
    [['validate', fixture('records', 'broken.jsonl')], /broken\.jsonl line 2: invalid JSON/],
    [['validate', 'no-such-file.jsonl'], /file not found: no-such-file\.jsonl/],
    [['validate', '-p', 'iso19115', fixture('records', 'valid-guide2017.jsonl')], /unknown profile "iso19115"; available: gbt21063-3, guide2017/],
    [['validate', '--bogus', fixture('records', 'valid-guide2017.jsonl')], /unknown option '--bogus'/],
  ])('usage problems give a one-line error and exit 2: %s', (args, pattern) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });

  it('lists profiles', () => {
    const r = runCli(['profiles', '--format', 'json']);
    expect(JSON.parse(r.stdout).map((p: any) => p.id)).toEqual(['gbt21063-3', 'guide2017']);
  });

  it('every command has --help with an example', () => {
    for (const c of ['validate', 'profiles']) {
      const r = runCli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\$ catalog /);
    }
  });
});
