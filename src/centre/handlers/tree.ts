import { sendJson, sendText, errorBody } from '../respond.js';
import { smallBody } from '../body.js';
import { CentreError } from '../register.js';
import { describeCentre } from '../tree/describe.js';
import { TreeError } from '../tree/error.js';
import { acceptMember } from '../tree/join.js';
import { locate } from '../tree/locate.js';
import { listMembers } from '../tree/members.js';
import { renderCentresPage } from '../tree/page.js';
import { treeStoreOf } from '../tree/store.js';
import { normalUrl } from '../tree/chain.js';
import { baseOf } from './site.js';
import { callerOf, type Handler, type RequestContext } from './context.js';
import { tCode } from '../../i18n/t.js';
import { renderStoredError } from '../../i18n/render-error.js';

/** Handlers of the tree of centres (issue 19): self-description, member centres, join, locate. */

/** A TreeError becomes the JSON error answer every API error has, in the request's language. */
function treeErrors(fn: Handler): Handler {
  return async (ctx) => {
    try {
      await fn(ctx);
    } catch (err) {
      if (!(err instanceof TreeError)) throw err;
      sendJson(ctx.res, err.status, errorBody(err.code.replace(/^tree\./, ''), tCode(err.code, ctx.lang, err.params), err.params));
    }
  };
}

async function self(ctx: RequestContext) {
  const me = await (await treeStoreOf(ctx.store)).identity();
  return describeCentre(ctx.store, me, baseOf(ctx), ctx.opts.repositoryName);
}

export const getCentre: Handler = async (ctx) => sendJson(ctx.res, 200, await self(ctx));

/** Member centres and sources; error details and recent runs only for admin and centre tokens. */
export const listCentres: Handler = async (ctx) => {
  const tree = await treeStoreOf(ctx.store);
  const detailed = !!ctx.token && (ctx.token.admin || await tree.isCentreToken(ctx.token.id));
  const items = (await listMembers(ctx.store, detailed)).map((m) => ({
    ...m,
    // stored as code + params (tree/run-error.ts), worded here in the caller's language
    ...(m.lastError ? { lastError: { ...m.lastError, message: renderStoredError(m.lastError.message, ctx.lang) } } : {}),
    ...(m.recentRuns ? { recentRuns: m.recentRuns.map((r) => (r.error ? { ...r, error: renderStoredError(r.error, ctx.lang) } : r)) } : {}),
  }));
  sendJson(ctx.res, 200, { centre: await self(ctx), items });
};

/** Join: a centre token (centre token create --centre) or an admin token; a department token may not. */
export const joinCentre: Handler = treeErrors(async (ctx) => {
  const token = callerOf(ctx);
  if (!token.admin && !(await (await treeStoreOf(ctx.store)).isCentreToken(token.id))) throw new CentreError(403, 'centre-token-required');
  let body: unknown;
  try {
    body = JSON.parse(smallBody(ctx.body).toString('utf8'));
  } catch {
    throw new CentreError(400, 'bad-parameter', { detail: 'the body must be JSON: {"url": "<the joining centre\'s base URL>"}' });
  }
  const base = baseOf(ctx);
  const urls = [base, ctx.opts.baseUrl].map((u) => (u ? normalUrl(u) : undefined)).filter((u): u is string => !!u);
  sendJson(ctx.res, 200, await acceptMember(ctx.store, body, { base, urls, name: ctx.opts.repositoryName }));
});

export const locateRecord: Handler = treeErrors(async (ctx) => {
  const follow = ctx.url.searchParams.get('follow') !== 'false';
  sendJson(ctx.res, 200, await locate(ctx.store, ctx.params.code, baseOf(ctx), ctx.opts.repositoryName, follow));
});

export const centresPage: Handler = async (ctx) => {
  const asked = ctx.url.searchParams.get('lang');
  const lang = asked === 'zh' || asked === 'en' ? asked : ctx.lang;
  sendText(ctx.res, 200, 'text/html', renderCentresPage(await self(ctx), await listMembers(ctx.store, false), lang));
};
