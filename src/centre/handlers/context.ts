import type http from 'node:http';
import type { Lang } from '../../i18n/lang.js';
import type { CentreStore, TokenInfo } from '../store.js';
import type { CentreServerOptions } from '../server.js';

/** What one request's handler gets: the centre, the request, its route's path parameters, its body and caller. */
export interface RequestContext {
  store: CentreStore;
  opts: CentreServerOptions;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** Path parameters of the route's pattern, decoded ({key}, {id}, {name}). */
  params: Record<string, string>;
  /** The request body read by the dispatcher (empty on routes that stream it themselves: Route.streamsBody). */
  body: Buffer;
  lang: Lang;
  /** The caller's token: always set on routes whose auth is `token` or `admin`. */
  token?: TokenInfo;
}

export type Handler = (ctx: RequestContext) => Promise<void>;

/** The token of a route that requires one (the dispatcher has checked it). */
export function callerOf(ctx: RequestContext): TokenInfo {
  if (!ctx.token) throw new Error(`route ${ctx.url.pathname} has no token: its table entry must require one`);
  return ctx.token;
}
