import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { listen, makeRecord, readBody, runCliAsync, sendJson, tempDir, writeJsonlFile, type TestServer } from './helpers.js';
import { toCkanPackage } from '../../src/publish/ckan.js';
import { ckanName } from '../../src/export/ckan.js';

/**
 * A loopback server answering as CKAN's Action API does (CKAN 2.10 docs, "API guide"), for the subset the
 * publisher uses:
 *   GET  /api/3/action/status_show            → 200 {success:true, result:{ckan_version}}
 *   GET  /api/3/action/package_show?id=       → 200 {success:true, result:pkg} | 404 {success:false, error:{__type:"Not Found Error"}}
 *   POST /api/3/action/package_create         → 200 {success:true, result:pkg} | 409 {success:false, error:{__type:"Validation Error", field:[msg]}}
 *   POST /api/3/action/package_patch          → 200 {success:true, result:pkg} (fields given replace the stored ones)
 *   POST /api/3/action/package_delete         → 200 {success:true, result:null} (state becomes "deleted")
 * Writes without a valid token (Authorization header, no "Bearer") → 403 {success:false, error:{__type:"Authorization Error"}}.
 * `brokenSuccess` makes writes answer HTTP 200 with success:false, as some proxies/plugins do.
 */
interface FakeCkan extends TestServer {
  packages: Map<string, any>;
  calls: string[];
  brokenSuccess: boolean;
}

const TOKEN = 'ckan-api-token-SECRET-0042';
const NAME_RE = /^[a-z0-9_-]{2,100}$/;

async function startCkan(): Promise<FakeCkan> {
  const state = { packages: new Map<string, any>(), calls: [] as string[], brokenSuccess: false };
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const action = url.pathname.replace(/^\/api\/3\/action\//, '');
    state.calls.push(action);
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
    const ok = (result: unknown) => sendJson(res, 200, { help: `${url.pathname}`, success: true, result });
    const fail = (status: number, error: Record<string, unknown>) => sendJson(res, status, { help: `${url.pathname}`, success: false, error });
    const find = (id: string) => state.packages.get(id) ?? [...state.packages.values()].find((p) => p.id === id);
    if (action === 'status_show') return ok({ ckan_version: '2.10.4', site_url: 'http://x' });
    if (action === 'package_show') {
      const p = find(url.searchParams.get('id') ?? '');
      return p ? ok(p) : fail(404, { __type: 'Not Found Error', message: 'Not found' });
    }
    if (req.method !== 'POST') return fail(400, { __type: 'Bad request', message: 'POST only' });
    if (req.headers.authorization !== TOKEN) return fail(403, { __type: 'Authorization Error', message: 'Access denied' });
    if (state.brokenSuccess) return sendJson(res, 200, { success: false, error: { __type: 'Internal Error', message: 'plugin failed' } });
    if (action === 'package_create') {
      const errors: Record<string, string[]> = {};
      if (!NAME_RE.test(body.name ?? '')) errors.name = ['Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_'];
      if (state.packages.has(body.name)) errors.name = ['That URL is already in use.'];
      if (!body.title) errors.title = ['Missing value'];
      if (!body.owner_org) errors.owner_org = ['Organization does not exist'];
      if (Object.keys(errors).length) return fail(409, { __type: 'Validation Error', ...errors });
      const p = { ...body, id: randomUUID(), state: 'active' };
      state.packages.set(body.name, p);
      return ok(p);
    }
    if (action === 'package_patch') {
      const p = find(body.id);
      if (!p) return fail(404, { __type: 'Not Found Error', message: 'Not found' });
      if ('title' in body && !body.title) return fail(409, { __type: 'Validation Error', title: ['Missing value'] });
      Object.assign(p, body, { id: p.id, name: p.name });
      return ok(p);
    }
    if (action === 'package_delete') {
      const p = find(body.id);
      if (!p) return fail(404, { __type: 'Not Found Error', message: 'Not found' });
      p.state = 'deleted';
      return ok(null);
    }
    return fail(400, { __type: 'Bad request', message: `Action name not known: ${action}` });
  });
  return Object.assign(state, srv);
}

describe('catalog publish --target ckan (loopback CKAN Action API)', () => {
  let ckan: FakeCkan;
  beforeAll(async () => {
    ckan = await startCkan();
  });
  afterAll(async () => {
    await ckan.close();
  });

  it('maps records to CKAN packages with valid names and the content hash in extras', () => {
    expect(ckanName('301002/00001')).toBe('301002-00001');
    expect(ckanName('资源/1')).toMatch(/^[a-z0-9_-]{2,100}$/);
    expect(ckanName('资源/1')).not.toBe(ckanName('资料/1'));
    const pkg = toCkanPackage(makeRecord(1, { keywords: ['企业', 'a'] }) as any, { key: '301002/00001', hash: 'h', org: 'dept' });
    // A one-character keyword is padded by CKAN's rule (munge_tag), never dropped; the original travels in extras.
    expect(pkg).toMatchObject({ name: '301002-00001', title: '测试信息资源 1', owner_org: 'dept', tags: [{ name: '企业' }, { name: 'a_' }] });
    expect(pkg.extras).toEqual(expect.arrayContaining([{ key: 'gbt21063_keywords', value: '["企业","a"]' }]));
    expect(pkg).not.toHaveProperty('organization');
    expect(pkg.extras).toEqual(expect.arrayContaining([{ key: 'catalog_content_hash', value: 'h' }, { key: 'guide2017_resource_code', value: '301002/00001' }]));
  });

  it('creates, leaves unchanged, patches changed and deletes withdrawn packages', async () => {
    const dir = tempDir();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(1), makeRecord(2), makeRecord(3, { keywords: ['税'] })]);
    const args = ['publish', file, '--target', 'ckan', '--ckan-url', ckan.url, '--ckan-org', 'dept', '-f', 'json'];
    const env = { CKAN_API_TOKEN: TOKEN };
    const r1 = await runCliAsync(args, { cwd: dir, env });
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.stdout).accepted).toHaveLength(3);
    expect(ckan.packages.size).toBe(3);
    expect(r1.stdout + r1.stderr).not.toContain(TOKEN);
    // the changed tag is told, the package still sent with CKAN's padded form
    expect(r1.stderr).toContain('warning ckan-tag-too-short: record "301002/00003": keyword "税" is shorter than the 2 characters a CKAN tag needs; tag "税_" sent');
    expect(ckan.packages.get('301002-00003').tags).toEqual([{ name: '税_' }]);

    // a lost ledger: package_show finds the same hash, so nothing is rewritten
    ckan.calls.length = 0;
    const lost = await runCliAsync([...args, '--ledger', path.join(dir, 'other-ledger.jsonl')], { cwd: dir, env });
    expect(JSON.parse(lost.stdout)).toMatchObject({ ok: true, unchanged: 3, accepted: [] });
    expect(ckan.calls.filter((c) => c !== 'package_show' && c !== 'status_show')).toEqual([]);

    writeJsonlFile(file, [makeRecord(1, { title: '改名后的资源' }), makeRecord(2)]);
    ckan.calls.length = 0;
    const r2 = await runCliAsync([...args, '--withdraw-missing'], { cwd: dir, env });
    expect(r2.code).toBe(0);
    const j2 = JSON.parse(r2.stdout);
    expect(j2).toMatchObject({ accepted: [{ key: '301002/00001', change: 'changed' }], unchanged: 1, withdrawn: ['301002/00003'] });
    expect(ckan.calls).toEqual(['status_show', 'package_show', 'package_patch', 'package_show', 'package_delete']);
    expect(ckan.packages.get('301002-00001').title).toBe('改名后的资源');
    expect(ckan.packages.get('301002-00003').state).toBe('deleted');
  });

  it('treats success:false as a failure even on HTTP 200, and reports validation errors with the source row', async () => {
    const dir = tempDir();
    const file = writeJsonlFile(path.join(dir, 'records.jsonl'), [makeRecord(11), makeRecord(12, { provenance: { file: 'dept.xlsx', sheet: 'S1', row: 5 } })]);
    ckan.brokenSuccess = true;
    const broken = await runCliAsync(['publish', file, '--target', 'ckan', '--ckan-url', ckan.url, '--ckan-org', 'dept', '-f', 'json'], { cwd: dir, env: { CKAN_API_TOKEN: TOKEN } });
    ckan.brokenSuccess = false;
    expect(broken.code).toBe(3);
    const jb = JSON.parse(broken.stdout);
    expect(jb.ok).toBe(false);
    expect(jb.accepted).toEqual([]);
    expect(jb.rejected[0].reasons[0]).toMatchObject({ code: 'ckan-failure', message: expect.stringContaining('plugin failed') });

    // no owner_org: CKAN's Validation Error, per record, with the source
    const r = await runCliAsync(['publish', file, '--target', 'ckan', '--ckan-url', ckan.url, '--lang', 'en'], { cwd: dir, env: { CKAN_API_TOKEN: TOKEN } });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('301002/00012  dept.xlsx › sheet S1 › row 5');
    expect(r.stdout).toContain('ckan-validation /owner_org: Organization does not exist');

    // a wrong token: 403 Authorization Error stops the run
    const denied = await runCliAsync(['publish', file, '--target', 'ckan', '--ckan-url', ckan.url, '--ckan-org', 'dept', '-f', 'json'], { cwd: dir, env: { CKAN_API_TOKEN: 'nope-nope-nope' } });
    expect(denied.code).toBe(3);
    expect(JSON.parse(denied.stdout).errors[0]).toMatchObject({ status: 403, code: 'Authorization Error' });
    expect(denied.stdout + denied.stderr).not.toContain('nope-nope-nope');
  });
});
