import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { ROUTES, ROUTE_TABLE, type RouteAuth } from '../../src/centre/routes.js';
import { startTestCentre, call, type TestCentre } from './helpers.js';

/** "method path" → the operation's `security` line (or "" when it has none), from the `paths:` section (2-space indented YAML). */
function openapiOperations(text: string): Map<string, string> {
  const ops = new Map<string, string>();
  const lines = text.split('\n');
  const start = lines.indexOf('paths:');
  let path: string | undefined;
  let op: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) { path = p[1]; op = undefined; continue; }
    const m = /^ {4}(get|post|put|patch|delete|head|options):\s*$/.exec(line);
    if (m && path) { op = `${m[1]} ${path}`; ops.set(op, ''); continue; }
    const sec = /^ {6}security:\s*(.*)$/.exec(line);
    if (sec && op) ops.set(op, sec[1].trim());
  }
  return ops;
}

/** The OpenAPI `security` each auth level of the route table is documented with. */
const SECURITY: Record<RouteAuth, string> = { none: '', optional: '[{}, { token: [] }]', token: '[{ token: [] }]', admin: '[{ token: [] }]' };

describe('src/centre/openapi.yaml', () => {
  const text = fs.readFileSync(path.join(ROOT, 'src', 'centre', 'openapi.yaml'), 'utf8');
  const ops = openapiOperations(text);
  let c: TestCentre;
  beforeAll(async () => { c = await startTestCentre(['p1']); });
  afterAll(async () => c.stop());

  it('describes every route the server has, and nothing more', () => {
    expect(text.startsWith('openapi: 3.')).toBe(true);
    expect([...ops.keys()].sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('documents each route\'s auth as the route table has it (security: none, optional or required)', () => {
    const documented = ROUTE_TABLE.map((r) => [`${r.method} ${r.path}`, ops.get(`${r.method.toLowerCase()} ${r.path}`)]);
    expect(documented).toEqual(ROUTE_TABLE.map((r) => [`${r.method} ${r.path}`, SECURITY[r.auth]]));
  });

  it('every listed route is really served (not 404 not-found / 405)', async () => {
    const sample: Record<string, string> = { '{key}': encodeURIComponent('301002/00001'), '{id}': '1', '{name}': 'catalog-record.xsd', '{code}': encodeURIComponent('301002/00001') };
    for (const r of ROUTES) {
      const p = r.path.replace(/\{\w+\}/g, (k) => sample[k]);
      const res = await call(c.centre.url, r.method.toUpperCase(), r.path === '/oai' ? '/oai?verb=Identify' : p, r.method === 'post' && r.path === '/oai' ? { body: 'verb=Identify' } : {});
      expect({ route: `${r.method} ${r.path}`, code: res.json?.error?.code }).not.toMatchObject({ code: expect.stringMatching(/^(not-found|method-not-allowed|internal-error)$/) });
      expect(res.status).toBeLessThan(500);
    }
    const unknown = await call(c.centre.url, 'GET', '/api/v2/nothing');
    expect(unknown.json.error.code).toBe('not-found');
  });
});
