import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli, fixture, ROOT } from '../helpers/cli.js';

const real = (f: string) => fixture('real', f);
const validateReport = new Ajv2020({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'standards', 'report.schema.json'), 'utf8')));

describe('real portal dumps through catalog validate --mapping', () => {
  it.each(['portal_records_anhui_anhui.json', 'portal_records_fujian_xiamen.json'])('%s: no crash, counts add up, every format renders', { timeout: 120_000 }, (file) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-real-'));
    const tpl = path.join(dir, 'template.json');
    expect(runCli(['map', real(file), '--guess', '--save-template', tpl], { cwd: dir }).code).toBe(0);

    // Reports of real dumps run to megabytes: written with -o, read back.
    const json = path.join(dir, 'report.json');
    const r = runCli(['validate', real(file), '--mapping', tpl, '--format', 'json', '-o', json], { cwd: dir });
    expect(r.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(report.stats.records).toBeGreaterThan(0);
    expect(report.stats.records).toBe(report.stats.valid + report.stats.invalid);
    expect(report.stats.records).toBe(report.mapping.records);
    expect(report.mapping.rows).toBe(report.mapping.records + report.mapping.rejected);
    expect(report.sources.reduce((n: number, s: any) => n + s.records, 0)).toBe(report.stats.records);
    expect(report.rules.reduce((n: number, x: any) => n + x.errors, 0)).toBe(report.stats.errors);
    // Every issue points at its source.
    for (const i of report.issues) expect(i.provenance?.file, i.code).toBeTruthy();

    const cutFile = path.join(dir, 'cut.json');
    runCli(['validate', real(file), '--mapping', tpl, '--format', 'json', '--max-errors', '5', '-o', cutFile], { cwd: dir });
    const cut = JSON.parse(fs.readFileSync(cutFile, 'utf8'));
    expect(cut.truncated).toBe(true);
    expect(cut.stats).toEqual(report.stats);

    for (const format of ['html', 'junit']) {
      const out = path.join(dir, `report.${format}`);
      const x = runCli(['validate', real(file), '--mapping', tpl, '--format', format, '-o', out], { cwd: dir });
      expect(x.stderr).not.toMatch(/internal error/);
      expect(fs.statSync(out).size).toBeGreaterThan(0);
    }
    expect(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain(`data-stat="records">${report.stats.records}<`);
  });
});
