import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestCentre, call, type TestCentre } from './helpers.js';
import { recordOfB, PROVIDER_B } from './fixtures.js';

/**
 * Our centre harvested by an independent OAI-PMH client: Debian's libhttp-oai-perl (HTTP::OAI, its oai_pmh command;
 * .ci/run installs it). It pages through resumption tokens on its own and parses every answer; what it prints is
 * compared with what the centre holds.
 */

const run = promisify(execFile);
const CLIENT = '/usr/bin/oai_pmh';

describe('an independent OAI-PMH client (HTTP::OAI oai_pmh) harvests our centre', () => {
  let c: TestCentre;
  const N = 7;
  beforeAll(async () => {
    c = await startTestCentre([PROVIDER_B], { oaiPageSize: 2 });
    const records = Array.from({ length: N }, (_, i) => recordOfB(i + 1, `道路运输许可 第${i + 1}号`));
    expect((await call(c.centre.url, 'POST', '/api/v1/records', { token: c.tokens[PROVIDER_B], json: { records } })).status).toBe(200);
  });
  afterAll(() => c?.stop());

  const harvestWith = async (prefix: string, extra: string[] = []) => {
    const { stdout } = await run(CLIENT, ['--metadataPrefix', prefix, ...extra, `${c.centre.url}/oai`], { maxBuffer: 16 * 1024 * 1024 });
    // one record per form feed: its header as "name: value" lines, a blank line, then its <metadata> XML
    return stdout.split('\f').filter((r) => r.trim());
  };

  it('ListRecords in oai_dc, gbt21063 and catalog through resumption tokens: every record once', async () => {
    for (const prefix of ['oai_dc', 'gbt21063', 'catalog']) {
      const recs = await harvestWith(prefix);
      expect(recs, prefix).toHaveLength(N);
      const ids = recs.map((r) => /^identifier: (.+)$/m.exec(r)?.[1]);
      expect(new Set(ids).size).toBe(N);
      expect(ids).toContain('oai:catalog:302005/00001');
    }
    const dc = (await harvestWith('oai_dc')).join('');
    for (let i = 1; i <= N; i++) expect(dc).toContain(`道路运输许可 第${i}号`);
  });

  it('a set and a withdrawal: the client sees the deleted header', async () => {
    expect((await call(c.centre.url, 'DELETE', '/api/v1/records/302005%2F00003', { token: c.tokens[PROVIDER_B] })).status).toBe(200);
    const recs = await harvestWith('oai_dc', ['--set', `provider:${PROVIDER_B}`]);
    expect(recs).toHaveLength(N);
    const deleted = recs.filter((r) => /^status: deleted$/m.test(r));
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toContain('oai:catalog:302005/00003');
  });
});
