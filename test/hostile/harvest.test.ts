import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SqliteStore } from '../../src/centre/sqlite-store.js';
import { cli, tmpDir, isRefusal } from './helpers.js';
import { startHostileSource, startBlackhole, sourceRecords, type Misbehaviour } from './oai-source.js';

/**
 * `catalog centre harvest` (the real CLI, a real SQLite centre database) against a hostile OAI-PMH source on
 * loopback: every misbehaviour ends with exit 3, one line on stderr, no stack trace, and nothing of the
 * failing page stored. The hard kill in cli() only turns a hang into a failure; no timing is asserted.
 */

let dir: string;
let n = 0;
beforeAll(() => { dir = tmpDir('catalog-harvest-'); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const newDb = () => path.join(dir, `c${++n}.sqlite`);
const harvestCli = (url: string, db: string, extra: string[] = []) => cli(['centre', 'harvest', url, '--db', db, '--format', 'json', ...extra], { timeoutMs: 240_000 });
async function withStore<T>(db: string, fn: (s: SqliteStore) => Promise<T>): Promise<T> {
  const s = new SqliteStore(db);
  try { return await fn(s); } finally { await s.close(); }
}

/** Refused with exit 3 and exactly one line, matching `message`; no control characters reach the terminal. */
function expectRefusal(r: Awaited<ReturnType<typeof cli>>, message: RegExp): void {
  expect(r.timedOut).toBe(false);
  expect(isRefusal(r, 3), r.stderr).toBe(true);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^catalog: harvest failed: /);
  expect(lines[0]).toMatch(message);
  // eslint-disable-next-line no-control-regex
  expect(lines[0]).not.toMatch(/[\u0000-\u001f\u007f]/);
  expect(r.stdout).toBe('');
}

/** Misbehaviour, flags, the message, records stored (the good pages before the bad one). */
const cases: [Misbehaviour, string[], RegExp, number?][] = [
  ['repeat-token', [], /gave the resumption token "p1" again \(page 2\)/, 2],
  ['same-page', [], /page 2 of .* does not advance the list \(the same records as an earlier page\)/, 2],
  ['empty-pages', [], /page 1 of .* does not advance the list \(no records, yet a resumption token\)/],
  ['stuck-cursor', [], /does not advance the list \(its cursor did not increase\)/, 2],
  ['endless-records', ['--max-records', '7'], /sent more than 7 records \(--max-records\)/, 6],
  ['deep', [], /line \d+: XML elements nested more than 256 levels deep/],
  ['endless', ['--max-response', '1000000'], /exceeds the limit of 1000000 bytes \(--max-response\)/],
  ['huge-length', [], /exceeds the limit of 67108864 bytes/],
  ['silent', ['--read-timeout', '1'], /did not send its whole answer within 1 s \(--read-timeout\)/],
  ['silent-body', ['--read-timeout', '1'], /did not send its whole answer within 1 s/],
  ['trickle', ['--read-timeout', '1.5'], /did not send its whole answer within 1.5 s/],
  ['short-length', [], /is incomplete \(the connection closed early, or its length differs from its Content-Length\)/],
  ['long-length', [], /is not valid HTTP: Parse Error: Data after `Connection: close`/],
  ['http-500', [], /answered HTTP 500/],
  ['http-503', [], /answered HTTP 503/],
  ['html', [], /is not XML \(Content-Type: text\/html; charset=utf-8\)/],
  ['gzip', [], /a content encoding that was not asked for: gzip/],
  ['bad-charset', [], /is not valid utf-8 text/],
  ['redirect-loop', [], /redirected more than 5 times/],
  ['malformed', [], /is not well-formed XML: /],
  ['not-oai', [], /is not an OAI-PMH ListRecords answer/],
  ['entities', [], /line 1: the XML declares entities \(<!ENTITY>\); refused for safety/],
  ['oai-error', [], /OAI-PMH error badArgument: line one line two evil x+…$/],
  ['bad-json', [], /record oai:catalog:302005\/00002 on page 1 of .* is invalid: cannot be read in the catalog format \(.*\); nothing of that page was stored/],
  ['huge-field', [], /record oai:catalog:302005\/00002 .* is invalid: it exceeds the record limit field-too-long at \/abstract \(limit 65536/],
  ['hash-mismatch', [], /record oai:catalog:302005\/00002 .* is invalid: its content hash [0-9a-f]{64} differs from the source's sha256:0000/],
  ['key-mismatch', [], /is invalid: its declared key 301002\/00001 differs from the record's own key 302005\/00002/],
  ['bad-datestamp', [], /is invalid: datestamp "9999" is not YYYY-MM-DD/],
  ['duplicate', [], /record oai:catalog:302005\/00001 on page 1 .* is invalid: it occurs twice on the page/],
];

// generous bounds: they only turn a hang into a failure on a loaded machine; nothing here is a timing
describe.concurrent('harvest from a hostile OAI-PMH source: exit 3, one line, nothing stored', { timeout: 300_000 }, () => {
  for (const [misbehave, flags, message, stored = 0] of cases) {
    it(misbehave, async () => {
      const source = await startHostileSource({ misbehave });
      const db = newDb();
      try {
        const r = await harvestCli(source.url, db, flags);
        expectRefusal(r, message);
        await withStore(db, async (s) => {
          expect(await s.countRecords()).toBe(stored);
          expect(await s.getHarvestState(source.url)).toBeUndefined();
        });
      } finally {
        await source.close();
      }
    });
  }

  it('a source that never completes the TCP handshake ends at --connect-timeout', async () => {
    const hole = await startBlackhole();
    try {
      expectRefusal(await harvestCli(hole.url, newDb(), ['--connect-timeout', '1']), /no connection to http:\/\/127\.0\.0\.1:\d+\/oai\?verb=ListMetadataFormats within 1 s \(--connect-timeout\)/);
    } finally {
      hole.close();
    }
  });

  it('an endless answer ends at the default limit (64 MiB), not at the end of memory', async () => {
    const source = await startHostileSource({ misbehave: 'endless' });
    // the CLI's own peak resident set size, written by a preloaded exit hook (a bound, not a timing)
    const rssFile = path.join(dir, 'endless.maxrss');
    const hook = path.join(dir, 'maxrss-hook.cjs');
    fs.writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));`);
    try {
      // a long read timeout: on a loaded machine the size limit, not the clock, must be what ends it
      const r = await cli(['centre', 'harvest', source.url, '--db', newDb(), '--read-timeout', '200'], { timeoutMs: 240_000, env: { NODE_OPTIONS: `--require ${hook}` } });
      expectRefusal(r, /exceeds the limit of 67108864 bytes/);
      // maxRSS is in KiB; on main the same source took the harvest past 5 GB
      expect(Number(fs.readFileSync(rssFile, 'utf8')) * 1024).toBeLessThan(512 * 1024 * 1024);
    } finally {
      await source.close();
    }
  });

  it('says it in Chinese with --lang zh', async () => {
    const source = await startHostileSource({ misbehave: 'repeat-token' });
    try {
      const r = await cli(['centre', 'harvest', source.url, '--db', newDb(), '--lang', 'zh'], { timeoutMs: 240_000 });
      expect(isRefusal(r, 3)).toBe(true);
      expect(r.stderr.trim()).toMatch(/^catalog: 收割失败：.*再次给出已用过的续传令牌“p1”（第 2 页），收割不会结束，已停止$/);
    } finally {
      await source.close();
    }
  });

  it('bad limit flags are usage errors (exit 2)', async () => {
    for (const flags of [['--max-response', '0'], ['--connect-timeout', 'soon'], ['--read-timeout', '-1'], ['--max-records', '1.5']]) {
      const r = await cli(['centre', 'harvest', 'http://127.0.0.1:9', '--db', newDb(), ...flags], { timeoutMs: 240_000 });
      expect(isRefusal(r, 2), `${flags.join(' ')}: ${r.stderr}`).toBe(true);
      expect(r.stderr).toContain(flags[0]);
    }
  });
});

describe('a harvest that fails half-way stores whole pages only, keeps its state, and resumes without duplicates', { timeout: 300_000 }, () => {
  const misbehaviours: Misbehaviour[] = ['bad-json', 'malformed', 'repeat-token', 'silent'];
  for (const misbehave of misbehaviours) {
    it(`page 2 ${misbehave}`, async () => {
      // 5 records, 2 a page: page 1 good, page 2 (records 3 and 4, the first of them valid) misbehaves
      const source = await startHostileSource({ records: sourceRecords(5), misbehave, fromPage: 2 });
      const db = newDb();
      const keys = source.records.map((r) => r.key);
      try {
        const failed = await harvestCli(source.url, db, ['--read-timeout', '5']);
        expect(failed.code, failed.stderr).toBe(3);
        await withStore(db, async (s) => {
          expect([...(await s.getRecords(keys)).keys()].sort()).toEqual(keys.slice(0, 2));
          expect(await s.getHarvestState(source.url)).toBeUndefined();
        });
        source.misbehave = 'none';
        const again = await harvestCli(source.url, db);
        expect(again.code, again.stderr).toBe(0);
        const result = JSON.parse(again.stdout);
        expect(result).toMatchObject({ received: 5, unchanged: 2, updated: [], withdrawn: [], skipped: [] });
        expect(result.created.sort()).toEqual(keys.slice(2));
        await withStore(db, async (s) => {
          expect(await s.countRecords()).toBe(5);
          for (const k of keys) expect((await s.history(k)).map((h) => h.action)).toEqual(['harvest']);
          expect(await s.getHarvestState(source.url)).toMatchObject({ lastDatestamp: source.records[4].datestamp });
        });
      } finally {
        await source.close();
      }
    });
  }
});
