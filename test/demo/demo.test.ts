import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import path from 'node:path';
import { runCli, ROOT } from '../helpers/cli.js';

/** Resources in the bundled corrected sample (rows below the header of its 目录编制表 sheet). */
function sampleResourceCount(): number {
  const wb = XLSX.read(fs.readFileSync(path.join(ROOT, 'templates', 'samples', 'hrss-catalog.xlsx')));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['目录编制表'], { header: 1, blankrows: false });
  return rows.length - 2; // instructions row + header row
}

describe('catalog demo', () => {
  it('runs the whole pipeline: deliberate errors found, corrected sheet valid, every record published and found again', () => {
    const r = runCli(['demo', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const n = sampleResourceCount();
    expect(result.ok).toBe(true);
    expect(result.corrected.records).toBe(n);
    expect(result.corrected.validation.valid).toBe(true);
    expect(result.withErrors.validation.valid).toBe(false);
    // Every error of the sheet with deliberate errors points at a row of that sheet.
    for (const i of result.withErrors.validation.issues.filter((x: { severity: string }) => x.severity === 'error')) {
      expect(i.provenance.file).toMatch(/hrss-catalog-errors\.xlsx$/);
      expect(i.provenance.row).toBeGreaterThan(2);
    }
    expect(result.package.records).toBe(n);
    expect(result.publish).toMatchObject({ accepted: n, added: n, rejected: 0, ok: true });
    expect(result.query.total).toBeGreaterThan(0);
    expect(result.query.titles.length).toBe(result.query.total);
    expect(result.query.fetched.title).toBe(result.query.titles[0]);
    expect(result.kept).toBe(false);
  });

  it('`npm run demo` exits 0 and its output shows the records published and queried back', () => {
    const r = spawnSync('npm', ['run', '--silent', 'demo'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', NO_COLOR: '1' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout;
    const published = out.match(/(\d+) records published \((\d+) added/);
    expect(published).not.toBeNull();
    expect(Number(published![1])).toBe(sampleResourceCount());
    const hits = out.match(/(\d+) hits: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/records\?q=/);
    expect(hits).not.toBeNull();
    expect(Number(hits![1])).toBeGreaterThan(0);
    // Each hit is listed, and the deliberate errors are shown with their cells.
    expect(out.match(/^\s+\d+\. \d{6}\/\d{5}\s/gm)?.length).toBe(Number(hits![1]));
    expect(out).toMatch(/error \S+\s+hrss-catalog-errors\.xlsx › sheet 目录编制表 › row \d+/);
    expect(out).toContain('[9/9]');
  });

  it('speaks Chinese with --lang zh', () => {
    const r = runCli(['demo', '--lang', 'zh']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已发布 \d+ 条记录/);
    expect(r.stdout).toMatch(/检索到 \d+ 条/);
  });
});
