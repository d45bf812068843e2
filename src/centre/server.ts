import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { canonicalJson, contentHash, recordKey } from '../model/identity.js';
import type { CatalogRecord } from '../model/record.js';
import { recordsToGbtXml, GBT_XML_NAMESPACE } from '../export/gbt-xml.js';
import { verifyPackage } from '../package/verify.js';
import { packageContentHash } from '../package/manifest.js';
import { parseKey } from '../crypto/keys.js';
import { STANDARDS_DIR } from '../profiles/paths.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/messages.js';
import './messages.js';
import { authenticate } from './auth.js';
import { CentreError, registerRecords, reviewSubmission, withdrawRecord, type RegistrationAnswer } from './register.js';
import { CATALOG_RECORD_XSD, handleOai, type MetadataFormat } from './oai.js';
import { renderBrowsePage } from './page.js';
import { StoreConflictError, type CentreStore, type SearchQuery, type StoredRecord, type TokenInfo } from './store.js';

export interface CentreServerOptions {
  store: CentreStore;
  /** Review (审核) on: department registrations wait for an admin. */
  review?: boolean;
  /** Largest request body in bytes (default 32 MiB for packages, records batches alike). */
  maxBodyBytes?: number;
  /** Whole request headers must arrive within this (default 20 s); slower clients (slowloris) get 408 and are dropped. */
  headersTimeoutMs?: number;
  /** Whole request (headers + body) must arrive within this (default 120 s). */
  requestTimeoutMs?: number;
  /** Test only: every Nth write request fails with 503 (see docs/centre.md). */
  faultEvery?: number;
  /** Public base URL (default: from the Host header). */
  baseUrl?: string;
  repositoryName?: string;
  adminEmail?: string;
  oaiPageSize?: number;
  lang?: Lang;
}

/** Every route the server answers (the OpenAPI test checks each is described in openapi.yaml). */
export const ROUTES: { method: string; path: string }[] = [
  { method: 'get', path: '/' },
  { method: 'get', path: '/health' },
  { method: 'get', path: '/oai' },
  { method: 'post', path: '/oai' },
  { method: 'get', path: '/schemas/{name}' },
  { method: 'post', path: '/api/v1/packages' },
  { method: 'post', path: '/api/v1/records' },
  { method: 'get', path: '/api/v1/records' },
  { method: 'get', path: '/api/v1/records/{key}' },
  { method: 'delete', path: '/api/v1/records/{key}' },
  { method: 'get', path: '/api/v1/records/{key}/history' },
  { method: 'get', path: '/api/v1/submissions' },
  { method: 'post', path: '/api/v1/submissions/{id}/review' },
];

const MAX_BATCH = 1000;
const GBT_SCHEMA_FILE = path.join(STANDARDS_DIR, 'gbt21063-3', 'catalog.xsd');

/** Record summary for search results. */
export function summarize(r: StoredRecord) {
  return {
    key: r.key, title: r.record.title, provider: r.provider, providerName: r.record.provider?.name, status: r.status, datestamp: r.datestamp,
    origin: r.origin, hash: r.hash, shareType: r.record.sharing?.type, abstract: r.record.abstract,
  };
}

/** GB/T XML (standards/gbt21063-3/catalog.xsd) of one record, without the XML declaration. */
export function gbtXmlElement(r: StoredRecord): string {
  return recordsToGbtXml([r.record]).replace(/^<\?xml[^>]*\?>\s*/, '').trimEnd();
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendText(res: http.ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({ error: { code, message, ...(details ? { details } : {}) } });

/** Read the request body, refusing (413) more than `limit` bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new CentreError(413, 'body-too-large', { limit, size: declared }));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new CentreError(413, 'body-too-large', { limit }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw new CentreError(400, 'invalid-json', { detail: (err as Error).message });
  }
}

function positiveInt(v: string | null, name: string, dflt: number, max: number): number {
  if (v === null || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CentreError(400, 'bad-parameter', { detail: `${name} must be an integer from 1 to ${max}` });
  return n;
}

function dateParam(v: string | null, name: string): string | undefined {
  if (v === null || v === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new CentreError(400, 'bad-parameter', { detail: `${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ` });
  }
  return v;
}

function searchQuery(p: URLSearchParams): SearchQuery {
  const str = (k: string) => p.get(k)?.trim() || undefined;
  return {
    q: str('q'), classCode: str('class'), provider: str('provider'), shareType: str('shareType'),
    updatedFrom: dateParam(p.get('updatedFrom'), 'updatedFrom'), updatedTo: dateParam(p.get('updatedTo'), 'updatedTo'),
    page: positiveInt(p.get('page'), 'page', 1, 1_000_000), pageSize: positiveInt(p.get('pageSize'), 'pageSize', 20, 200),
  };
}

/** HTTP status of a registration answer: 422 when every record was rejected. */
const answerStatus = (a: RegistrationAnswer) => (a.status === 'rejected' ? 422 : 200);

export function createCentreHandler(opts: CentreServerOptions) {
  const { store } = opts;
  const limit = opts.maxBodyBytes ?? 32 * 1024 * 1024;
  let writes = 0;
  const gbtFormat: MetadataFormat = {
    prefix: 'gbt21063', schema: '', namespace: GBT_XML_NAMESPACE, render: gbtXmlElement,
  };

  async function requireToken(req: http.IncomingMessage): Promise<TokenInfo> {
    if (!req.headers.authorization) throw new CentreError(401, 'token-missing');
    const token = await authenticate(store, req.headers.authorization);
    if (!token) throw new CentreError(401, 'token-invalid');
    return token;
  }

  /**
   * A token bound to a public key (token create --public-key) changes the catalogue only through packages signed
   * with that key: record batches and single withdrawals carry no signature, so they are refused (403) rather
   * than letting the token alone bypass the signature.
   */
  function requireUnsignedAllowed(token: TokenInfo): void {
    if (token.publicKey) throw new CentreError(403, 'signature-required', {}, { actsFor: token.provider });
  }

  function baseOf(req: http.IncomingMessage): string {
    return (opts.baseUrl ?? `http://${req.headers.host ?? 'localhost'}`).replace(/\/$/, '');
  }

  /** Language of a request's messages: Accept-Language zh… / en…, else the server's --lang. */
  function langOf(req: http.IncomingMessage): Lang {
    const first = (req.headers['accept-language'] ?? '').split(',')[0].trim().toLowerCase();
    if (first.startsWith('zh')) return 'zh';
    if (first.startsWith('en')) return 'en';
    return opts.lang ?? 'en';
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const lang = langOf(req);
    const url = new URL(req.url ?? '/', 'http://centre.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const p = url.pathname;
    const isWrite = (method === 'POST' || method === 'DELETE') && p.startsWith('/api/');
    const body = method === 'POST' || method === 'PUT' ? await readBody(req, limit) : Buffer.alloc(0);
    if (isWrite && opts.faultEvery && ++writes % opts.faultEvery === 0) {
      sendJson(res, 503, errorBody('fault-injected', t('centre-api.fault-injected', lang)), { 'retry-after': '0' });
      return;
    }
    const notAllowed = (allowed: string) => { throw new CentreError(405, 'method-not-allowed', { method, path: p, allowed }); };

    if (p === '/health') {
      if (method !== 'GET' && method !== 'HEAD') notAllowed('GET');
      return sendJson(res, 200, { status: 'ok', records: await store.countRecords('published') });
    }
    if (p === '/') {
      if (method !== 'GET' && method !== 'HEAD') notAllowed('GET');
      const q = searchQuery(url.searchParams);
      return sendText(res, 200, 'text/html', renderBrowsePage(q, await store.search(q), opts.repositoryName));
    }
    if (p === '/oai') {
      let params = url.searchParams;
      if (method === 'POST') params = new URLSearchParams(body.toString('utf8'));
      else if (method !== 'GET') notAllowed('GET, POST');
      const base = baseOf(req);
      const xml = await handleOai(store, params, {
        baseUrl: `${base}/oai`, repositoryName: opts.repositoryName, adminEmail: opts.adminEmail, pageSize: opts.oaiPageSize,
        formats: [{ ...gbtFormat, schema: `${base}/schemas/gbt21063-3.xsd` }],
      });
      return sendText(res, 200, 'text/xml', xml);
    }
    if (p.startsWith('/schemas/')) {
      if (method !== 'GET') notAllowed('GET');
      if (p === '/schemas/catalog-record.xsd') return sendText(res, 200, 'application/xml', CATALOG_RECORD_XSD);
      if (p === '/schemas/gbt21063-3.xsd') return sendText(res, 200, 'application/xml', fs.readFileSync(GBT_SCHEMA_FILE, 'utf8'));
      throw new CentreError(404, 'not-found', { path: p });
    }
    if (p === '/api/v1/packages') {
      if (method !== 'POST') notAllowed('POST');
      const token = await requireToken(req);
      const answer = await registerPackage(body, token, lang);
      return sendJson(res, answerStatus(answer), answer);
    }
    if (p === '/api/v1/records') {
      if (method === 'GET') {
        const q = searchQuery(url.searchParams);
        const r = await store.search(q);
        return sendJson(res, 200, { total: r.total, totalExact: r.totalExact, page: r.page, pageSize: r.pageSize, items: r.items.map(summarize) });
      }
      if (method !== 'POST') notAllowed('GET, POST');
      const token = await requireToken(req);
      requireUnsignedAllowed(token);
      const input = parseJson(body) as { records?: unknown; batchId?: unknown; profile?: unknown };
      if (!input || typeof input !== 'object' || !Array.isArray(input.records)) throw new CentreError(400, 'invalid-body', { detail: 'the body must be {"records": [record, …]}' });
      if (input.records.length > MAX_BATCH) throw new CentreError(413, 'too-many-records', { max: MAX_BATCH });
      if (input.batchId !== undefined && typeof input.batchId !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'batchId must be a string' });
      if (input.profile !== undefined && typeof input.profile !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'profile must be a string' });
      const batchId = input.batchId as string | undefined;
      const hash = createHash('sha256').update(canonicalJson({ records: input.records, profile: input.profile ?? null })).digest('hex');
      const answerId = batchId ? `batch:${token.provider}:${batchId}` : undefined;
      if (answerId) {
        const old = await store.getAnswer(answerId, hash);
        if (old) return sendJson(res, answerStatus(old as RegistrationAnswer), old);
      }
      const answer = await registerRecords(store, input.records, { token, review: !!opts.review, profile: input.profile as string | undefined, lang });
      if (batchId) answer.batchId = batchId;
      if (answerId) await store.saveAnswer(answerId, hash, answer);
      return sendJson(res, answerStatus(answer), answer);
    }
    const rec = /^\/api\/v1\/records\/(.+?)(\/history)?$/.exec(p);
    if (rec) {
      let key: string;
      try {
        key = decodeURIComponent(rec[1]);
      } catch {
        throw new CentreError(400, 'bad-parameter', { detail: 'the record key is not valid percent-encoding' });
      }
      if (rec[2]) {
        if (method !== 'GET') notAllowed('GET');
        const r = await store.getRecord(key);
        if (!r) throw new CentreError(404, 'record-not-found', { key });
        return sendJson(res, 200, { key, items: await store.history(key) });
      }
      if (method === 'DELETE') {
        const token = await requireToken(req);
        requireUnsignedAllowed(token);
        const r = await withdrawRecord(store, key, token, url.searchParams.get('comment') ?? undefined);
        return sendJson(res, 200, { key: r.key, status: r.status, datestamp: r.datestamp });
      }
      if (method !== 'GET') notAllowed('GET, DELETE');
      const r = await store.getRecord(key);
      if (!r || r.status === 'submitted' || r.status === 'returned') throw new CentreError(404, 'record-not-found', { key });
      const fmt = url.searchParams.get('format');
      // Accept: application/xml alone asks for XML; a browser's Accept (text/html, …, application/xml;q=0.9) gets JSON
      const accept = req.headers.accept ?? '';
      const wantsXml = fmt === 'xml' || (!fmt && /(application|text)\/xml/.test(accept) && !/text\/html|application\/json/.test(accept));
      if (fmt && fmt !== 'xml' && fmt !== 'json') throw new CentreError(400, 'bad-parameter', { detail: 'format must be json or xml' });
      if (wantsXml) return sendText(res, 200, 'application/xml', recordsToGbtXml([r.record]));
      return sendJson(res, 200, { key: r.key, status: r.status, datestamp: r.datestamp, origin: r.origin, hash: r.hash, provider: r.provider, record: r.record });
    }
    if (p === '/api/v1/submissions') {
      if (method !== 'GET') notAllowed('GET');
      const token = await requireToken(req);
      if (!token.admin) throw new CentreError(403, 'admin-required');
      const status = url.searchParams.get('status') ?? 'submitted';
      if (!['submitted', 'published', 'returned', 'superseded', 'all'].includes(status)) throw new CentreError(400, 'bad-parameter', { detail: 'status must be submitted, published, returned, superseded or all' });
      const items = await store.listSubmissions(status === 'all' ? undefined : (status as 'submitted'));
      return sendJson(res, 200, { items });
    }
    const review = /^\/api\/v1\/submissions\/([^/]+)\/review$/.exec(p);
    if (review) {
      if (method !== 'POST') notAllowed('POST');
      const token = await requireToken(req);
      const id = Number(review[1]);
      if (!Number.isInteger(id) || id < 1) throw new CentreError(400, 'bad-parameter', { detail: 'the submission id must be a positive integer' });
      const input = parseJson(body) as { decision?: unknown; comment?: unknown };
      if (!input || typeof input !== 'object' || (input.decision !== 'publish' && input.decision !== 'return')) {
        throw new CentreError(400, 'invalid-body', { detail: 'the body must be {"decision": "publish" | "return", "comment": "…"}' });
      }
      if (input.comment !== undefined && typeof input.comment !== 'string') throw new CentreError(400, 'invalid-body', { detail: 'comment must be a string' });
      if (input.decision === 'return' && !input.comment) throw new CentreError(400, 'comment-required');
      const sub = await reviewSubmission(store, id, input.decision, token, input.comment as string | undefined);
      return sendJson(res, 200, sub);
    }
    throw new CentreError(404, 'not-found', { path: p });
  }

  async function registerPackage(bytes: Buffer, token: TokenInfo, lang: Lang): Promise<RegistrationAnswer> {
    if (!bytes.length) throw new CentreError(400, 'invalid-body', { detail: 'send the package zip as the request body (application/zip)' });
    // the records are re-validated by registerRecords (same library code); verify checks the package itself
    // a token bound to a public key (token create --public-key) only takes packages signed with that key
    const verified = await verifyPackage(new Uint8Array(bytes), { lang, revalidate: false, ...(token.publicKey ? { publicKey: parseKey(token.publicKey) } : {}) });
    const m = verified.manifest;
    const fatal = verified.issues.filter((i) => i.severity === 'error');
    if (!m || fatal.length) {
      throw new CentreError(422, 'package-invalid', {}, { issues: fatal, packageId: m?.packageId });
    }
    if (m.provider.code && !token.admin && m.provider.code !== token.provider) {
      throw new CentreError(403, 'provider-mismatch', { provider: m.provider.code, token: token.provider }, { provider: m.provider.code, actsFor: token.provider }, 'package-provider-mismatch');
    }
    const hash = packageContentHash(m);
    const answerId = `package:${token.provider}:${m.packageId}`;
    const old = (await store.getAnswer(answerId, hash)) as RegistrationAnswer | undefined;
    if (old && (await stillHolds(old, verified.records, m.withdrawn))) return old;
    // first upload, or the records changed since (another upload or batch, a withdrawal): register again
    const answer = await registerRecords(store, verified.records, { token, review: !!opts.review, profile: m.profile.id, lang }, { withdrawn: m.withdrawn });
    const out = { packageId: m.packageId, ...answer };
    await store.saveAnswer(answerId, hash, out);
    return out;
  }

  /**
   * Does the catalogue still hold what a stored package answer says: each record it took (accepted or unchanged)
   * stored with the package's content and not withdrawn or returned, each key it withdrew still withdrawn? Only
   * then is a re-upload answered from the stored answer; otherwise it is registered again (idempotent per record).
   */
  async function stillHolds(answer: RegistrationAnswer, records: CatalogRecord[], withdrawn: string[]): Promise<boolean> {
    const took = new Set([...answer.accepted, ...answer.unchanged].map((a) => a.key));
    const mine = records.filter((r) => took.has(recordKey(r) ?? ''));
    const stored = await store.getRecords([...mine.map((r) => recordKey(r)!), ...withdrawn]);
    for (const r of mine) {
      const s = stored.get(recordKey(r)!);
      if (!s || s.hash !== contentHash(r) || s.status === 'withdrawn' || s.status === 'returned') return false;
    }
    return withdrawn.every((k) => { const s = stored.get(k); return !s || s.status === 'withdrawn'; });
  }

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      await route(req, res);
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      if (err instanceof StoreConflictError) {
        sendJson(res, 409, errorBody('concurrent-change', t('centre-api.concurrent-change', langOf(req), { key: err.key }), { key: err.key }), { 'retry-after': '0' });
        return;
      }
      if (err instanceof CentreError) {
        const headers: Record<string, string> = err.status === 413 ? { connection: 'close' } : err.status === 503 ? { 'retry-after': '1' } : {};
        sendJson(res, err.status, errorBody(err.code, err.messageIn(langOf(req)), err.details), headers);
        return;
      }
      sendJson(res, 500, errorBody('internal-error', t('centre-api.internal-error', langOf(req), { detail: (err as Error)?.message ?? String(err) })));
    }
  };
}

export interface RunningCentre {
  url: string;
  port: number;
  server: http.Server;
  /** Stop accepting, let in-flight requests finish, close the store. */
  close(): Promise<void>;
}

/** Start a centre on host:port (port 0 = any free port). */
export async function startCentre(opts: CentreServerOptions & { port?: number; host?: string }): Promise<RunningCentre> {
  const handler = createCentreHandler(opts);
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  // Timeouts are checked every second (Node's default is every 30 s) so slow clients are dropped on time.
  const server = http.createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    if (closing) res.setHeader('connection', 'close');
    const p = handler(req, res);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });
  server.requestTimeout = opts.requestTimeoutMs ?? 120_000;
  server.headersTimeout = Math.min(opts.headersTimeoutMs ?? 20_000, server.requestTimeout);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    server,
    close() {
      if (closed) return closed;
      closing = true;
      closed = (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeIdleConnections();
        await stopped;
        await opts.store.close();
      })();
      return closed;
    },
  };
}
