import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { ROUTES } from '../../src/centre/routes.js';
import { startTestCentre, call, type TestCentre } from './helpers.js';

/** path → methods, read from the `paths:` section of the OpenAPI file (2-space indented YAML). */
function openapiOperations(text: string): Map<string, Set<string>> {
  const ops = new Map<string, Set<string>>();
  const lines = text.split('\n');
  const start = lines.indexOf('paths:');
  let current: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) { current = p[1]; ops.set(current, new Set()); continue; }
    const m = /^ {4}(get|post|put|patch|delete|head|options):\s*$/.exec(line);
    if (m && current) ops.get(current)!.add(m[1]);
  }
  return ops;
}

describe('src/centre/openapi.yaml', () => {
  const text = fs.readFileSync(path.join(ROOT, 'src', 'centre', 'openapi.yaml'), 'utf8');
  const ops = openapiOperations(text);
  let c: TestCentre;
  beforeAll(async () => { c = await startTestCentre(['p1']); });
  afterAll(async () => c.stop());

  it('describes every route the server has, and nothing more', () => {
    expect(text.startsWith('openapi: 3.')).toBe(true);
    const described = [...ops].flatMap(([p, ms]) => [...ms].map((m) => `${m} ${p}`)).sort();
    expect(described).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('every listed route is really served (not 404 not-found / 405)', async () => {
    const sample: Record<string, string> = { '{key}': encodeURIComponent('301002/00001'), '{id}': '1', '{name}': 'catalog-record.xsd' };
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
