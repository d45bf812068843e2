import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../src/centre/sqlite-store.js';
import { LOCAL_ORIGIN } from '../../../src/centre/store.js';
import { MAX_LISTED, sourcesReport } from '../../../src/centre/sources.js';
import { renderSourcesPage } from '../../../src/centre/sources-page.js';
import { contentHash, recordKey } from '../../../src/model/identity.js';
import { enterpriseRecords, HRSS, SAMR } from '../../centre/sources-fixtures.js';

/**
 * The 一数一源 report is public: however many records hold an element, it lists at most MAX_LISTED resources (and
 * unattributed keys) per provider and element, with the exact count beside them.
 */
describe('一数一源 report bounds what it lists', () => {
  let dir: string;
  let store: SqliteStore;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sources-'));
    store = new SqliteStore(path.join(dir, 'centre.sqlite'));
    const { samr, hrss } = enterpriseRecords();
    // 人社 keeps five copies of the enterprise data without naming 市场监管's resource
    const copies = [1, 2, 3, 4, 5].map((n) => ({ ...hrss, resourceCode: `301004/0000${n}`, title: `参保单位信息 ${n}` }));
    await store.applyChanges([samr, ...copies].map((r) => ({ key: recordKey(r)!, provider: r.provider.code!, hash: contentHash(r), record: r, status: 'published', origin: LOCAL_ORIGIN, action: 'create', actor: 'seed' })));
    await store.setAuthority({ element: 'uscc', provider: SAMR.code, setBy: 'seed', setAt: '2024-01-01T00:00:00Z' });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cuts resources and keys to maxListed, keeping the exact counts (JSON and page)', async () => {
    const report = await sourcesReport(store, { maxListed: 2 });
    const uscc = report.elements.find((e) => e.element === 'uscc')!;
    const hrss = uscc.providers.find((p) => p.code === HRSS.code)!;
    expect(hrss.resources.map((r) => r.key)).toEqual(['301004/00001', '301004/00002']);
    expect(hrss.resourceCount).toBe(5);
    expect(uscc.providers.find((p) => p.code === SAMR.code)).not.toHaveProperty('resourceCount');
    expect(uscc.unattributed).toEqual([{ provider: HRSS.code, name: HRSS.name, keys: ['301004/00001', '301004/00002'], keyCount: 5 }]);
    expect(report.conflicts).toContainEqual({ kind: 'unattributed-copy', element: 'uscc', provider: HRSS.code, authority: SAMR.code, keys: ['301004/00001', '301004/00002'], keyCount: 5 });
    const html = renderSourcesPage(report, 'en');
    expect(html).not.toContain('参保单位信息 3');
    expect(html).toContain('… 5 in all');
    expect(renderSourcesPage(report, 'zh')).toContain('……共 5 个');
  });

  it('lists everything below the bound (default MAX_LISTED)', async () => {
    const uscc = (await sourcesReport(store)).elements.find((e) => e.element === 'uscc')!;
    expect(MAX_LISTED).toBeGreaterThanOrEqual(5);
    expect(uscc.providers.find((p) => p.code === HRSS.code)!.resources).toHaveLength(5);
    expect(uscc.unattributed[0]).not.toHaveProperty('keyCount');
  });
});
