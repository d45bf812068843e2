/**
 * 一数一源 at a real centre: three departments register overlapping enterprise items over the API; the report (JSON and
 * the HTML page, rendered in Chromium at desktop and phone widths) shows the overlap, the authority an admin sets, and
 * the unattributed copy; registering such a copy answers with a warning naming the authority and its resource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { call, runCliAsync, startTestCentre, type TestCentre } from './helpers.js';
import { enterpriseRecords, HRSS, SAMR, TAX } from './sources-fixtures.js';

describe('一数一源 report at a centre', () => {
  let c: TestCentre;
  let browser: Browser;
  const recs = enterpriseRecords();
  beforeAll(async () => {
    c = await startTestCentre([SAMR.code, TAX.code, HRSS.code]);
    for (const [code, r] of [[SAMR.code, recs.samr], [TAX.code, recs.tax], [HRSS.code, recs.hrss]] as const) {
      const res = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[code], json: { records: [r] } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.warnings).toBeUndefined();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.stop();
  });

  it('reports the overlap and competing sources before an authority is set', async () => {
    const r = await call(c.centre.url, 'GET', '/api/v1/reports/sources');
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.elements.map((e: { element: string }) => [e.element, e]));
    for (const id of ['uscc', 'orgName', 'legalRep']) expect(byId[id].providers.map((p: { code: string }) => p.code)).toEqual([SAMR.code, TAX.code, HRSS.code]);
    expect(r.json.conflicts).toContainEqual({ kind: 'competing-sources', element: 'uscc', providers: [SAMR.code, HRSS.code] });
    expect(byId.uscc.authority).toBeUndefined();
  });

  it('an admin sets the authority; the report names it and the unattributed copy; a new copy is warned at registration', async () => {
    const refused = await call(c.centre.url, 'POST', '/api/v1/authorities', { token: c.tokens[TAX.code], json: { element: 'uscc', provider: TAX.code } });
    expect(refused.status).toBe(403);
    expect((await call(c.centre.url, 'POST', '/api/v1/authorities', { token: c.tokens.admin, json: { element: '统一社会信用代码', provider: SAMR.code } })).json).toMatchObject({ element: 'uscc', provider: SAMR.code });
    expect((await call(c.centre.url, 'POST', '/api/v1/authorities', { token: c.tokens.admin, json: { element: 'nosuch', provider: SAMR.code } })).json.error.code).toBe('unknown-element');
    const cli = await runCliAsync(['centre', 'authority', 'set', 'legalRep', '--provider', SAMR.code, '--resource', '301002/00001', '--db', path.join(c.dir, 'centre.sqlite'), '--lang', 'en']);
    expect(cli.stdout).toContain(`authority of legalRep (法定代表人) set to ${SAMR.code} (301002/00001)`);
    const r = (await call(c.centre.url, 'GET', '/api/v1/reports/sources')).json;
    const uscc = r.elements.find((e: { element: string }) => e.element === 'uscc');
    expect(uscc.authority).toMatchObject({ provider: SAMR.code, providerName: SAMR.name, registered: true });
    expect(uscc.unattributed).toEqual([{ provider: HRSS.code, name: HRSS.name, keys: ['301004/00001'] }]);
    expect(r.conflicts).toContainEqual({ kind: 'unattributed-copy', element: 'legalRep', provider: HRSS.code, authority: SAMR.code, keys: ['301004/00001'] });
    expect(r.conflicts.some((x: { kind: string; element: string }) => x.kind === 'competing-sources' && x.element === 'uscc')).toBe(false);

    // 人社 registers a second copy without naming the source: accepted, with a warning naming the authority and its resource
    const copy = { ...recs.hrss, resourceCode: '301004/00002', title: '参保单位变更信息' };
    const ans = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[HRSS.code], json: { records: [copy] }, headers: { 'accept-language': 'zh' } });
    expect(ans.json.status).toBe('accepted');
    const issues = ans.json.warnings[0].issues;
    expect(issues.map((i: { code: string; params: { elementId: string } }) => `${i.code}:${i.params.elementId}`)).toEqual(['unattributed-copy:uscc', 'unattributed-copy:legalRep']);
    expect(issues[0].params).toMatchObject({ provider: SAMR.code, resource: '301002/00001' });
    expect(issues[0].message).toContain('权威来源为提供方 11330100MB0000010P（资源 301002/00001）');
    // naming the authority's resource takes the warning away
    const named = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[HRSS.code], json: { records: [{ ...copy, resourceCode: '301004/00003', relatedResourceCodes: ['301002/00001'] }] } });
    expect(named.json.warnings).toBeUndefined();
  });

  it('the CLI writes the same report as JSON and as HTML', async () => {
    const db = path.join(c.dir, 'centre.sqlite');
    const json = await runCliAsync(['centre', 'sources', '--db', db]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).elements.find((e: { element: string }) => e.element === 'uscc').authority.provider).toBe(SAMR.code);
    const out = path.join(c.dir, 'sources.html');
    const html = await runCliAsync(['centre', 'sources', '--db', db, '--format', 'html', '-o', out, '--lang', 'en']);
    expect(html.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    expect(text).toContain('<svg');
    expect(text).toContain('Unattributed copies');
    expect((await runCliAsync(['centre', 'sources', '--db', path.join(c.dir, 'none.sqlite')])).code).toBe(2);
  });

  for (const [label, width, height] of [['desktop', 1280, 900], ['phone', 375, 740]] as const) {
    it(`the page renders at ${label} width without sideways scrolling, chart and tables in zh and en`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
      const page = await ctx.newPage();
      const offsite: string[] = [];
      page.on('request', (req) => { if (!req.url().startsWith(c.centre.url)) offsite.push(req.url()); });
      await page.goto(c.centre.url + '/reports/sources?lang=zh');
      expect(await page.locator('h1').textContent()).toBe('一数一源：数据元来源');
      expect(await page.locator('svg rect').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('td', { hasText: '统一社会信用代码' }).count()).toBeGreaterThan(0);
      expect(await page.locator('li.warn', { hasText: HRSS.code }).count()).toBeGreaterThan(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const shot = await page.screenshot({ fullPage: true });
      fs.writeFileSync(path.join(c.dir, `sources-${label}.png`), shot);
      expect(shot.length).toBeGreaterThan(10_000);
      await page.goto(c.centre.url + '/reports/sources?lang=en');
      expect(await page.locator('h1').textContent()).toBe('One datum, one source: data-element sources');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      expect(offsite).toEqual([]);
      await ctx.close();
    }, 120_000);
  }
});
