import { CentreError } from '../register.js';
import { sendJson, sendText } from '../respond.js';
import { parseJson } from '../request.js';
import { smallBody } from '../body.js';
import { sourcesReport, type SourcesReport } from '../sources.js';
import { renderSourcesPage } from '../sources-page.js';
import { loadElements } from '../../elements/dictionary.js';
import { utcNow, type CentreStore } from '../store.js';
import type { Lang } from '../../i18n/lang.js';
import { callerOf, type RequestContext } from './context.js';

/**
 * One report computation at a time per store: concurrent requests share it, so the public report (a scan of every
 * published record) cannot be multiplied by a burst of callers.
 */
const inFlight = new WeakMap<CentreStore, Promise<SourcesReport>>();
function report(store: CentreStore): Promise<SourcesReport> {
  let p = inFlight.get(store);
  if (!p) {
    p = sourcesReport(store).finally(() => inFlight.delete(store));
    inFlight.set(store, p);
  }
  return p;
}

const pageLang = (ctx: RequestContext): Lang => {
  const q = ctx.url.searchParams.get('lang');
  return q === 'zh' || q === 'en' ? q : ctx.lang;
};

export async function sourcesJson(ctx: RequestContext): Promise<void> {
  sendJson(ctx.res, 200, await report(ctx.store));
}

export async function sourcesPage(ctx: RequestContext): Promise<void> {
  sendText(ctx.res, 200, 'text/html', renderSourcesPage(await report(ctx.store), pageLang(ctx)));
}

/** Admin: designate the authoritative provider of a data element ({element, provider, resourceKey?}). */
export async function setAuthority(ctx: RequestContext): Promise<void> {
  const input = parseJson(smallBody(ctx.body)) as Record<string, unknown> | null;
  const str = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= 200;
  if (!input || typeof input !== 'object' || !str(input.element) || !str(input.provider) || (input.resourceKey !== undefined && !str(input.resourceKey))) {
    throw new CentreError(400, 'authority-body');
  }
  const el = loadElements().elements.find((e) => e.id === input.element || e.name === input.element);
  if (!el) throw new CentreError(400, 'unknown-element', { element: String(input.element) });
  const authority = { element: el.id, provider: String(input.provider).trim(), ...(input.resourceKey ? { resourceKey: String(input.resourceKey).trim() } : {}), setBy: `admin:${callerOf(ctx).id}`, setAt: utcNow() };
  await ctx.store.setAuthority(authority);
  sendJson(ctx.res, 200, { ...authority, name: el.name });
}

export async function removeAuthority(ctx: RequestContext): Promise<void> {
  const el = loadElements().elements.find((e) => e.id === ctx.params.id || e.name === ctx.params.id);
  if (!el) throw new CentreError(404, 'unknown-element', { element: ctx.params.id });
  if (!(await ctx.store.removeAuthority(el.id))) throw new CentreError(404, 'unknown-element', { element: ctx.params.id });
  sendJson(ctx.res, 200, { element: el.id, removed: true });
}
