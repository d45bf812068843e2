import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { call, keyPath, runCliAsync, serve } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';
import { validateOai } from './oai-validate.js';
import type { CatalogRecord } from '../../src/model/record.js';

/**
 * Issue 19, "done when": a three-tier tree on loopback — a province, a city and two districts, each a real
 * `catalog centre serve` process with its own SQLite database. The districts register records, the city joins the
 * province and the districts join the city (centre tokens), and every parent harvests its members each INTERVAL.
 * Waits poll with deadlines derived from the interval (never fixed sleeps).
 */
const INTERVAL_S = 1;
const INTERVAL_MS = INTERVAL_S * 1000;
/**
 * A change crosses two tiers (district → city → province); each tier harvests within one interval (+ a quarter
 * for the scheduler's tick), so two intervals per tier; the grace covers a harvest's own run time and process
 * start-up on a loaded test machine.
 */
const PROPAGATION_MS = 2 * 2 * INTERVAL_MS + 20_000;

interface Node { name: string; db: string; url: string; proc: ReturnType<typeof serve>; args: string[] }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-'));
const nodes: Record<string, Node> = {};
const tokens: Record<string, string> = {};

const d1Record = (): CatalogRecord => guideRecords()[0];
const d1Second = (): CatalogRecord => guideRecords()[1];
const d2Record = (n: number): CatalogRecord => recordOfB(n);

function tokenOf(db: string, args: string[]): string {
  const r = runCli(['centre', 'token', 'create', '--db', db, ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).token;
}

async function start(name: string, level: string, division: string, port = 0): Promise<Node> {
  const db = path.join(dir, `${name}.sqlite`);
  const args = ['--db', db, '--name', name, '--level', level, '--division', division, '--harvest-every', `${INTERVAL_S}s`, '--no-access-log'];
  const proc = serve(port ? [...args, '--port', String(port)] : args);
  const url = await proc.url;
  nodes[name] = { name, db, url, proc, args };
  return nodes[name];
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const recordAt = async (node: Node, key: string) => (await call(node.url, 'GET', keyPath(key))).json;

describe('a three-tier tree of centres (province → city → two districts)', () => {
  beforeAll(async () => {
    tokens.province = tokenOf(path.join(dir, 'province.sqlite'), ['--centre']);
    tokens.city = tokenOf(path.join(dir, 'city.sqlite'), ['--centre']);
    tokens.cityDept = tokenOf(path.join(dir, 'city.sqlite'), ['--provider', PROVIDER_A]);
    tokens.west = tokenOf(path.join(dir, 'west.sqlite'), ['--provider', PROVIDER_A]);
    tokens.upper = tokenOf(path.join(dir, 'upper.sqlite'), ['--provider', PROVIDER_B]);
    await Promise.all([
      start('province', 'province', '330000'), start('city', '市', '330100'),
      start('west', 'county', '330106'), start('upper', '区县', '330102'),
    ]);
    // the districts register (publish) their departments' records
    expect((await call(nodes.west.url, 'POST', '/api/v1/records', { token: tokens.west, json: { records: [d1Record(), d1Second()] } })).status).toBe(200);
    expect((await call(nodes.upper.url, 'POST', '/api/v1/records', { token: tokens.upper, json: { records: [d2Record(1)] } })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    for (const n of Object.values(nodes)) {
      if (n.proc.child.exitCode === null) n.proc.child.kill('SIGTERM');
      await n.proc.exited.catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each centre describes itself (API and OAI-PMH Identify, schema-valid)', async () => {
    const d = (await call(nodes.city.url, 'GET', '/api/v1/centre')).json;
    expect(d).toMatchObject({ name: 'city', level: { code: 'city', zh: '市' }, division: { code: '330100', name: '杭州市' }, endpoints: { oai: `${nodes.city.url}/oai` } });
    const west = (await call(nodes.west.url, 'GET', '/api/v1/centre')).json;
    expect(west.lastChange).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(west).toMatchObject({ level: { code: 'county' }, division: { name: '西湖区' }, records: 2, providers: 1 });
    const identify = (await call(nodes.west.url, 'GET', '/oai?verb=Identify')).text;
    expect(identify).toContain('<centre xmlns="urn:x-catalog:centre:1">');
    expect(identify).toContain('<division>330106</division>');
    const v = await validateOai(identify);
    expect(v.valid, v.errors.join('\n')).toBe(true);
  });

  it('refuses a department token as a centre, and a join that would loop or break the levels', async () => {
    const dept = await runCliAsync(['centre', 'join', nodes.city.url, '--db', nodes.west.db, '--token', tokens.cityDept]);
    expect(dept.code, dept.stderr).toBe(1);
    expect(dept.stderr).toContain('centre token');
    // the province cannot join its own (future) child as a member: level not below
    const up = await runCliAsync(['centre', 'join', nodes.west.url, '--db', nodes.province.db, '--token', 'cat_nothing']);
    expect(up.code).toBe(1);
  });

  it('joins: the city joins the province, the districts join the city', async () => {
    const city = await runCliAsync(['centre', 'join', nodes.province.url, '--db', nodes.city.db, '--token', tokens.province]);
    expect(city.code, city.stderr).toBe(0);
    expect(city.stdout).toContain('joined the parent centre');
    for (const n of ['west', 'upper']) {
      const r = await runCliAsync(['centre', 'join', nodes.city.url, '--db', nodes[n].db, '--token', tokens.city, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).ancestors.map((a: { url: string }) => a.url)).toEqual([nodes.city.url, nodes.province.url]);
    }
    const members = (await call(nodes.city.url, 'GET', '/api/v1/centres')).json.items;
    expect(members.map((m: { name: string }) => m.name).sort()).toEqual(['upper', 'west']);
    expect((await call(nodes.west.url, 'GET', '/api/v1/centre')).json.parent).toBe(nodes.city.url);
    // the city may not now take its own parent as a member: a loop
    const loop = await call(nodes.city.url, 'POST', '/api/v1/centres', { token: tokens.city, json: { url: nodes.province.url } });
    expect(loop.status).toBe(409);
    expect(loop.json.error.code).toBe('join-loop');
  }, 60_000);

  it('a search at the province finds a district record, with its origin chain', async () => {
    const key = d1Record().resourceCode!;
    const found = await until('the district record at the province', PROPAGATION_MS, async () => {
      const r = await call(nodes.province.url, 'GET', `/api/v1/records?q=${encodeURIComponent(d1Record().title)}`);
      return r.json.items.find((i: { key: string }) => i.key === key);
    });
    expect(found.origin).toBe(nodes.west.url);
    const rec = await recordAt(nodes.province, key);
    expect(rec.originChain).toEqual([nodes.west.url, nodes.city.url]);
    const oai = (await call(nodes.province.url, 'GET', `/oai?verb=GetRecord&metadataPrefix=catalog&identifier=${encodeURIComponent(`oai:catalog:${key}`)}`)).text;
    expect(oai).toContain(`chain="${nodes.west.url} ${nodes.city.url}"`);
    const v = await validateOai(oai);
    expect(v.valid, v.errors.join('\n')).toBe(true);
  }, PROPAGATION_MS + 10_000);

  it('catalog locate at the province names the district centre and the department', async () => {
    const code = d1Record().resourceCode!;
    const json = await runCliAsync(['locate', code, '--centre', nodes.province.url, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const a = JSON.parse(json.stdout);
    expect(a.origin).toMatchObject({ url: nodes.west.url, name: 'west', level: { code: 'county' }, division: '330106', status: 'published', reachable: true });
    expect(a.origin.recordUrl).toBe(`${nodes.west.url}${keyPath(code)}`);
    expect(a.provider).toEqual({ code: PROVIDER_A, name: d1Record().provider.name });
    expect(a.holders.map((h: { url: string; role: string }) => [h.role, h.url])).toEqual([['origin', nodes.west.url], ['relay', nodes.city.url], ['here', nodes.province.url]]);
    expect(a.sharing.type).toBe(d1Record().sharing?.type);
    const zh = await runCliAsync(['locate', code, '--centre', nodes.province.url, '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('原始登记中心：west（区县）');
    expect(zh.stdout).toContain(`提供部门：${d1Record().provider.name}`);
    const missing = await runCliAsync(['locate', '999999/00000', '--centre', nodes.province.url]);
    expect(missing.code).toBe(1);
    const down = await runCliAsync(['locate', code, '--centre', 'http://127.0.0.1:9']);
    expect(down.code).toBe(3);
  }, 60_000);

  it('a withdrawal at a district disappears from the province within two harvest intervals per tier', async () => {
    const key = d1Second().resourceCode!;
    await until('the second district record at the province', PROPAGATION_MS, async () => ((await recordAt(nodes.province, key))?.status === 'published' ? true : undefined));
    expect((await call(nodes.west.url, 'DELETE', keyPath(key), { token: tokens.west })).status).toBe(200);
    const t0 = Date.now();
    await until('the withdrawal at the province', PROPAGATION_MS, async () => ((await recordAt(nodes.province, key))?.status === 'withdrawn' ? true : undefined));
    const search = await call(nodes.province.url, 'GET', `/api/v1/records?q=${encodeURIComponent(d1Second().title)}`);
    expect(search.json.items.map((i: { key: string }) => i.key)).not.toContain(key);
    expect(Date.now() - t0).toBeLessThan(PROPAGATION_MS);
  }, 2 * PROPAGATION_MS + 10_000);

  it('a district that goes down shows as unhealthy, and catches up when back, with no duplicates', async () => {
    const upper = nodes.upper;
    const port = Number(new URL(upper.url).port);
    await until('upper harvested by the city', PROPAGATION_MS, async () => {
      const m = (await call(nodes.city.url, 'GET', '/api/v1/centres')).json.items.find((i: { name: string }) => i.name === 'upper');
      return m?.health === 'ok' && m.records === 1 ? true : undefined;
    });
    upper.proc.child.kill('SIGTERM');
    await upper.proc.exited;
    const down = await until('upper unhealthy at the city', PROPAGATION_MS, async () => {
      const r = await call(nodes.city.url, 'GET', '/api/v1/centres', { token: tokens.city });
      const m = r.json.items.find((i: { name: string }) => i.name === 'upper');
      return m?.health === 'unhealthy' ? m : undefined;
    });
    expect(down.lastError.message).toContain(upper.url);
    // anonymous callers see the health, not the error text
    const anon = (await call(nodes.city.url, 'GET', '/api/v1/centres')).json.items.find((i: { name: string }) => i.name === 'upper');
    expect(anon).toMatchObject({ health: 'unhealthy' });
    expect(anon.lastError).toBeUndefined();
    // back on the same address, with a record registered meanwhile
    await start('upper', 'county', '330102', port);
    expect((await call(nodes.upper.url, 'POST', '/api/v1/records', { token: tokens.upper, json: { records: [d2Record(2)] } })).status).toBe(200);
    await until('the new record at the province', PROPAGATION_MS, async () => ((await recordAt(nodes.province, d2Record(2).resourceCode!))?.status === 'published' ? true : undefined));
    const back = (await call(nodes.city.url, 'GET', '/api/v1/centres')).json.items.find((i: { name: string }) => i.name === 'upper');
    expect(back).toMatchObject({ health: 'ok', records: 2, failures: 0 });
    // no duplicates: the record from before the outage was harvested once at each tier
    for (const n of [nodes.city, nodes.province]) {
      const h = (await call(n.url, 'GET', `${keyPath(d2Record(1).resourceCode!)}/history`)).json.items;
      expect(h.filter((x: { action: string }) => x.action === 'harvest')).toHaveLength(1);
    }
    const all = (await call(nodes.province.url, 'GET', '/api/v1/records?provider=' + PROVIDER_B)).json;
    expect(all.items.map((i: { key: string }) => i.key).sort()).toEqual([d2Record(1).resourceCode, d2Record(2).resourceCode]);
  }, 4 * PROPAGATION_MS);

  it('the member-centres page lists the members in both languages', async () => {
    const zh = (await call(nodes.city.url, 'GET', '/centres?lang=zh')).text;
    expect(zh).toContain('成员目录中心');
    expect(zh).toContain('west');
    expect(zh).toContain('330106');
    const en = (await call(nodes.city.url, 'GET', '/centres', { headers: { 'accept-language': 'en' } })).text;
    expect(en).toContain('Member centres');
    expect(en).toContain('county/district');
  });
});
