import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestCentre, type TestCentre } from './helpers.js';
import { centrePath, chainProblem, MAX_CHAIN, parseChain } from '../../src/centre/tree/chain.js';
import { treeStoreOf } from '../../src/centre/tree/store.js';
import { contentHash, recordKey } from '../../src/model/identity.js';
import { guideRecords } from './fixtures.js';

/**
 * A joining child can lie (issue 19): a huge self-description, another centre's id (this one's), a chain that loops
 * or never ends. Each is refused with a clear code and nothing is registered. Real centre, real fake peer on loopback.
 */
describe('lying peers in the tree of centres', () => {
  let c: TestCentre;
  let peer: http.Server;
  let peerUrl = '';
  let answer: () => string = () => '{}';
  const paths: string[] = [];

  beforeAll(async () => {
    c = await startTestCentre([]);
    peer = http.createServer((req, res) => { paths.push(req.url ?? ''); const body = answer(); res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', () => r()));
    peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => peer.close(() => r()));
    await c.stop();
  });

  const join = () => call(c.centre.url, 'POST', '/api/v1/centres', { token: c.tokens.admin, json: { url: peerUrl } });

  it('refuses a self-description larger than the peer limit (256 KiB), registering nothing', async () => {
    answer = () => JSON.stringify({ id: 'centre-big', name: 'x'.repeat(300 * 1024) });
    const r = await join();
    expect(r.status).toBe(502);
    expect(r.json.error.code).toBe('peer-bad-answer');
    expect(await (await treeStoreOf(c.store)).listSources()).toEqual([]);
  });

  it('refuses a child claiming this centre\'s own id (a loop), and a malformed description', async () => {
    const me = await (await treeStoreOf(c.store)).identity();
    answer = () => JSON.stringify({ id: me.id, name: 'me' });
    expect((await join()).json.error.code).toBe('join-self');
    answer = () => '[1, 2';
    expect((await join()).status).toBe(502);
    answer = () => JSON.stringify({ id: '../../etc', name: 'x' });
    expect((await join()).json.error.code).toBe('peer-bad-answer');
    expect(await (await treeStoreOf(c.store)).listSources()).toEqual([]);
  });

  it('takes an honest child, keeping only short, checked fields', async () => {
    answer = () => JSON.stringify({ id: 'centre-ok', name: '西湖区\n目录中心', level: { code: 'county' }, division: { code: '999999' }, endpoints: { oai: 'http://evil.example/oai' } });
    const r = await join();
    expect(r.status).toBe(200);
    expect(r.json.member).toMatchObject({ url: peerUrl, kind: 'member', centreId: 'centre-ok', name: '西湖区 目录中心', level: 'county' });
    expect(r.json.member.division).toBeUndefined();
  });

  it('asks a child whose URL has a query string at the right path, keeping the query', async () => {
    answer = () => JSON.stringify({ id: 'centre-query', name: 'tenant a' });
    paths.length = 0;
    const r = await call(c.centre.url, 'POST', '/api/v1/centres', { token: c.tokens.admin, json: { url: `${peerUrl}/?tenant=a` } });
    expect(r.status).toBe(200);
    expect(r.json.member.url).toBe(`${peerUrl}?tenant=a`);
    // not "/?tenant=a/api/v1/centre" (the peer's home page)
    expect(paths).toEqual(['/api/v1/centre?tenant=a']);
    expect(centrePath(r.json.member.url, '/api/v1/records/a%2Fb')).toBe(`${peerUrl}/api/v1/records/a%2Fb?tenant=a`);
    expect(centrePath(peerUrl, '/centres')).toBe(`${peerUrl}/centres`);
    await (await treeStoreOf(c.store)).removeSource(r.json.member.url);
  });

  it('a department token may not join; a bad body is a 400', async () => {
    const dept = await startTestCentre(['11330100002482170H']);
    try {
      const r = await call(dept.centre.url, 'POST', '/api/v1/centres', { token: dept.tokens['11330100002482170H'], json: { url: peerUrl } });
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('centre-token-required');
      expect((await call(dept.centre.url, 'POST', '/api/v1/centres', { token: dept.tokens.admin, json: { url: 'ftp://x' } })).json.error.code).toBe('join-bad-url');
    } finally {
      await dept.stop();
    }
  });

  it('locate asks a chain centre and the origin once per minute, however many callers ask at once', async () => {
    const record = { ...guideRecords()[0], resourceCode: '301002/09001' };
    const key = recordKey(record)!;
    await c.store.applyChanges([{ key, provider: record.provider.code!, hash: contentHash(record), record, actor: 'seed', status: 'published', origin: `${peerUrl}/locate-once`, action: 'harvest' }]);
    answer = () => JSON.stringify({ id: 'centre-origin', name: 'origin', status: 'published' });
    paths.length = 0;
    const path = `/api/v1/locate/${encodeURIComponent(key)}`;
    const burst = await Promise.all([1, 2, 3, 4].map(() => call(c.centre.url, 'GET', path)));
    const again = await call(c.centre.url, 'GET', path);
    for (const r of [...burst, again]) expect(r.json.origin).toMatchObject({ url: `${peerUrl}/locate-once`, id: 'centre-origin', reachable: true, status: 'published' });
    expect(paths.sort()).toEqual([`/locate-once/api/v1/centre`, `/locate-once/api/v1/records/${encodeURIComponent(key)}`]);
  });

  it('bounds origin chains and refuses one through this centre', () => {
    const urls = Array.from({ length: MAX_CHAIN + 1 }, (_, i) => `http://127.0.0.1:${1000 + i}`);
    expect(parseChain(urls.join(' '))).toBeUndefined();
    expect(chainProblem(parseChain(urls.slice(0, 3).join(' ')), new Set())).toBeUndefined();
    expect(chainProblem(parseChain(urls.slice(0, 3).join(' ')), new Set([urls[1]]))).toBe('tree.chain-loop');
    expect(parseChain('javascript:alert(1)')).toBeUndefined();
  });
});
