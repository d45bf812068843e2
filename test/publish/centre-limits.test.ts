import { describe, it, expect, afterEach } from 'vitest';
import path from 'node:path';
import { makeRecord, runCliAsync, tempDir, writeJsonlFile } from './helpers.js';
import { createToken, startRealCentre, type RealCentre } from './real-centre.js';

/**
 * `catalog publish` against a real centre with limits (docs/security.md#limits): a package holding one record
 * over --max-field is refused 413 before verification; the publisher sends its records as batches, where only
 * that record is rejected, with the centre's reason naming the limit.
 */
const PROVIDER = '11330100002482170H';

describe('catalog publish → centre limits', () => {
  const running: RealCentre[] = [];
  afterEach(async () => { await Promise.all(running.splice(0).map((c) => c.stop())); });

  it('a package with one field over --max-field: 413 package-record-limit, then batches; only that record is rejected', async () => {
    const dir = tempDir('catalog-limits-');
    const centre = await startRealCentre(dir, { args: ['--max-field', '1000'] });
    running.push(centre);
    const token = await createToken(centre.db, PROVIDER);
    const records = Array.from({ length: 10 }, (_, i) => makeRecord(i + 1, i === 3 ? { abstract: '长'.repeat(1001) } : {}));
    const src = writeJsonlFile(path.join(dir, 'r.jsonl'), records);
    const pkg = path.join(dir, 'r.catpkg.zip');
    expect((await runCliAsync(['pack', src, '-o', pkg, '--created', '2024-03-01T00:00:00Z'], { cwd: dir })).code).toBe(0);
    const r = await runCliAsync(['publish', pkg, '--centre', centre.url, '-f', 'json', '--lang', 'en'], { cwd: dir, env: { CATALOG_TOKEN: token } });
    const j = JSON.parse(r.stdout);
    expect(j.packages).toEqual([expect.objectContaining({ via: 'records', fallback: expect.objectContaining({ code: 'body-too-large', message: expect.stringMatching(/line 4 \(301002\/00004\).*--max-field/) }) })]);
    expect(j.accepted).toHaveLength(9);
    expect(j.rejected).toEqual([expect.objectContaining({ key: '301002/00004', reasons: [expect.objectContaining({ code: 'field-too-long', message: expect.stringMatching(/--max-field/) })] })]);
    expect(r.code).not.toBe(0);
    expect((await centre.json('/health')).records).toBe(9);
  }, 120_000);
});
