import { CentreError } from './register.js';
import type { Handler } from './handlers/context.js';
import { health, oai, schema } from './handlers/site.js';
import { browsePage, overviewPage, recordPage } from './handlers/pages.js';
import { deleteRecord, getRecord, postRecords, recordHistory, searchRecords } from './handlers/records.js';
import { postPackage } from './handlers/packages.js';
import { listSubmissions, review } from './handlers/submissions.js';
import { centresPage, getCentre, joinCentre, listCentres, locateRecord } from './handlers/tree.js';
import { removeAuthority, setAuthority, sourcesJson, sourcesPage } from './handlers/sources.js';

/**
 * Who may call a route: `none` anyone (no token looked at), `optional` anyone, but a token sent must be live
 * (it shows the caller's own unpublished records), `token` any live token, `admin` an admin token.
 * A live token is known, not revoked and not expired (401 token-missing / token-invalid / token-expired).
 * The dispatcher checks it before the handler runs; ownership of the records touched is checked by the
 * write paths themselves (register.ts), since it depends on the body.
 */
export type RouteAuth = 'none' | 'optional' | 'token' | 'admin';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI path template: {key} is a record key (may hold "/"), {id} and {name} one path segment or more. */
  path: string;
  auth: RouteAuth;
  /**
   * A token bound to a public key (token create --public-key) changes the catalogue only through packages signed
   * with that key: routes that write without a signature refuse it (403 signature-required) rather than letting
   * the token alone bypass the signature.
   */
  refusesKeyBound?: boolean;
  /** The handler reads the request body itself (a package is streamed to a temp file); the dispatcher does not. */
  streamsBody?: boolean;
  /**
   * The body may be as large as --max-body (a batch of records). Any other body is a small form or JSON object read
   * with SMALL_BODY_BYTES (body.ts), refused by its Content-Length before a byte is read: an anonymous POST /oai
   * cannot make the centre buffer --max-body bytes.
   */
  largeBody?: boolean;
  /** Also answers HEAD (as GET without a body). */
  head?: boolean;
  handler: Handler;
}

/**
 * Every route the centre answers, in matching order (a more specific pattern before one that would also match).
 * The server dispatches from it, the OpenAPI test checks each is described in openapi.yaml, and the
 * authorization matrix test (test/centre/authz-matrix.test.ts) calls each with every role.
 */
export const ROUTE_TABLE: Route[] = [
  { method: 'GET', path: '/', auth: 'none', head: true, handler: browsePage },
  { method: 'GET', path: '/overview', auth: 'none', head: true, handler: overviewPage },
  { method: 'GET', path: '/records/{key}', auth: 'optional', head: true, handler: recordPage },
  { method: 'GET', path: '/health', auth: 'none', head: true, handler: health },
  { method: 'GET', path: '/oai', auth: 'none', handler: oai },
  { method: 'POST', path: '/oai', auth: 'none', handler: oai },
  { method: 'GET', path: '/schemas/{name}', auth: 'none', handler: schema },
  { method: 'POST', path: '/api/v1/packages', auth: 'token', streamsBody: true, handler: postPackage },
  { method: 'GET', path: '/api/v1/records', auth: 'none', handler: searchRecords },
  { method: 'POST', path: '/api/v1/records', auth: 'token', refusesKeyBound: true, largeBody: true, handler: postRecords },
  { method: 'GET', path: '/api/v1/records/{key}/history', auth: 'optional', handler: recordHistory },
  { method: 'GET', path: '/api/v1/records/{key}', auth: 'optional', handler: getRecord },
  { method: 'DELETE', path: '/api/v1/records/{key}', auth: 'token', refusesKeyBound: true, handler: deleteRecord },
  { method: 'GET', path: '/api/v1/submissions', auth: 'admin', handler: listSubmissions },
  { method: 'POST', path: '/api/v1/submissions/{id}/review', auth: 'admin', handler: review },
  // 一数一源 (issue 20): who registers each data element, its authority, conflicts
  { method: 'GET', path: '/reports/sources', auth: 'none', head: true, handler: sourcesPage },
  { method: 'GET', path: '/api/v1/reports/sources', auth: 'none', handler: sourcesJson },
  { method: 'POST', path: '/api/v1/authorities', auth: 'admin', handler: setAuthority },
  { method: 'DELETE', path: '/api/v1/authorities/{id}', auth: 'admin', handler: removeAuthority },
  // tree of centres (issue 19): self-description, member centres (join: a centre or admin token), locate
  { method: 'GET', path: '/api/v1/centre', auth: 'none', handler: getCentre },
  { method: 'GET', path: '/api/v1/centres', auth: 'optional', handler: listCentres },
  { method: 'POST', path: '/api/v1/centres', auth: 'token', refusesKeyBound: true, handler: joinCentre },
  { method: 'GET', path: '/api/v1/locate/{code}', auth: 'none', handler: locateRecord },
  { method: 'GET', path: '/centres', auth: 'none', head: true, handler: centresPage },
];

/** Method and path of every route, lower-case method as in OpenAPI (the OpenAPI test compares them). */
export const ROUTES: { method: string; path: string }[] = ROUTE_TABLE.map((r) => ({ method: r.method.toLowerCase(), path: r.path }));

const PARAM_PATTERN: Record<string, string> = { key: '.+?', id: '[^/]+', name: '.+', code: '.+' };

function compile(template: string): RegExp {
  const src = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>${PARAM_PATTERN[name] ?? '[^/]+'})`);
  return new RegExp(`^${src}$`);
}

const COMPILED = ROUTE_TABLE.map((r) => ({ route: r, re: compile(r.path) }));

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function decodeParam(name: string, v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    throw new CentreError(400, 'bad-parameter', { detail: `the ${name === 'key' ? 'record key' : name} is not valid percent-encoding` });
  }
}

/**
 * The route for `method` on `pathname`: the first pattern (in table order) that matches the path names the
 * resource; 404 not-found when none does, 405 method-not-allowed (listing the allowed methods) when the
 * resource has no route for the method.
 */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const first = COMPILED.find((c) => c.re.test(pathname));
  if (!first) throw new CentreError(404, 'not-found', { path: pathname });
  const same = COMPILED.filter((c) => c.route.path === first.route.path);
  const hit = same.find((c) => c.route.method === method || (method === 'HEAD' && c.route.method === 'GET' && c.route.head));
  if (!hit) throw new CentreError(405, 'method-not-allowed', { method, path: pathname, allowed: same.map((c) => c.route.method).join(', ') });
  const groups = hit.re.exec(pathname)?.groups ?? {};
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups)) params[k] = decodeParam(k, v);
  return { route: hit.route, params };
}
