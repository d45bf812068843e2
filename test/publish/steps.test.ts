import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startTestCentre, type TestCentre } from '../centre/helpers.js';
import { makeRecord, tempDir, writeJsonlFile } from './helpers.js';
import { collectInput } from '../../src/publish/collect.js';
import { centreTarget } from '../../src/publish/centre.js';
import { planRun } from '../../src/publish/plan.js';
import { packageLedgerId } from '../../src/publish/ledger.js';
import { uploadPackage } from '../../src/publish/upload.js';
import { batchesOf, sendBatch } from '../../src/publish/batches.js';
import { withdrawKey } from '../../src/publish/withdraw.js';
import { packRecords } from '../../src/package/pack.js';
import type { CatalogRecord } from '../../src/model/record.js';

/** Each publish step alone against a real in-process centre on 127.0.0.1 (issue 18: publish() split). */
const PROVIDER = '11330100002482170H';
const OTHER = '12330100MB0000000K';
const ctx = { retry: { retries: 0 } };

describe('publish steps, each alone, against a real centre', () => {
  const running: TestCentre[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });
  const setup = async () => {
    const c = await startTestCentre([PROVIDER, OTHER]);
    running.push(c);
    const dir = tempDir('catalog-steps-');
    const records = [1, 2, 3].map((i) => makeRecord(i)) as unknown as CatalogRecord[];
    const jsonl = writeJsonlFile(path.join(dir, 'r.jsonl'), records);
    const pkgFile = path.join(dir, 'r.catpkg.zip');
    fs.writeFileSync(pkgFile, packRecords(records, { created: '2024-03-01T00:00:00Z' }));
    const target = (provider: string) => centreTarget({ url: c.centre.url, token: c.tokens[provider], acceptLanguage: 'en' });
    return { c, jsonl, pkgFile, target };
  };

  it('planRun decides routes without sending: whole package, --unpack as records, ledgered package not at all', async () => {
    const { pkgFile, target } = await setup();
    const input = await collectInput([pkgFile]);
    const base = { target: target(PROVIDER), items: input.items, published: new Map<string, string>(), ledgerPackages: new Set<string>(), packages: input.packages };
    const whole = planRun(base);
    expect(whole.uploads).toHaveLength(1);
    expect(whole.batched).toEqual([]);
    const unpacked = planRun({ ...base, unpack: true });
    expect(unpacked.uploads).toEqual([]);
    expect(unpacked.batched.map((i) => i.key)).toEqual(['301002/00001', '301002/00002', '301002/00003']);
    expect(unpacked.outcomes[0]).toMatchObject({ via: 'records', fallback: { code: 'unpack' } });
    const pkg = input.packages[0];
    const ledgered = planRun({ ...base, published: new Map(input.items.map((i) => [i.key, i.hash])), ledgerPackages: new Set([packageLedgerId(pkg.packageId, pkg.hash)]) });
    expect(ledgered.outcomes[0].via).toBe('none');
    expect([ledgered.uploads, ledgered.batched, ledgered.deleteKeys]).toEqual([[], [], []]);
  });

  it('uploadPackage: taken with a per-record answer; another provider\'s token gets it refused', async () => {
    const { pkgFile, target } = await setup();
    const { packages } = await collectInput([pkgFile]);
    const refused = await uploadPackage(target(OTHER), packages[0], ctx);
    expect(refused.kind).toBe('refused');
    const taken = await uploadPackage(target(PROVIDER), packages[0], ctx);
    expect(taken.kind).toBe('taken');
    if (taken.kind === 'taken') expect(taken.answer.accepted.map((a) => a.key)).toEqual(['301002/00001', '301002/00002', '301002/00003']);
  });

  it('sendBatch: answered per record, carrying the profile; withdrawKey: withdrawn, and again (idempotent)', async () => {
    const { c, jsonl, target } = await setup();
    const { items } = await collectInput([jsonl], { profile: 'guide2017' });
    const [batch] = batchesOf(items, 10);
    const sent = await sendBatch(target(PROVIDER), batch, ctx);
    expect(sent.kind).toBe('answered');
    if (sent.kind === 'answered') expect(sent.answer.accepted).toHaveLength(3);
    const again = await sendBatch(target(PROVIDER), batch, ctx);
    if (again.kind === 'answered') expect(again.answer.unchanged).toHaveLength(3);
    expect(again.kind).toBe('answered');
    const gbt = await sendBatch(target(PROVIDER), batch.map((it) => ({ ...it, profile: 'gbt21063-3' })), ctx);
    expect(gbt.kind).toBe('answered');
    if (gbt.kind === 'answered') expect(gbt.answer.rejected.length).toBeGreaterThan(0);
    expect(await withdrawKey(target(PROVIDER), '301002/00001', ctx)).toEqual({ kind: 'withdrawn' });
    expect(await withdrawKey(target(PROVIDER), '301002/00001', ctx)).toEqual({ kind: 'withdrawn' });
    expect((await c.store.getRecord('301002/00001'))!.status).toBe('withdrawn');
    const other = await withdrawKey(target(OTHER), '301002/00002', ctx);
    expect(other.kind).toBe('refused');
  });

  it('batchesOf keeps one profile per batch', () => {
    const it = (key: string, profile: string) => ({ key, profile }) as any;
    expect(batchesOf([it('a', 'p'), it('b', 'q'), it('c', 'p')], 5).map((b) => b.map((x) => x.key))).toEqual([['a', 'c'], ['b']]);
  });
});
