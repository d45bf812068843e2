import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { contentHash, recordKey } from '../../src/model/identity.js';
import type { CatalogRecord } from '../../src/model/record.js';
import { packRecords } from '../../src/package/pack.js';
import { generateKeyPair, serializeKey } from '../../src/crypto/keys.js';
import { createToken } from '../../src/centre/auth.js';
import { startCentre, type RunningCentre } from '../../src/centre/server.js';
import { ROUTE_TABLE } from '../../src/centre/routes.js';
import { treeStoreOf } from '../../src/centre/tree/store.js';
import { LOCAL_ORIGIN, type CentreStore, type StoredRecord } from '../../src/centre/store.js';
import { call, keyPath } from './helpers.js';
import { guideRecords, recordOfB, PROVIDER_A, PROVIDER_B } from './fixtures.js';

/**
 * The authorization matrix (issue 14, docs/security.md "Threat model"): every route of the centre's route table
 * × every role × every target, against a real centre with review on. Each cell seeds its own target (fresh
 * record key) so cells are independent, sends one request, and checks
 * - the status the policy below expects (the policy is the spec: one function per route, written from the
 *   threat model's roles × actions table);
 * - that a refused write changed nothing (the target's hash and status are as seeded);
 * - that the content of a never-published submission reaches nobody but its provider and admins.
 * A route in the table without a row here fails the test, so no route ships unchecked.
 */

export type Role = 'anonymous' | 'deptA' | 'deptB' | 'keyBoundA' | 'admin' | 'revoked' | 'expired' | 'centre';
export type Target = 'own' | 'other' | 'harvested' | 'pending';
const ROLES: Role[] = ['anonymous', 'deptA', 'deptB', 'keyBoundA', 'admin', 'revoked', 'expired', 'centre'];
const TARGETS: Target[] = ['own', 'other', 'harvested', 'pending'];
const FOREIGN = 'http://elsewhere.example';
/**
 * A member centre whose last harvest failed with an error text naming a host of its network: the text (and the
 * recent runs) is for admin and centre tokens only, never for departments or anonymous callers.
 */
const MEMBER = 'http://127.0.0.1:9'; // never asked: the matrix centre runs no harvest schedule
const MEMBER_ERROR = 'connect ECONNREFUSED 10.0.0.7:8080 内网主机';
/** Do the member's error text and runs reach the role exactly when they should? */
function memberDetail(c: Cell, res: { status: number; text: string; json: any }): string | undefined {
  if (res.status !== 200) return undefined;
  const detailed = c.role === 'admin' || c.role === 'centre';
  const shown = res.text.includes('内网主机');
  if (shown !== detailed) return detailed ? 'the member\'s error text is missing' : 'the member\'s error text leaked';
  const member = (res.json?.items ?? []).find((i: { url: string }) => i.url === MEMBER);
  if (res.json && !member) return 'the member is not listed';
  if (res.json && !!member.recentRuns !== detailed) return detailed ? 'the member\'s runs are missing' : 'the member\'s runs leaked';
  return undefined;
}

/** One seeded target: its stored record, its open submission (a change waiting for review) and a marker in its content. */
interface Seeded { key: string; owner: string; record: CatalogRecord; submission: number; marker: string }

interface Cell { role: Role; target: Target; seeded: Seeded }
interface Request { method: string; path: string; json?: unknown; body?: Uint8Array }

/** The provider a role acts for (undefined: no live token). */
const providerOf = (role: Role): string | undefined => ({ deptA: PROVIDER_A, keyBoundA: PROVIDER_A, deptB: PROVIDER_B } as Record<string, string>)[role];
const dead = (role: Role) => role === 'anonymous' || role === 'revoked' || role === 'expired';
/** Statuses every token-requiring route gives a caller without a live token. */
const noToken = (role: Role) => (dead(role) ? 401 : undefined);
/** May the role write the target (ownership and origin, ownership.ts)? */
function writeStatus(role: Role, c: Cell, viaRecordsApi: boolean): number {
  if (dead(role)) return 401;
  if (viaRecordsApi && role === 'keyBoundA') return 403;
  if (role !== 'admin' && providerOf(role) !== c.seeded.owner) return 403;
  return c.target === 'harvested' ? -1 : 200;
}
/** May the role see the target (visibility.ts)? Never-published content: its provider and admins only. */
const seesPending = (role: Role) => role === 'admin' || role === 'deptA' || role === 'keyBoundA';
const readStatus = (role: Role, c: Cell) => (role === 'revoked' || role === 'expired' ? 401 : c.target === 'pending' && !seesPending(role) ? 404 : 200);

interface Row {
  /** The request this route gets for a cell. */
  request(c: Cell, ctx: MatrixContext): Request;
  /** The status the policy expects. */
  expect(c: Cell): number;
  /** What else the answer must (not) show this role: a failure text, or undefined. */
  check?(c: Cell, res: { status: number; text: string; json: any }): string | undefined;
}

interface MatrixContext { keyA: ReturnType<typeof generateKeyPair> }

/** A search that matches the target's marker without containing all of it (the browse page echoes the query). */
const query = (c: Cell) => c.seeded.marker.slice(0, -1);
const changed = (c: Cell): CatalogRecord => ({ ...c.seeded.record, abstract: `${c.seeded.record.abstract}（修改 ${c.role}）` });

/** One row per route of routes.ts (method + path): what to send and what must come back. */
export const MATRIX: Record<string, Row> = {
  'GET /': { request: (c) => ({ method: 'GET', path: `/?q=${encodeURIComponent(query(c))}` }), expect: () => 200 },
  'GET /overview': { request: () => ({ method: 'GET', path: '/overview' }), expect: () => 200 },
  'GET /records/{key}': { request: (c) => ({ method: 'GET', path: `/records/${encodeURIComponent(c.seeded.key)}` }), expect: (c) => readStatus(c.role, c) },
  'GET /health': { request: () => ({ method: 'GET', path: '/health' }), expect: () => 200 },
  'GET /oai': {
    request: (c) => ({ method: 'GET', path: `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(`oai:catalog:${c.seeded.key}`)}` }),
    expect: () => 200,
  },
  'POST /oai': { request: () => ({ method: 'POST', path: '/oai', body: new TextEncoder().encode('verb=ListRecords&metadataPrefix=oai_dc') }), expect: () => 200 },
  'GET /schemas/{name}': { request: () => ({ method: 'GET', path: '/schemas/catalog-record.xsd' }), expect: () => 200 },
  'POST /api/v1/packages': {
    // the package changes the target's record; a foreign-origin record is rejected (every record rejected → 422)
    request: (c, ctx) => ({ method: 'POST', path: '/api/v1/packages', body: packRecords([changed(c)], { created: '2024-05-01T00:00:00Z', signWith: ctx.keyA }) }),
    expect: (c) => { const s = writeStatus(c.role, c, false); return s === -1 ? 422 : s; },
  },
  'GET /api/v1/records': { request: (c) => ({ method: 'GET', path: `/api/v1/records?q=${encodeURIComponent(query(c))}` }), expect: () => 200 },
  'POST /api/v1/records': {
    request: (c) => ({ method: 'POST', path: '/api/v1/records', json: { records: [changed(c)] } }),
    expect: (c) => { const s = writeStatus(c.role, c, true); return s === -1 ? 422 : s; },
  },
  'GET /api/v1/records/{key}/history': { request: (c) => ({ method: 'GET', path: `${keyPath(c.seeded.key)}/history` }), expect: (c) => readStatus(c.role, c) },
  'GET /api/v1/records/{key}': { request: (c) => ({ method: 'GET', path: keyPath(c.seeded.key) }), expect: (c) => readStatus(c.role, c) },
  'DELETE /api/v1/records/{key}': {
    request: (c) => ({ method: 'DELETE', path: keyPath(c.seeded.key) }),
    expect: (c) => { const s = writeStatus(c.role, c, true); return s === -1 ? 409 : s; },
  },
  'GET /api/v1/submissions': {
    request: () => ({ method: 'GET', path: '/api/v1/submissions?status=all' }),
    expect: (c) => noToken(c.role) ?? (c.role === 'admin' ? 200 : 403),
  },
  'POST /api/v1/submissions/{id}/review': {
    // publishing must still respect the submitter's ownership and the record's origin
    request: (c) => ({ method: 'POST', path: `/api/v1/submissions/${c.seeded.submission}/review`, json: { decision: 'publish', comment: 'matrix' } }),
    expect: (c) => noToken(c.role) ?? (c.role !== 'admin' ? 403 : c.target === 'harvested' ? 409 : 200),
  },
  // 一数一源: public report (published records only, so pending content cannot leak) and admin-only authorities
  'GET /reports/sources': { request: () => ({ method: 'GET', path: '/reports/sources' }), expect: () => 200 },
  'GET /api/v1/reports/sources': { request: () => ({ method: 'GET', path: '/api/v1/reports/sources' }), expect: () => 200 },
  'POST /api/v1/authorities': {
    request: (c) => ({ method: 'POST', path: '/api/v1/authorities', json: { element: 'uscc', provider: c.seeded.owner } }),
    expect: (c) => noToken(c.role) ?? (c.role === 'admin' ? 200 : 403),
  },
  'DELETE /api/v1/authorities/{id}': {
    // the admin row sets the authority first (below, before each cell) so that each admin cell removes one
    request: () => ({ method: 'DELETE', path: '/api/v1/authorities/orgName' }),
    expect: (c) => noToken(c.role) ?? (c.role === 'admin' ? 200 : 403),
  },
  // tree of centres (issue 19)
  'GET /api/v1/centre': { request: () => ({ method: 'GET', path: '/api/v1/centre' }), expect: () => 200 },
  'GET /api/v1/centres': {
    request: () => ({ method: 'GET', path: '/api/v1/centres' }),
    expect: (c) => (c.role === 'revoked' || c.role === 'expired' ? 401 : 200),
    check: memberDetail,
  },
  'POST /api/v1/centres': {
    // only a centre or admin token gets as far as asking the child (port 9 on loopback: nobody there → 502);
    // a department token may never join as a centre, a key-bound one writes only through signed packages
    request: () => ({ method: 'POST', path: '/api/v1/centres', json: { url: 'http://127.0.0.1:9' } }),
    expect: (c) => noToken(c.role) ?? (c.role === 'admin' || c.role === 'centre' ? 502 : 403),
  },
  'GET /api/v1/locate/{code}': {
    // follow=false: no peer is asked (the harvested target's origin is not on loopback)
    request: (c) => ({ method: 'GET', path: `/api/v1/locate/${encodeURIComponent(c.seeded.key)}?follow=false` }),
    expect: (c) => (c.target === 'pending' ? 404 : 200),
  },
  // the page is public and the same for everyone: health only, never the error text
  'GET /centres': { request: () => ({ method: 'GET', path: '/centres' }), expect: () => 200, check: (c, res) => (res.text.includes('内网主机') ? 'the member\'s error text leaked' : undefined) },
};

/** A package-withdrawal variant of POST /api/v1/packages: the manifest lists the target's key as withdrawn. */
const WITHDRAW_BY_PACKAGE: Row = {
  request: (c, ctx) => ({
    method: 'POST', path: '/api/v1/packages',
    body: packRecords([], { created: '2024-05-02T00:00:00Z', previousPackageId: `prev-${c.seeded.key}`, withdrawn: [c.seeded.key], signWith: ctx.keyA, provider: { name: 'x', code: providerOf(c.role) ?? c.seeded.owner } }),
  }),
  expect: (c) => { const s = writeStatus(c.role, c, false); return s === -1 ? 422 : s; },
};

let serial = 0;

/** Seed one target under a fresh key: the record (stored as the target needs) and an open change submission for it. */
async function seed(store: CentreStore, target: Target): Promise<Seeded> {
  const n = ++serial;
  const marker = `矩阵标记${n}号`;
  const base = target === 'other' ? recordOfB(n) : { ...guideRecords()[0], resourceCode: `301002/${String(n).padStart(5, '0')}` };
  const record: CatalogRecord = { ...base, abstract: `${base.abstract}${marker}` };
  const key = recordKey(record)!;
  const owner = record.provider.code!;
  const hash = contentHash(record);
  const common = { key, provider: owner, hash, record, actor: 'seed' };
  if (target === 'pending') await store.applyChanges([{ ...common, status: 'submitted', origin: LOCAL_ORIGIN, action: 'submit' }]);
  else if (target === 'harvested') await store.applyChanges([{ ...common, status: 'published', origin: FOREIGN, action: 'harvest' }]);
  else await store.applyChanges([{ ...common, status: 'published', origin: LOCAL_ORIGIN, action: 'create' }]);
  const next = { ...record, abstract: `${record.abstract}（待审）` };
  const [sub] = await store.createSubmissions([{ ...common, hash: target === 'pending' ? hash : contentHash(next), record: target === 'pending' ? record : next }]);
  return { key, owner, record, submission: sub.id, marker };
}

/** The matrix against the centre a factory opens (SQLite or PostgreSQL). */
export function authzMatrix(name: string, open: () => Promise<{ store: CentreStore; cleanup: () => Promise<void> }>): void {
  describe(`authorization matrix (${name}): every route × role × target`, () => {
    let store: CentreStore;
    let cleanup: () => Promise<void>;
    let centre: RunningCentre;
    const tokens: Partial<Record<Role, string>> = {};
    const ctx: MatrixContext = { keyA: generateKeyPair('ed25519') };

    beforeAll(async () => {
      ({ store, cleanup } = await open());
      tokens.deptA = (await createToken(store, { provider: PROVIDER_A })).token;
      tokens.deptB = (await createToken(store, { provider: PROVIDER_B })).token;
      tokens.keyBoundA = (await createToken(store, { provider: PROVIDER_A, publicKey: serializeKey(ctx.keyA, 'public') })).token;
      tokens.admin = (await createToken(store, { provider: 'admin', admin: true })).token;
      const revoked = await createToken(store, { provider: PROVIDER_A });
      await store.revokeToken(revoked.info.id);
      tokens.revoked = revoked.token;
      // expiry in the past: written straight to the store (the CLI refuses a past --expires)
      tokens.expired = (await createToken(store, { provider: PROVIDER_A, expires: '2020-01-01T00:00:00Z' })).token;
      // a centre token (centre token create --centre): acts for no provider, may only join
      const centreToken = await createToken(store, { provider: '', label: 'centre' });
      await (await treeStoreOf(store)).markCentreToken(centreToken.info.id);
      tokens.centre = centreToken.token;
      const tree = await treeStoreOf(store);
      await tree.putSource({ url: MEMBER, kind: 'member', centreId: 'member-1', name: '成员中心' });
      const at = new Date().toISOString();
      await tree.noteRun({ source: MEMBER, started: at, finished: at, ok: false, error: MEMBER_ERROR, received: 0, created: 0, updated: 0, withdrawn: 0, runner: 'matrix' });
      centre = await startCentre({ store, port: 0, host: '127.0.0.1', review: true });
    });
    afterAll(async () => {
      await centre?.close();
      await cleanup?.();
    });

    it('has a row for every route of the route table, and no row for a route that does not exist', () => {
      const routes = ROUTE_TABLE.map((r) => `${r.method} ${r.path}`);
      expect(routes.filter((r) => !MATRIX[r])).toEqual([]);
      expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
    });

    const rows: [string, Row][] = [...Object.entries(MATRIX), ['POST /api/v1/packages (manifest withdrawn)', WITHDRAW_BY_PACKAGE]];
    for (const [route, row] of rows) {
      it(route, async () => {
        const failures: string[] = [];
        for (const role of ROLES) {
          for (const target of TARGETS) {
            const cell: Cell = { role, target, seeded: await seed(store, target) };
            if (route === 'DELETE /api/v1/authorities/{id}') await store.setAuthority({ element: 'orgName', provider: cell.seeded.owner, setBy: 'seed', setAt: '2024-01-01T00:00:00Z' });
            const before = await store.getRecord(cell.seeded.key) as StoredRecord;
            const req = row.request(cell, ctx);
            const res = await call(centre.url, req.method, req.path, { token: tokens[role], json: req.json, body: req.body });
            const want = row.expect(cell);
            const where = `${route} as ${role} on ${target}`;
            if (res.status !== want) failures.push(`${where}: HTTP ${res.status} (${res.json?.error?.code ?? res.json?.status ?? ''}), expected ${want}`);
            const wrong = row.check?.(cell, res);
            if (wrong) failures.push(`${where}: ${wrong}`);
            if (res.status >= 400) {
              const after = await store.getRecord(cell.seeded.key) as StoredRecord;
              if (after.hash !== before.hash || after.status !== before.status) failures.push(`${where}: refused with ${res.status} but the record changed`);
            }
            if (target === 'pending' && !seesPending(role) && res.text.includes(cell.seeded.marker)) failures.push(`${where}: the unpublished content leaked`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
