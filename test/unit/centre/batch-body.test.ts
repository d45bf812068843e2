import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readBatchEnvelope, parseBatchRecords } from '../../../src/centre/batch-body.js';
import { DEFAULT_LIMITS } from '../../../src/centre/limits.js';
import { CentreError } from '../../../src/centre/register.js';

/** The incremental batch reader must read exactly what JSON.parse reads, whatever the records hold. */
async function read(text: string, limits = DEFAULT_LIMITS) {
  const buf = Buffer.from(text);
  const { envelope, spans } = await readBatchEnvelope(buf, limits);
  const records = spans.length ? (await parseBatchRecords(buf, spans, limits)).map((r) => r.value) : (envelope as { records: unknown[] }).records;
  return { envelope, records };
}

describe('readBatchEnvelope + parseBatchRecords', () => {
  it('strings holding brackets, commas, quotes and escapes do not confuse the scan', async () => {
    const records = [{ title: 'a"],[{"x":1}' }, { title: '\\', abstract: '\\"]}' }, 5, 'records', null, [1, [2]], { records: [1] }];
    const body = { batchId: 'records', records, profile: 'guide2017' };
    const { envelope, records: got } = await read(JSON.stringify(body, null, 2));
    expect(got).toEqual(records);
    expect(envelope).toMatchObject({ batchId: 'records', profile: 'guide2017' });
  });

  it('agrees with JSON.parse on any batch', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 8 }), fc.string(), async (records, batchId) => {
      const text = JSON.stringify({ batchId, records });
      const { records: got } = await read(text);
      expect(got).toEqual(JSON.parse(text).records);
    }), { numRuns: 200 });
  });

  it('an empty batch, a missing array and malformed JSON', async () => {
    expect((await read('{"records": [ ]}')).records).toEqual([]);
    await expect(read('{"records": [1, 2')).rejects.toMatchObject({ status: 400, code: 'invalid-json' });
    await expect(read('{"records": [1 2]}')).rejects.toBeInstanceOf(CentreError);
    await expect(read('{"records": [1], "records": [2]}')).rejects.toMatchObject({ status: 400, code: 'invalid-body' });
  });

  it('counts records before parsing any (--max-batch) and leaves deep or large records unparsed', async () => {
    const limits = { ...DEFAULT_LIMITS, maxBatchRecords: 2, maxRecordBytes: 100 };
    await expect(read('{"records": [{}, {}, {"unparsed": ]}', limits)).rejects.toMatchObject({ status: 413, code: 'too-many-records' });
    const buf = Buffer.from(`{"records": [${'['.repeat(40)}${']'.repeat(40)}, "${'x'.repeat(200)}"]}`);
    const { spans } = await readBatchEnvelope(buf, limits);
    const got = await parseBatchRecords(buf, spans, limits);
    expect(got.map((r) => r.breach?.code)).toEqual(['record-too-deep', 'record-too-large']);
  });
});
