import type { SearchQuery, SearchResult } from './store.js';
import { DEFAULT_LIMITS } from './limits.js';
import { clip } from './clip.js';

/**
 * The browse/search page served at "/": plain server-rendered HTML, one inline stylesheet, no
 * scripts, no external assets, so it works in any browser and without JavaScript.
 */

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222}
h1{font-size:1.4rem}form{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1rem}input,select,button{font:inherit;padding:.3rem}
ol{padding-left:1.2rem}li{margin-bottom:.8rem}.meta{color:#555;font-size:.9rem}.total{margin:.5rem 0}nav a{margin-right:1rem}`;

/** `maxText`: longest text shown of a record (title, abstract…), in characters; the record's own page has it whole. */
export function renderBrowsePage(query: SearchQuery, result: SearchResult, title = '政务信息资源目录', maxText = DEFAULT_LIMITS.maxListTextChars): string {
  const c = (v: unknown) => esc(clip(v, maxText));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  // an inexact total is a lower bound: show "1000+" and keep offering the next page
  const count = result.totalExact ? String(result.total) : `${result.total}+`;
  const hasNext = result.page < pages || (!result.totalExact && result.items.length === result.pageSize);
  const link = (page: number) => {
    const p = new URLSearchParams();
    if (query.q) p.set('q', query.q);
    if (query.provider) p.set('provider', query.provider);
    if (query.classCode) p.set('class', query.classCode);
    if (query.shareType) p.set('shareType', query.shareType);
    p.set('page', String(page));
    return `/?${esc(p.toString())}`;
  };
  const items = result.items.map((r) => {
    const href = `/api/v1/records/${encodeURIComponent(r.key)}`;
    return `<li class="result"><a href="${href}">${c(r.record.title)}</a>
<div class="meta">${c(r.key)} · ${c(r.record.provider?.name)} · ${c(r.record.sharing?.type ?? '')} · 更新 ${esc(r.datestamp)}
 · <a href="${href}?format=xml">XML</a> · <a href="${href}/history">历史</a></div>
${r.record.abstract ? `<p>${c(r.record.abstract)}</p>` : ''}</li>`;
  }).join('\n');
  const shareTypes = ['', '无条件共享', '有条件共享', '不予共享'];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(title)} <small>Directory search</small></h1>
<form method="get" action="/" role="search">
<input type="search" name="q" value="${esc(query.q)}" placeholder="关键字 keyword" aria-label="关键字">
<input type="text" name="provider" value="${esc(query.provider)}" placeholder="提供方代码 provider code" aria-label="提供方代码">
<input type="text" name="class" value="${esc(query.classCode)}" placeholder="分类 class" aria-label="分类" size="8">
<select name="shareType" aria-label="共享类型">${shareTypes.map((s) => `<option value="${esc(s)}"${s === (query.shareType ?? '') ? ' selected' : ''}>${s ? esc(s) : '共享类型（全部）'}</option>`).join('')}</select>
<button type="submit">搜索 Search</button></form>
<p class="total" id="total">共 ${count} 条 / ${count} results</p>
<ol id="results" start="${(result.page - 1) * result.pageSize + 1}">
${items}
</ol>
<nav>${result.page > 1 ? `<a href="${link(result.page - 1)}">上一页</a>` : ''}${hasNext ? `<a href="${link(result.page + 1)}">下一页</a>` : ''}
<span>第 ${result.page} / ${result.totalExact ? pages : `${pages}+`} 页</span></nav>
<footer class="meta"><a href="/oai?verb=Identify">OAI-PMH</a> · <a href="/health">health</a></footer>
</body></html>
`;
}
