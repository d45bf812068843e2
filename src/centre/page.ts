import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import type { SearchQuery, SearchResult } from './store.js';
import type { CountRow } from './record-counts.js';
import { DEFAULT_LIMITS } from './limits.js';
import { clip } from './clip.js';
import { esc, href, layout, localTime, val } from './html/layout.js';

/**
 * The browse/search page served at "/": plain server-rendered HTML (html/layout.ts: one inline stylesheet, no
 * scripts, no external assets), in zh or en. Providers are chosen by name from a list with their record counts;
 * times are local, with the zone. Each result links to its record page (/records/{key}); JSON stays at the API.
 */

export interface BrowseOptions {
  title?: string;
  /** Longest text shown of a record (title, abstract…), in characters; the record's own page has it whole. */
  maxText?: number;
  lang?: Lang;
  /** Providers with published records (code, name, count), largest first, for the provider list. */
  providers?: CountRow[];
  timeZone?: string;
}

const SHARE_TYPES = ['无条件共享', '有条件共享', '不予共享'];

function providerSelect(query: SearchQuery, providers: CountRow[], lang: Lang): string {
  const known = providers.some((p) => p.value === query.provider);
  const opts = providers.map((p) => `<option value="${esc(p.value)}"${p.value === query.provider ? ' selected' : ''}>${esc(clip(p.name ?? p.value ?? '', 40))} (${p.count})</option>`);
  // a provider code from a link that is not in the list (beyond it, or no published records) stays selectable
  if (query.provider && !known) opts.unshift(`<option value="${esc(query.provider)}" selected>${esc(clip(query.provider, 40))}</option>`);
  return `<select name="provider" aria-label="${esc(t('page.providers', lang))}" id="provider"><option value="">${esc(t('page.all-providers', lang))}</option>${opts.join('')}</select>`;
}

export function renderBrowsePage(query: SearchQuery, result: SearchResult, o: BrowseOptions = {}): string {
  const lang = o.lang ?? 'zh';
  const title = o.title ?? t('page.directory', lang);
  const c = (v: unknown) => val(clip(v, o.maxText ?? DEFAULT_LIMITS.maxListTextChars));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  // an inexact total is a lower bound: show "1000+" and keep offering the next page
  const count = result.totalExact ? String(result.total) : `${result.total}+`;
  const hasNext = result.page < pages || (!result.totalExact && result.items.length === result.pageSize);
  const params = { q: query.q, provider: query.provider, class: query.classCode, shareType: query.shareType };
  const link = (page: number) => href('/', lang, { ...params, page: String(page) });
  const items = result.items.map((r) => {
    const api = `/api/v1/records/${encodeURIComponent(r.key)}`;
    return `<li class="result"><a href="${href(`/records/${encodeURIComponent(r.key)}`, lang)}">${c(r.record.title)}</a>
<div class="meta">${c(r.key)} · ${c(r.record.provider?.name)} · ${c(r.record.sharing?.type ?? '')} · ${esc(t('page.updated', lang))} ${localTime(r.datestamp, lang, o.timeZone)}
 · <a href="${esc(api)}">JSON</a> · <a href="${esc(api)}?format=xml">XML</a></div>
${r.record.abstract ? `<p>${c(r.record.abstract)}</p>` : ''}</li>`;
  }).join('\n');
  const body = `<h1>${esc(title)}</h1>
<form method="get" action="/" role="search"><input type="hidden" name="lang" value="${lang}">
<input type="search" name="q" value="${esc(query.q)}" placeholder="${esc(t('page.keyword', lang))}" aria-label="${esc(t('page.keyword', lang))}">
${providerSelect(query, o.providers ?? [], lang)}
<input type="text" name="class" value="${esc(query.classCode)}" placeholder="${esc(t('page.class', lang))}" aria-label="${esc(t('page.class', lang))}" size="8">
<select name="shareType" aria-label="${esc(t('page.all-share-types', lang))}"><option value="">${esc(t('page.all-share-types', lang))}</option>${SHARE_TYPES.map((s) => `<option value="${esc(s)}"${s === query.shareType ? ' selected' : ''}>${esc(s)}</option>`).join('')}</select>
<button type="submit">${esc(t('page.search', lang))}</button></form>
<p class="total" id="total">${esc(t('page.total', lang, { count }))}</p>
<ol id="results" start="${(result.page - 1) * result.pageSize + 1}">
${items}
</ol>
<nav>${result.page > 1 ? `<a href="${link(result.page - 1)}">${esc(t('page.prev', lang))}</a>` : ''}${hasNext ? `<a href="${link(result.page + 1)}">${esc(t('page.next', lang))}</a>` : ''}
<span>${esc(t('page.page-of', lang, { page: result.page, pages: result.totalExact ? pages : `${pages}+` }))}</span></nav>`;
  return layout(lang, title, body, { path: '/', params: { ...params, page: result.page > 1 ? String(result.page) : undefined } });
}
