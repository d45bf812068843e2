import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, fixture } from '../helpers/cli.js';

const real = (f: string) => fixture('real', f);

describe('catalog inspect (CLI)', () => {
  it('prints format, encoding with confidence, header row, columns and row count as JSON', () => {
    const r = runCli(['inspect', real('yilan_catalogue_2018-03-20_big5.csv'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ format: 'csv', encoding: 'Big5', encodingSource: 'detected', delimiter: ',' });
    expect(out.confidence).toBeGreaterThanOrEqual(50);
    expect(out.sheets).toEqual([{ index: 1, headerRow: 1, columns: ['資料集名稱', '資料來源', '聯絡人', '聯絡電話', '資料說明'], rows: 356, warnings: 0 }]);
  });

  it('lists every sheet of a workbook, or one with --sheet, in Chinese', () => {
    const all = runCli(['inspect', real('putuo_tbmb_czfr_multisheet.xls'), '--lang', 'zh']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('格式：xls');
    expect(all.stdout.match(/工作表 \d+“/g)).toHaveLength(8);
    expect(all.stdout).toContain('工作表 2“部门预算编制的审批”：表头在第 1 行，8 列，10 行数据');
    const one = runCli(['inspect', real('putuo_tbmb_czfr_multisheet.xls'), '--sheet', '2', '--format', 'json']);
    const out = JSON.parse(one.stdout);
    expect(out.sheets.map((s: any) => s.name)).toEqual(['部门预算编制的审批']);
  });

  it('reads a headerless CSV with --no-header and the HTML-disguised .xls as html', () => {
    const h = JSON.parse(runCli(['inspect', real('yilan_catalogue_2018-03-20_headerless_multiline.csv'), '--no-header', '--format', 'json']).stdout);
    expect(h.sheets[0]).toMatchObject({ headerRow: 0, columns: ['1', '2', '3'], rows: 357 });
    const html = runCli(['inspect', real('jucunwei_jichuxinxi_html_disguised.xls'), '--lang', 'en']);
    expect(html.code).toBe(0);
    expect(html.stdout).toContain('format: html');
    expect(html.stdout).toContain('sheet 1 "Sheet1": header row 2, 19 columns, 21 data rows');
  });

  it('exits 2 with a one-line message naming the fix for unreadable input and bad flags', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-inspect-'));
    try {
      const xxe = path.join(dir, 'xxe.xml');
      fs.writeFileSync(xxe, '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r><rec><a>&x;</a></rec></r>\n');
      const r1 = runCli(['inspect', xxe, '--lang', 'en']);
      expect(r1.code).toBe(2);
      expect(r1.stdout).toBe('');
      expect(r1.stderr.trim().split('\n')).toHaveLength(1);
      expect(r1.stderr).toContain('refused for safety');
      const r2 = runCli(['inspect', path.join(dir, 'missing.csv'), '--lang', 'zh']);
      expect(r2.code).toBe(2);
      expect(r2.stderr).toContain('找不到文件');
      const r3 = runCli(['inspect', real('putuo_tbmb_czfr_multisheet.xls'), '--sheet', '不存在']);
      expect(r3.code).toBe(2);
      expect(r3.stderr).toContain('企业会计决算报表编制');
      expect(runCli(['inspect', real('taitung_shelters_utf8_bom.csv'), '--format', 'xml']).code).toBe(2);
      expect(runCli(['inspect', real('taitung_shelters_utf8_bom.csv'), '--encoding', 'ebcdic']).code).toBe(2);
      expect(runCli(['inspect', real('taitung_shelters_utf8_bom.csv'), '--header-row', 'x']).code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help shows a real example', () => {
    const r = runCli(['inspect', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('$ catalog inspect');
  });
});
