import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { harvestInTree } from '../../src/centre/tree/harvest.js';
import { listMembers } from '../../src/centre/tree/members.js';
import { treeStoreOf } from '../../src/centre/tree/store.js';
import { storedRunError } from '../../src/centre/tree/run-error.js';
import { HarvestError } from '../../src/centre/harvest-error.js';
import { startForeignVendor, vendorRecords, type ForeignVendor } from '../hostile/foreign-vendor.js';
import { runCliAsync } from './helpers.js';

/**
 * `catalog centre source add` with a source URL that needs its query string (another vendor's provider: a set,
 * a tenant): the URL is stored with it, and the scheduled harvest (harvestInTree, as src/centre/schedule.ts runs
 * it) asks with it and counts the records under the stored URL. Real SQLite database, provider on loopback.
 */
describe('harvest sources with a query string', () => {
  let dir: string;
  let vendor: ForeignVendor;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-tree-sources-'));
    vendor = await startForeignVendor();
    vendor.records = vendorRecords(8);
  });
  afterAll(async () => {
    await vendor?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('source add keeps ?set=…; the harvest takes only that set and the member list counts it', async () => {
    const db = path.join(dir, 'city.sqlite');
    const add = await runCliAsync(['centre', 'source', 'add', `${vendor.url}/oai?set=dept:health&tenant=city`, '--db', db, '--format', 'json']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const stored = JSON.parse(add.stdout).url as string;
    expect(stored).toBe(`${vendor.url}?set=dept:health&tenant=city`);

    const store = new SqliteStore(db);
    try {
      vendor.requests.length = 0;
      const r = await harvestInTree(store, stored, ['http://city.example']);
      expect(r.received).toBe(4);
      expect(vendor.requests).toContain('/oai?tenant=city&verb=ListRecords&metadataPrefix=oai_dc&set=dept%3Ahealth');
      const [member] = await listMembers(store, false);
      expect(member).toMatchObject({ url: stored, records: 4 });
    } finally {
      await store.close();
    }
  });

  it('source add refuses an OAI-PMH argument only the harvest sets (exit 2), instead of failing every run', async () => {
    const r = await runCliAsync(['centre', 'source', 'add', `${vendor.url}/oai?verb=ListRecords&metadataPrefix=oai_dc`, '--db', path.join(dir, 'other.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('verb');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a failed scheduled run is kept as code + params and worded by source list in the language asked', async () => {
    const db = path.join(dir, 'failed.sqlite');
    const url = `${vendor.url}?set=none`;
    expect((await runCliAsync(['centre', 'source', 'add', url, '--db', db])).code).toBe(0);
    const store = new SqliteStore(db);
    try {
      // as src/centre/schedule.ts records a run that failed
      const now = new Date().toISOString();
      await (await treeStoreOf(store)).noteRun({ source: url, started: now, finished: now, ok: false, error: storedRunError(new HarvestError('harvest-http', { url, status: 503 })), received: 0, created: 0, updated: 0, withdrawn: 0, runner: 'test' });
      const [member] = await listMembers(store, true);
      expect(JSON.parse(member.lastError!.message)).toEqual({ code: 'harvest-http', params: { url, status: 503 } });
    } finally {
      await store.close();
    }
    const en = await runCliAsync(['centre', 'source', 'list', '--db', db]);
    expect(en.stdout).toContain(`${url} answered HTTP 503`);
    const zh = await runCliAsync(['centre', 'source', 'list', '--db', db, '--lang', 'zh']);
    expect(zh.stdout).toContain(`${url} 返回 HTTP 503`);
  });
});
