import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli, fixture, ROOT } from '../helpers/cli.js';

const ESC = String.fromCharCode(27) + '[';
const faults = fixture('records', 'catalogue-faults.jsonl');
const reference = fixture('records', 'reference.jsonl');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-validate-'));

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'standards', 'report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateReport = ajv.compile(schema);

const json = (args: string[], env?: NodeJS.ProcessEnv) => {
  const r = runCli(['validate', ...args, '--format', 'json'], { env });
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
};

describe('catalog validate: cross-record rules and report formats', () => {
  it('JSON output conforms to standards/report.schema.json and its counts add up', () => {
    for (const args of [[faults], [faults, '--reference', reference], [fixture('records', 'valid-guide2017.jsonl')], [fixture('records', 'many-faults.jsonl'), '--max-errors', '2']]) {
      const { report } = json(args);
      expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
      expect(report.stats.records).toBe(report.stats.valid + report.stats.invalid);
      const sum = (k: string) => report.rules.reduce((n: number, r: any) => n + r[k], 0);
      expect(sum('errors')).toBe(report.stats.errors);
      expect(sum('warnings')).toBe(report.stats.warnings);
    }
  });

  it('finds every cross-record fault, and --reference resolves 关联资源代码', () => {
    const { code, report } = json([faults]);
    expect(code).toBe(1);
    const got = report.issues.map((i: any) => `${i.record}:${i.rule}`);
    expect(got).toEqual(expect.arrayContaining(['0:related-resource-missing', '2:duplicate-identifier', '2:duplicate-title', '3:provider-code-invalid', '3:codelist:division',
      '4:share-condition-required', '4:resource-code-class-mismatch', '5:codelist:open-type', '5:related-resource-missing', '6:duplicate-item-name']));
    expect(report.stats).toMatchObject({ records: 8, valid: 2, invalid: 6 });
    const withRef = json([faults, '--reference', reference]).report;
    expect(withRef.issues.filter((i: any) => i.rule === 'related-resource-missing').map((i: any) => i.value)).toEqual(['301002/77777']);
    expect(withRef.stats).toMatchObject({ records: 8, valid: 3, invalid: 5 });
  });

  it('--rules tunes severities (and the workspace config names a default rules file)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ rules: { 'duplicate-title': 'off', 'provider-code-invalid': 'warning', 'codelist:division': 'info' } }));
    const { report } = json([faults, '--rules', path.join(dir, 'rules.json')]);
    const sev = Object.fromEntries(report.issues.map((i: any) => [i.rule, i.severity]));
    expect(sev['duplicate-title']).toBeUndefined();
    expect(sev['provider-code-invalid']).toBe('warning');
    expect(sev['codelist:division']).toBe('info');
    fs.writeFileSync(path.join(dir, 'catalog.config.json'), JSON.stringify({ rules: 'rules.json' }));
    const r = runCli(['validate', faults, '-f', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).issues.some((i: any) => i.rule === 'duplicate-title')).toBe(false);
  });

  it('bad rule configs are usage errors (exit 2, one line)', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'rules.json'), JSON.stringify({ rules: { 'no-such-rule': 'off' } }));
    const r = runCli(['validate', faults, '--rules', path.join(dir, 'rules.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\.json is invalid: unknown rule "no-such-rule"/);
    expect(runCli(['validate', faults, '--rules', path.join(dir, 'missing.json')]).stderr).toMatch(/file not found/);
    expect(runCli(['validate', faults, '--fail-on', 'info']).code).toBe(2);
    expect(runCli(['validate', faults, '--format', 'xml']).code).toBe(2);
  });

  it('--fail-on warning exits 1 on warnings alone', () => {
    const dir = tmp();
    const rec = fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').split('\n')[1];
    fs.writeFileSync(path.join(dir, 'dup.jsonl'), rec + '\n' + JSON.stringify({ ...JSON.parse(rec), resourceCode: '301002/00003' }) + '\n');
    const plain = runCli(['validate', path.join(dir, 'dup.jsonl')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/duplicate-title/);
    expect(runCli(['validate', path.join(dir, 'dup.jsonl'), '--fail-on', 'warning']).code).toBe(1);
  });

  it('--max-errors keeps records checked = valid + invalid and says it truncated', () => {
    const full = json([faults]).report;
    const cut = json([faults, '--max-errors', '1']).report;
    expect(cut.truncated).toBe(true);
    expect(cut.issues.filter((i: any) => i.severity === 'error')).toHaveLength(1);
    expect(cut.stats).toEqual(full.stats);
    const pretty = runCli(['validate', faults, '--max-errors', '1']);
    expect(pretty.stdout).toMatch(/--max-errors reached/);
  });

  it('pretty output groups issues per record, with no colour when NO_COLOR is set or not a TTY', () => {
    const r = runCli(['validate', faults]);
    expect(r.stdout).toMatch(/record #3 .*catalogue-faults\.jsonl › line 3\n {2}error duplicate-identifier/);
    expect(r.stdout).not.toContain(ESC);
    const forced = runCli(['validate', faults], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    const zh = runCli(['validate', faults, '--lang', 'zh']);
    expect(zh.stdout).toContain('记录 #3');
    expect(zh.stdout).toContain('是否应为“无条件开放”');
  });

  it('JUnit XML has one test case per rule and fails the rules with errors', () => {
    const r = runCli(['validate', faults, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const cases = [...r.stdout.matchAll(/<testcase classname="catalog.validate" name="([^"]+)">(<failure)?/g)];
    const failed = cases.filter((c) => c[2]).map((c) => c[1]).sort();
    expect(failed).toEqual(['codelist:division', 'codelist:open-type', 'duplicate-identifier', 'duplicate-item-name', 'provider-code-invalid', 'related-resource-missing', 'resource-code-class-mismatch', 'share-condition-required']);
    const suite = /<testsuites name="catalog validate" tests="(\d+)" failures="(\d+)">/.exec(r.stdout)!;
    expect(Number(suite[1])).toBe(cases.length);
    expect(Number(suite[2])).toBe(failed.length);
    expect(r.stdout).toContain('<property name="records" value="8"/>');
  });

  it('-o writes the report atomically and prints nothing else on stdout', () => {
    const dir = tmp();
    const out = path.join(dir, 'report.html');
    const r = runCli(['validate', faults, '--format', 'html', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`report written to ${out}`);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/(src|href)=["']https?:/); // self-contained
    expect(fs.readdirSync(dir)).toEqual(['report.html']); // no temp file left behind
  });
});
