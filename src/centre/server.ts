import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Lang } from '../i18n/lang.js';
import { apiErrorBody, centreErrorBody } from './handlers/answer-text.js';
import { authenticate, isExpired, noteUse } from './auth.js';
import { CentreError } from './register.js';
import { matchRoute, type Route } from './routes.js';
import { sendJson } from './respond.js';
import { discardBody, readBody, readSmallBody } from './body.js';
import { listProfiles } from '../profiles/load.js';
import { validateRecord } from '../validate/records.js';
import type { CatalogRecord } from '../model/record.js';
import { drainCap, limitsOf, profileFieldCaps, type CentreLimits } from './limits.js';
import { validators } from './request-shapes.js';
import type { AccessLog } from './access-log.js';
import { startTree, type TreeServeOptions } from './tree/serve.js';
import { removeStaleUploads } from './stale-uploads.js';
import { StoreConflictError, type CentreStore, type TokenInfo } from './store.js';
import { stderrSink } from './log-sink.js';

export interface CentreServerOptions {
  store: CentreStore;
  /** Review (审核) on: department registrations wait for an admin. */
  review?: boolean;
  /** Largest request body in bytes (default 32 MiB for packages, records batches alike); same as limits.maxBodyBytes. */
  maxBodyBytes?: number;
  /** Resource limits (docs/security.md "Limits"); unset ones take DEFAULT_LIMITS. */
  limits?: Partial<CentreLimits>;
  /** Compile every profile's validator before listening (else the first registration pays ~0.5 s for it). */
  warm?: boolean;
  /** Where internal errors are logged, one JSON line each (default: stderr). */
  logError?: (line: string) => void;
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
  /** Where each request's access log line goes (access-log.ts); none when absent. */
  accessLog?: AccessLog;
  /** Tree of centres (centre serve --level --division --harvest-every): self-description and scheduled harvest. */
  tree?: TreeServeOptions;
  /** Directory of uploaded packages while they are verified (default: the system's, TMPDIR); each is removed after. */
  tempDir?: string;
}

export { ROUTES } from './routes.js';

export function createCentreHandler(opts: CentreServerOptions) {
  const { store } = opts;
  const limits = limitsOf(opts);
  const logError = opts.logError ?? stderrSink;
  let writes = 0;

  /** The caller's token as the route's `auth` requires it (undefined on public routes). */
  async function authorize(route: Route, req: http.IncomingMessage, seen: Seen): Promise<TokenInfo | undefined> {
    if (route.auth === 'none') return undefined;
    if (!req.headers.authorization) {
      if (route.auth === 'optional') return undefined;
      throw new CentreError(401, 'token-missing');
    }
    const token = await authenticate(store, req.headers.authorization);
    if (!token) throw new CentreError(401, 'token-invalid');
    // logged from here on, refused or not: the log says whose token was refused (expired, not admin…)
    seen.token = token;
    if (isExpired(token)) throw new CentreError(401, 'token-expired', { id: token.id, expires: token.expires }, { expires: token.expires });
    await noteUse(store, token);
    if (route.refusesKeyBound && token.publicKey) throw new CentreError(403, 'signature-required', {}, { actsFor: token.provider });
    if (route.auth === 'admin' && !token.admin) throw new CentreError(403, 'admin-required');
    return token;
  }

  /** Language of a request's messages: Accept-Language zh… / en…, else the server's --lang. */
  function langOf(req: http.IncomingMessage): Lang {
    const first = (req.headers['accept-language'] ?? '').split(',')[0].trim().toLowerCase();
    if (first.startsWith('zh')) return 'zh';
    if (first.startsWith('en')) return 'en';
    return opts.lang ?? 'en';
  }

  /** Find the request's route in the table (routes.ts), check its auth, run its handler; `seen` notes route and token for the log. */
  async function dispatch(req: http.IncomingMessage, res: http.ServerResponse, seen: Seen): Promise<void> {
    const lang = langOf(req);
    const url = new URL(req.url ?? '/', 'http://centre.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const isWrite = (method === 'POST' || method === 'DELETE') && url.pathname.startsWith('/api/');
    const { route, params } = matchRoute(method, url.pathname);
    seen.route = route.path;
    // the token before the body: an unauthenticated upload is answered 401 without its body being kept
    const token = await authorize(route, req, seen);
    const body = method !== 'POST' || route.streamsBody ? Buffer.alloc(0)
      : route.largeBody ? await readBody(req, limits.maxBodyBytes, drainCap(limits)) : await readSmallBody(req, drainCap(limits));
    if (isWrite && opts.faultEvery && ++writes % opts.faultEvery === 0) {
      seen.error = 'fault-injected';
      sendJson(res, 503, apiErrorBody('fault-injected', lang), { 'retry-after': '0' });
      return;
    }
    await route.handler({ store, opts, req, res, url, params, body, lang, token });
  }

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const seen: Seen = { id: randomBytes(8).toString('hex'), start: Date.now(), t0: process.hrtime.bigint() };
    res.setHeader('x-request-id', seen.id);
    if (opts.accessLog) logWhenDone(opts.accessLog, req, res, seen);
    try {
      await dispatch(req, res, seen);
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      // answered before the whole body arrived (401, 404, 413, …): discard the rest so the client reads the answer
      if (!req.complete) discardBody(req, drainCap(limits));
      if (err instanceof StoreConflictError) {
        seen.error = 'concurrent-change';
        sendJson(res, 409, apiErrorBody('concurrent-change', langOf(req), { key: err.key }, { key: err.key }), { 'retry-after': '0' });
        return;
      }
      if (err instanceof CentreError) {
        seen.error = err.code;
        sendJson(res, err.status, centreErrorBody(err, langOf(req)), err.status === 503 ? { 'retry-after': '1' } : {});
        return;
      }
      seen.error = 'internal-error';
      // never the internal text to the client (it can name tables, paths, library internals): the log has it
      const requestId = seen.id;
      logError(JSON.stringify({ time: new Date().toISOString(), level: 'error', requestId, method: req.method, path: req.url?.split('?')[0], error: String((err as Error)?.stack ?? err) }));
      sendJson(res, 500, apiErrorBody('internal-error', langOf(req), { requestId }, { requestId }));
    }
  };
}

/** What the access log learns about a request while it is handled. */
interface Seen {
  id: string;
  start: number;
  t0: bigint;
  route?: string;
  token?: TokenInfo;
  error?: string;
}

/** Write the request's access log line once its answer is sent (or the client went away). */
function logWhenDone(log: AccessLog, req: http.IncomingMessage, res: http.ServerResponse, seen: Seen): void {
  let done = false;
  const write = (aborted: boolean) => {
    if (done) return;
    done = true;
    const length = Number(res.getHeader('content-length'));
    log.write({
      time: new Date(seen.start).toISOString(), id: seen.id, method: req.method ?? 'GET', route: seen.route ?? null,
      token: seen.token?.id ?? null, provider: seen.token ? seen.token.provider : null, status: res.statusCode,
      bytes: req.method === 'HEAD' || !Number.isFinite(length) ? 0 : length,
      ms: Math.round(Number(process.hrtime.bigint() - seen.t0) / 1e5) / 10,
      ...(seen.error ? { error: seen.error } : {}), ...(aborted ? { aborted: true as const } : {}),
    });
  };
  res.on('finish', () => write(false));
  res.on('close', () => write(!res.writableFinished));
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
  // a centre killed with kill -9 leaves its upload temp files behind (stale-uploads.ts says which go)
  await removeStaleUploads(opts.tempDir ?? os.tmpdir());
  const handler = createCentreHandler(opts);
  if (opts.warm) {
    validators();
    for (const p of listProfiles()) { validateRecord({} as CatalogRecord, { profile: p.id }); profileFieldCaps(p.id); }
  }
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
  const url = `http://${host}:${addr.port}`;
  const schedule = opts.tree ? await startTree(opts.store, opts.tree, opts.baseUrl ?? url) : undefined;
  let closed: Promise<void> | undefined;
  return {
    url,
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
        await schedule?.stop();
        await opts.store.close();
      })();
      return closed;
    },
  };
}
