import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it, expect } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { runCli, fixture } from '../helpers/cli.js';

// Chromium is required (.ci/run installs Debian's chromium when missing): no silent skip.
describe('HTML report in headless Chromium', () => {
  it('shows the same summary numbers as the JSON report, with no network requests', { timeout: 90_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-html-'));
    const out = path.join(dir, 'report.html');
    const input = fixture('records', 'catalogue-faults.jsonl');
    expect(runCli(['validate', input, '--format', 'html', '-o', out]).code).toBe(1);
    const report = JSON.parse(runCli(['validate', input, '--format', 'json']).stdout);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(out).href);
      const stat = async (id: string) => Number(await page.locator(`[data-stat="${id}"]`).innerText());
      expect(await stat('records')).toBe(8);
      expect(await stat('valid')).toBe(report.stats.valid);
      expect(await stat('invalid')).toBe(report.stats.invalid);
      expect(await stat('records')).toBe((await stat('valid')) + (await stat('invalid')));
      expect(await stat('errors')).toBe(report.stats.errors);
      expect(await stat('warnings')).toBe(report.stats.warnings);

      // Per-rule table: one row per rule that fired, counts as in the JSON report.
      const rows = page.locator('#rules tbody tr[data-rule]');
      expect(await rows.count()).toBe(report.rules.length);
      for (const r of report.rules) {
        const row = page.locator(`#rules tr[data-rule="${r.rule}"]`);
        expect(Number(await row.locator('[data-col="errors"]').innerText()), r.rule).toBe(r.errors);
        expect(Number(await row.locator('[data-col="warnings"]').innerText()), r.rule).toBe(r.warnings);
        expect(Number(await row.locator('[data-col="records"]').innerText()), r.rule).toBe(r.records);
      }
      expect(Number(await page.locator('#rules tr[data-rule="duplicate-title"] [data-col="warnings"]').innerText())).toBe(1);

      // Per-source table.
      const src = page.locator('#sources tbody tr');
      expect(await src.count()).toBe(1);
      expect(Number(await src.locator('[data-col="records"]').innerText())).toBe(8);
      expect(Number(await src.locator('[data-col="invalid"]').innerText())).toBe(report.stats.invalid);

      expect(await page.locator('#issues tbody tr').count()).toBe(report.issues.length);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
