import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startTestCentre, call, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { fieldLabel } from '../../src/model/record.js';

/**
 * The centre's HTML pages (browse, record, overview) in Debian's Chromium at desktop (1280) and phone (375) widths,
 * in zh and en: a screenshot of each (under $CATALOG_ARTIFACTS or the temp directory), no horizontal overflow,
 * every expected label present, the charts' numbers equal to the API's, hostile titles shown as text (never run),
 * no request off the loopback address.
 */

const HOSTILE = `<script>window.__pwned=1</script>"quoted" 'single' & \u202Eevil\u202C مرحبا ${'长'.repeat(5)}${'W'.repeat(400)}`;
const HARVESTED_FROM = 'http://district.example:8080';
const SHOTS = path.join(process.env.CATALOG_ARTIFACTS ?? os.tmpdir(), 'catalog-pages');
const WIDTHS = { desktop: 1280, phone: 375 } as const;

describe('centre pages in headless Chromium', () => {
  let c: TestCentre;
  let browser: Browser;
  const hostileKey = '302005/00009';
  const harvestedKey = '302005/00077';
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    c = await startTestCentre([PROVIDER_A, PROVIDER_B]);
    expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } })).status).toBe(200);
    const b = [recordOfB(1), recordOfB(2, '客运班线许可信息'), recordOfB(9, HOSTILE)];
    expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: b } })).status).toBe(200);
    // a record changed, then withdrawn: its history has three lines
    expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [{ ...recordOfB(2, '客运班线许可信息'), abstract: '改' }] } })).status).toBe(200);
    expect((await call(c.centre.url, 'DELETE', '/api/v1/records/302005%2F00002', { token: c.tokens[PROVIDER_B] })).status).toBe(200);
    // a record harvested from a district centre, with a value no standard element holds
    const h = { ...recordOfB(77, '区级 收割来的记录'), extensions: { dc: { spatial: '310104' } } };
    await c.store.applyChanges([{ key: recordKey(h)!, provider: PROVIDER_B, hash: contentHash(h), status: 'published', origin: HARVESTED_FROM, record: h, action: 'harvest', actor: `harvest:${HARVESTED_FROM}`, comment: 'from district' }]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.stop();
  });

  /** Open `p` at `width` in `lang`; checks overflow, scripts and requests; saves a screenshot. */
  async function open(p: string, lang: 'zh' | 'en', width: number, shot: string): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'zh' ? 'zh-CN' : 'en-GB' });
    const page = await ctx.newPage();
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(c.centre.url)) external.push(r.url()); });
    const res = await page.goto(c.centre.url + p);
    expect(res?.status()).toBe(200);
    const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth, scripts: document.scripts.length, pwned: (window as unknown as { __pwned?: number }).__pwned }));
    expect(m.scroll, `${p} at ${width}px overflows`).toBeLessThanOrEqual(m.inner);
    expect(m.scripts).toBe(0);
    expect(m.pwned).toBeUndefined();
    expect(await page.getAttribute('html', 'lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en');
    expect(external).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, `${shot}-${lang}-${width}.png`), fullPage: true });
    return page;
  }

  const each = (fn: (lang: 'zh' | 'en', width: number) => Promise<void>) => async () => {
    for (const lang of ['zh', 'en'] as const) for (const width of Object.values(WIDTHS)) await fn(lang, width);
  };

  it('record page: every field under its label, 信息项, history, origin; hostile title is text', each(async (lang, width) => {
    const page = await open(`/records/${encodeURIComponent(hostileKey)}`, lang, width, 'record-hostile');
    expect(await page.locator('h1#title').textContent()).toBe(HOSTILE);
    const fields = await page.locator('#fields tr[data-field]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-field'), r.querySelector('th')!.textContent]));
    expect(fields.length).toBeGreaterThan(8);
    // every row is labelled: the label is the record model's, never a raw JSON pointer
    for (const [pointer, label] of fields) expect(label).toBe(fieldLabel(pointer!, lang));
    for (const p of ['/title', '/provider/name', '/provider/code', '/sharing/type', '/directoryClass/class', '/resourceCode']) expect(fields.map((f) => f[0])).toContain(p);
    const items = await page.locator('#items thead th').allTextContents();
    expect(items).toEqual(expect.arrayContaining([fieldLabel('/items/*/name', lang), fieldLabel('/items/*/dataType', lang), fieldLabel('/items/*/length', lang)]));
    expect(await page.locator('#items tbody tr').count()).toBe(2);
    expect(await page.locator('#history tbody tr').count()).toBe(1);
    expect(await page.locator('#origin').textContent()).toBe(lang === 'zh' ? '本中心登记' : 'registered at this centre');
    await page.context().close();
  }));

  it('record page of a withdrawn record lists its history; a harvested one its origin and extensions', each(async (lang, width) => {
    let page = await open('/records/302005%2F00002', lang, width, 'record-withdrawn');
    expect(await page.locator('#history tbody tr').count()).toBe(3);
    expect(await page.locator('#summary').textContent()).toContain(lang === 'zh' ? '已撤销' : 'withdrawn');
    // local time with its zone, the UTC instant kept in datetime
    expect(await page.locator('#history time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await page.locator('#history time').first().textContent()).toMatch(/UTC|GMT|CST/);
    await page.context().close();
    page = await open(`/records/${encodeURIComponent(harvestedKey)}`, lang, width, 'record-harvested');
    expect(await page.locator('#origin').textContent()).toContain(HARVESTED_FROM);
    expect(await page.locator('#extensions').textContent()).toContain('dc.spatial310104');
    await page.context().close();
  }));

  it('overview: four SVG bar charts with the API\'s numbers', each(async (lang, width) => {
    const page = await open('/overview', lang, width, 'overview');
    const published = (await call(c.centre.url, 'GET', '/api/v1/records?pageSize=200')).json.items as { provider: string; shareType?: string; origin: string }[];
    expect(Number(await page.getAttribute('#total', 'data-count'))).toBe(published.length);
    const bars = async (d: string) => page.locator(`#chart-${d} g.bar`).evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-count'))] as [string, number]));
    const byProvider = Object.fromEntries(await bars('provider'));
    expect(byProvider['某市交通运输局']).toBe(published.filter((r) => r.provider === PROVIDER_B).length);
    expect(Object.values(byProvider).reduce((a, b) => a + b, 0)).toBe(published.length);
    const byOrigin = Object.fromEntries(await bars('origin'));
    expect(byOrigin[HARVESTED_FROM]).toBe(1);
    expect(byOrigin[lang === 'zh' ? '本中心登记' : 'registered at this centre']).toBe(published.length - 1);
    const byShare = Object.fromEntries(await bars('shareType'));
    for (const [type, n] of Object.entries(byShare)) expect(n).toBe(published.filter((r) => (r.shareType ?? (lang === 'zh' ? '（无）' : '(none)')) === type).length);
    const byClass = await bars('class');
    expect(byClass.reduce((a, [, n]) => a + n, 0)).toBe(published.length);
    expect(byClass.map(([l]) => l)).toContain(lang === 'zh' ? '3 部门信息资源' : '3 departmental resources');
    // accessible: each chart is an image named by its caption and described in words
    for (const d of ['class', 'shareType', 'provider', 'origin']) {
      expect(await page.getAttribute(`#chart-${d}`, 'role')).toBe('img');
      expect(await page.locator(`#chart-${d}-desc`).textContent()).toMatch(/\d/);
    }
    await page.context().close();
  }));

  it('browse: providers chosen by name with counts; results link to record pages', each(async (lang, width) => {
    const page = await open('/', lang, width, 'browse');
    const options = await page.locator('select#provider option').allTextContents();
    const nB = (await call(c.centre.url, 'GET', `/api/v1/records?provider=${PROVIDER_B}`)).json.total;
    expect(options).toContain(`某市交通运输局 (${nB})`);
    await Promise.all([page.waitForURL(/provider=/), page.selectOption('select#provider', PROVIDER_B).then(() => page.click('button[type=submit]'))]);
    expect(await page.locator('#results li').count()).toBe(nB);
    expect(await page.locator('#total').textContent()).toBe(lang === 'zh' ? `共 ${nB} 条` : `${nB} results`);
    expect(await page.locator('#results time').first().textContent()).toMatch(/UTC|GMT|CST/);
    const hrefs = await page.locator('#results li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.every((h) => h!.startsWith('/records/'))).toBe(true);
    await page.context().close();
  }));

  it('?lang= wins over Accept-Language; a record not published is 404', async () => {
    const en = await call(c.centre.url, 'GET', '/overview?lang=en', { headers: { 'accept-language': 'zh-CN' } });
    expect(en.text).toContain('By provider');
    const zh = await call(c.centre.url, 'GET', '/overview', { headers: { 'accept-language': 'zh-CN' } });
    expect(zh.text).toContain('按提供方');
    expect((await call(c.centre.url, 'GET', '/records/nope%2F1')).status).toBe(404);
    const raw = await call(c.centre.url, 'GET', `/records/${encodeURIComponent(hostileKey)}`);
    expect(raw.text).not.toContain('<script>');
    expect(raw.text).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;quoted&quot; &#39;single&#39; &amp;');
  });
});
