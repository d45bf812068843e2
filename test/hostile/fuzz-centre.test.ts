import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { fixture } from '../helpers/cli.js';
import { cli, tmpDir, serveCentre, type ServedCentre } from './helpers.js';
import { CASE_LIMIT_MS, FUZZ_RUNS, FUZZ_SEED, mutation } from './fuzz.js';

/**
 * The centre's endpoints fuzzed through HTTP only (so the test holds whatever the server's internals become): every
 * request is answered within a bound with a documented status (docs/centre-api.md), never 500 for bad input, never a
 * stack trace in the body; the centre stays up and its memory bounded. Run long with CATALOG_FUZZ_RUNS (fuzz.ts).
 */
const DOCUMENTED = [200, 201, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 503];
const PROVIDER = '11330100002482170H';
const RECORDS = fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
let dir: string, token: string, centre: ServedCentre, pkg: Uint8Array;

beforeAll(async () => {
  dir = tmpDir('catalog-fuzz-centre-');
  const db = path.join(dir, 'c.sqlite');
  const r = await cli(['centre', 'token', 'create', '--db', db, '--provider', PROVIDER]);
  expect(r.code, r.stderr).toBe(0);
  token = r.stdout.trim().split('\n').pop()!.trim();
  const p = await cli(['pack', fixture('records', 'valid-guide2017.jsonl'), '-o', path.join(dir, 'p.zip')]);
  expect(p.code, p.stderr).toBe(0);
  pkg = new Uint8Array(fs.readFileSync(path.join(dir, 'p.zip')));
  centre = await serveCentre(db);
}, 120_000);
afterAll(async () => {
  await centre?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Statuses outside the documented set (500 included), with what was sent. */
const surprises: string[] = [];

async function send(label: string, pathAndQuery: string, init: RequestInit = {}): Promise<number> {
  const res = await fetch(centre.url + pathAndQuery, { ...init, signal: AbortSignal.timeout(CASE_LIMIT_MS) });
  const body = await res.text();
  if (!DOCUMENTED.includes(res.status)) surprises.push(`${res.status} ${label} ${pathAndQuery.slice(0, 200)}: ${body.slice(0, 300)}`);
  expect(body, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  return res.status;
}
const authed = (type: string, body: string | Uint8Array): RequestInit => ({ method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: typeof body === 'string' ? body : Buffer.from(body) });

/** Odd JSON values: nesting, wrong types, prototype keys, huge numbers, long and odd strings. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(true, 1e308, -0, '', '\u0000', '{"toString":1}', '__proto__', 'constructor', '长'.repeat(5000), '2024-02-30', '../../etc/passwd'),
  fc.integer({ min: 1, max: 1000 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown),
);
const recordKeys = fc.constantFrom(...new Set(RECORDS.flatMap((r) => Object.keys(r))), '__proto__', 'toString', 'extensions', 'provenance');
const weirdRecord = fc.tuple(fc.constantFrom(...RECORDS), fc.dictionary(recordKeys, oddValue, { maxKeys: 4 })).map(([r, patch]) => ({ ...r, ...patch }));
const recordsBody = fc.oneof(
  fc.json({ maxDepth: 5 }),
  fc.array(weirdRecord, { maxLength: 3 }).map((records) => JSON.stringify({ records })),
  fc.tuple(oddValue, oddValue).map(([records, batchId]) => JSON.stringify({ records, batchId })),
  mutation(new TextEncoder().encode(JSON.stringify({ records: RECORDS.slice(0, 2) }))).map((m) => m.bytes),
  fc.integer({ min: 1, max: 100_000 }).map((n) => '{"records":' + '['.repeat(n) + ']'.repeat(n) + '}'),
);

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '0', '-1', '1e9', 'NaN', '9'.repeat(30), '2024-13-45', '%', '\u0000', "' OR 1=1 --", '*', '..', '长'.repeat(300)));
const searchQuery = fc.dictionary(fc.constantFrom('q', 'class', 'provider', 'shareType', 'updatedFrom', 'updatedTo', 'page', 'pageSize', 'format', 'x'), text, { maxKeys: 6 });
const oaiQuery = fc.record({
  verb: fc.oneof(fc.constantFrom('Identify', 'ListRecords', 'ListIdentifiers', 'GetRecord', 'ListSets', 'ListMetadataFormats'), text),
  args: fc.dictionary(fc.constantFrom('metadataPrefix', 'from', 'until', 'set', 'resumptionToken', 'identifier', 'verb', 'x'), fc.oneof(text, fc.constantFrom('oai_dc', 'gbt21063', 'catalog', '2000-01-01', '2000-01-01T00:00:00Z')), { maxKeys: 4 }),
});
const qs = (o: Record<string, string>) => new URLSearchParams(Object.entries(o)).toString();

describe('fuzz: the centre answers every request with a documented status', () => {
  const opts = { numRuns: FUZZ_RUNS * 3, seed: FUZZ_SEED, endOnFailure: true };

  it('POST /api/v1/records', async () => {
    await fc.assert(fc.asyncProperty(recordsBody, async (body) => {
      await send('records', '/api/v1/records', authed('application/json', body));
    }), opts);
  }, 600_000);

  it('POST /api/v1/packages (mutated real package)', async () => {
    await fc.assert(fc.asyncProperty(mutation(pkg), async ({ label, bytes }) => {
      await send(`package ${label}`, '/api/v1/packages', authed('application/zip', bytes));
    }), opts);
  }, 600_000);

  it('GET /api/v1/records search parameters and record keys', async () => {
    await fc.assert(fc.asyncProperty(searchQuery, text, async (q, key) => {
      await send('search', `/api/v1/records?${qs(q)}`);
      await send('record', `/api/v1/records/${encodeURIComponent(key)}`);
      await send('history', `/api/v1/records/${encodeURIComponent(key)}/history`);
    }), opts);
  }, 600_000);

  it('OAI-PMH verbs and arguments, GET and POST', async () => {
    await fc.assert(fc.asyncProperty(oaiQuery, fc.boolean(), async ({ verb, args }, viaPost) => {
      const query = qs({ verb, ...args });
      if (viaPost) await send('oai POST', '/oai', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: query });
      else await send('oai', `/oai?${query}`);
    }), opts);
  }, 600_000);

  it('afterwards: still up, memory bounded, and no undocumented status (500 included)', async () => {
    const health = await fetch(centre.url + '/health', { signal: AbortSignal.timeout(CASE_LIMIT_MS) });
    expect(health.status).toBe(200);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${centre.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    expect(rss, `centre RSS ${rss} MB`).toBeLessThan(1024);
    expect(surprises).toEqual([]);
  });
});
