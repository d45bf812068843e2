import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { planPublish } from '../../src/publish/plan.js';
import { collectInput } from '../../src/publish/collect.js';
import { contentHash } from '../../src/model/identity.js';
import { makeRecord, tempDir, writeJsonlFile } from './helpers.js';
import { tCode } from '../../src/i18n/t.js';

describe('publish plan and input', () => {
  it('splits items into added, changed, unchanged and withdrawals against the ledger', async () => {
    const dir = tempDir();
    const recs = [makeRecord(1), makeRecord(2), makeRecord(3)];
    const file = writeJsonlFile(path.join(dir, 'r.jsonl'), recs);
    const { items } = await collectInput([file]);
    const published = new Map([
      ['301002/00001', contentHash(recs[0] as any)],
      ['301002/00002', 'old-hash'],
      ['301002/00009', 'gone'],
    ]);
    const p = planPublish(items, published);
    expect(p.added.map((i) => i.key)).toEqual(['301002/00003']);
    expect(p.changed.map((i) => i.key)).toEqual(['301002/00002']);
    expect(p.unchanged.map((i) => i.key)).toEqual(['301002/00001']);
    expect(p.withdraw).toEqual([]);
    expect(planPublish(items, published, { withdrawMissing: true }).withdraw).toEqual(['301002/00009']);
  });

  it('keeps the source of each record and refuses records without a key or with a repeated key', async () => {
    const dir = tempDir();
    const withProv = makeRecord(4, { provenance: { file: 'dept.xlsx', sheet: '目录', row: 7 } });
    const file = writeJsonlFile(path.join(dir, 'r.jsonl'), [makeRecord(1), { title: 'no key', provider: { name: 'x' } }, makeRecord(1), withProv]);
    const c = await collectInput([file]);
    expect(c.items.map((i) => [i.key, i.source])).toEqual([
      ['301002/00001', { file, line: 1 }],
      ['301002/00004', { file: 'dept.xlsx', sheet: '目录', row: 7 }],
    ]);
    expect(c.items[1].record).not.toHaveProperty('provenance');
    expect(c.items[1].hash).toBe(contentHash(withProv as any));
    expect(c.refused).toEqual([
      { source: { file, line: 2 }, reasons: [expect.objectContaining({ code: 'publish-key-missing' })] },
      { key: '301002/00001', source: { file, line: 3 }, reasons: [expect.objectContaining({ code: 'publish-duplicate-key' })] },
    ]);
    // Worded at the edge from the reason's code and params: the first input that gave the key, with its line.
    const dup = c.refused[1].reasons[0].wording!;
    expect(tCode(dup.msg, 'en', dup.params)).toContain(`${file}:1`);
  });
});
