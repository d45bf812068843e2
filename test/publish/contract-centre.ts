import { createHash } from 'node:crypto';
import { listen, readBody, sendJson, type TestServer } from './helpers.js';

/**
 * A loopback server answering the records subset of docs/centre-api.md (GET /health, POST /api/v1/records,
 * DELETE /api/v1/records/{key}), used to drive the client through answers that are hard to provoke on the
 * real centre (429 + Retry-After, 400, 413, a 5xx on a chosen request). Acceptance runs against the real
 * `catalog centre serve` (centre-acceptance.test.ts).
 */
export interface ContractCentre extends TestServer {
  store: Map<string, string>;
  /** Every request: method, path, status answered, Authorization header seen. */
  log: { method: string; path: string; status: number; auth?: string }[];
  /** Answer the next requests matching with these statuses instead (consumed in order). */
  script: { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }[];
  /** Reject batches larger than this with 413. */
  maxBatch: number;
  /** Wait this long before answering a POST (to interrupt a run mid-way). */
  delayMs: number;
  /**
   * Bumped by a test that starts afresh: a request that arrived before (e.g. a delayed answer the client
   * gave up on) is not logged when it is finally answered, so it cannot land in the next test's log.
   */
  generation: number;
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (k !== 'provenance') o[k] = canonical((v as any)[k]);
    return o;
  }
  return v;
}

export async function startContractCentre(token: string): Promise<ContractCentre> {
  const store = new Map<string, string>();
  const log: ContractCentre['log'] = [];
  const state = { script: [] as ContractCentre['script'], maxBatch: 1000, delayMs: 0, generation: 0, store, log };
  const srv = await listen(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const generation = state.generation;
    const body = await readBody(req);
    const answer = (status: number, b: unknown, h: Record<string, string> = {}) => {
      if (generation === state.generation) log.push({ method: req.method!, path: url.pathname, status, auth: req.headers.authorization });
      sendJson(res, status, b, h);
    };
    if (req.method === 'GET' && url.pathname === '/health') return answer(200, { status: 'ok', records: store.size });
    const scripted = state.script.shift();
    if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (scripted) return answer(scripted.status, scripted.body ?? { error: { code: 'scripted', message: `scripted ${scripted.status}` } }, scripted.headers);
    if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { error: { code: 'unauthorized', message: 'no or invalid token' } });
    if (req.method === 'POST' && url.pathname === '/api/v1/records') {
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      let records: any[];
      try {
        records = JSON.parse(body).records;
        if (!Array.isArray(records)) throw new Error('records must be an array');
      } catch (e) {
        return answer(400, { error: { code: 'malformed', message: (e as Error).message } });
      }
      if (records.length > state.maxBatch) return answer(413, { error: { code: 'too-large', message: `at most ${state.maxBatch} records` } });
      const out = { status: 'accepted', accepted: [] as any[], rejected: [] as any[], unchanged: [] as any[] };
      records.forEach((r, index) => {
        const key = r.resourceCode ?? r.metadataIdentifier ?? r.resourceIdentifier;
        if (!r.abstract) return out.rejected.push({ key, index, issues: [{ code: 'required-missing', severity: 'error', path: '/abstract', message: 'required field "abstract" is missing' }] });
        const hash = createHash('sha256').update(JSON.stringify(canonical(r))).digest('hex');
        if (store.get(key) === hash) return out.unchanged.push({ key });
        store.set(key, hash);
        out.accepted.push({ key, hash });
      });
      if (out.rejected.length && !out.accepted.length && !out.unchanged.length) return answer(422, { ...out, status: 'rejected' });
      return answer(200, out);
    }
    const m = /^\/api\/v1\/records\/(.+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && m) {
      const key = decodeURIComponent(m[1]);
      if (!store.has(key)) return answer(404, { error: { code: 'not-found', message: key } });
      store.delete(key);
      return answer(200, { key, status: 'withdrawn' });
    }
    return answer(404, { error: { code: 'not-found', message: url.pathname } });
  });
  return Object.assign(state, srv);
}
