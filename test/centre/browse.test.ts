import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { startTestCentre, call, type TestCentre } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { SEARCH_COUNT_LIMIT } from '../../src/centre/store.js';

describe('browse/search page in headless Chromium', () => {
  let c: TestCentre;
  let browser: Browser;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_A, PROVIDER_B]);
    await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_A], json: { records: guideRecords() } });
    await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: [recordOfB(1)] } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c.stop();
  });

  it('typing a Chinese keyword shows the matching records (3+ characters and a 2-character query)', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(c.centre.url)) external.push(r.url()); });
    await page.goto(c.centre.url + '/');
    expect(await page.locator('#results li').count()).toBe(3);
    await page.fill('input[name=q]', '登记注册');
    await Promise.all([page.waitForURL(/q=/), page.click('button[type=submit]')]);
    const titles = await page.locator('#results li > a').allTextContents();
    expect(titles).toEqual(['企业登记注册信息']);
    expect(await page.locator('#total').textContent()).toContain('共 1 条');
    expect(await page.inputValue('input[name=q]')).toBe('登记注册');

    await page.fill('input[name=q]', '运输');
    await Promise.all([page.waitForURL(/q=%E8%BF%90/), page.press('input[name=q]', 'Enter')]);
    expect(await page.locator('#results li > a').allTextContents()).toEqual(['道路运输经营许可信息']);

    // the result opens the record's page (HTML); its JSON stays at the API
    const [resp] = await Promise.all([page.waitForResponse((r) => r.url().includes('/records/')), page.click('#results li > a')]);
    expect(resp.status()).toBe(200);
    expect(await page.locator('h1#title').textContent()).toBe('道路运输经营许可信息');
    expect(await page.locator('#summary').textContent()).toContain('302005/00001');
    expect(external).toEqual([]);
    await page.close();
  });

  it('works without JavaScript and filters by share type', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(c.centre.url + '/');
    await page.selectOption('select[name=shareType]', '不予共享');
    await Promise.all([page.waitForURL(/shareType=/), page.click('button[type=submit]')]);
    expect(await page.locator('#results li > a').allTextContents()).toEqual(['行政处罚决定书']);
    await ctx.close();
  });
});

describe('browse page of a centre with more matches than it counts', () => {
  let c: TestCentre;
  let browser: Browser;
  const N = SEARCH_COUNT_LIMIT + 5;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_B]);
    const records = Array.from({ length: N }, (_, i) => recordOfB(i + 1, `道路运输许可 第${i + 1}号`));
    for (let i = 0; i < N; i += 500) {
      const r = await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records: records.slice(i, i + 500) } });
      expect(r.status).toBe(200);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c.stop();
  });

  it('says "1000+", lists the newest first and still offers the next page', async () => {
    const api = await call(c.centre.url, 'GET', '/api/v1/records?q=' + encodeURIComponent('运输许可'));
    expect(api.json).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalExact: false });
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(c.centre.url + '/?q=' + encodeURIComponent('运输许可'));
    expect(await page.locator('#total').textContent()).toContain(`共 ${SEARCH_COUNT_LIMIT}+ 条`);
    // the newest batch (records 1001–1005) first, each batch in key order
    expect(await page.locator('#results li > a').first().textContent()).toBe('道路运输许可 第1001号');
    await Promise.all([page.waitForURL(/page=2/), page.click('text=下一页')]);
    expect(await page.locator('#results li > a').first().textContent()).toBe('道路运输许可 第516号');
    await page.goto(c.centre.url + `/?q=${encodeURIComponent('运输许可')}&page=${Math.ceil(N / 20)}`);
    expect(await page.locator('#results li > a').allTextContents()).toEqual([496, 497, 498, 499, 500].map((n) => `道路运输许可 第${n}号`));
    expect(await page.locator('#total').textContent()).toContain(`共 ${N} 条`);
    expect(await page.locator('text=下一页').count()).toBe(0);
    await page.close();
  });
});
