import type { Lang } from '../../i18n/lang.js';
import { t } from '../../i18n/t.js';

/**
 * The frame every HTML page of the centre shares: one inline stylesheet, no scripts, no external assets, so the
 * pages work in any browser, without JavaScript and offline. Every text from a record or a request goes through
 * esc(); values that may be right-to-left or very long are isolated (<bdi>) and may break anywhere (CSS).
 */

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** User-supplied text, escaped and isolated from the surrounding direction (RTL marks stay inside). */
export const val = (s: unknown) => `<bdi>${esc(s)}</bdi>`;

const STYLE = `*{box-sizing:border-box}body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222;overflow-wrap:anywhere}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}form{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1rem}
input,select,button{font:inherit;padding:.3rem;max-width:100%}ol{padding-left:1.2rem}li{margin-bottom:.8rem}
.meta{color:#555;font-size:.9rem}.total{margin:.5rem 0}nav a{margin-right:1rem}header nav{margin-bottom:.5rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{background:#f3f3f3;font-weight:600}table.fields th{width:34%}.chart{width:100%;height:auto;display:block}.scroll{overflow-x:auto}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}`;

/** `?lang=zh|en` wins over the request's language (Accept-Language, else the server's --lang). */
export function pageLang(url: URL, fallback: Lang): Lang {
  const q = url.searchParams.get('lang');
  return q === 'zh' || q === 'en' ? q : fallback;
}

/** A local page link keeping the language. */
export function href(path: string, lang: Lang, params: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  p.set('lang', lang);
  return esc(`${path}?${p.toString()}`);
}

/** The whole document: title, site navigation (browse, overview, the other language), body. */
export function layout(lang: Lang, title: string, body: string, self: { path: string; params?: Record<string, string | undefined> }): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><nav><a href="${href('/', lang)}">${esc(t('page.browse', lang))}</a><a href="${href('/overview', lang)}">${esc(t('page.overview', lang))}</a><a href="${href(self.path, other, self.params)}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" id="other-lang">${esc(t('page.language', lang))}</a></nav></header>
${body}
<footer class="meta"><a href="/oai?verb=Identify">OAI-PMH</a> · <a href="/health">health</a></footer>
</body></html>
`;
}

/**
 * A UTC datestamp as local time with its zone ("2026-03-01 16:00 GMT+8"), in the server's time zone (TZ), inside
 * <time datetime> so the exact instant stays machine-readable.
 */
export function localTime(utc: string, lang: Lang, timeZone?: string): string {
  const d = new Date(utc);
  if (Number.isNaN(d.getTime())) return esc(utc);
  const f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
  return `<time datetime="${esc(utc)}">${esc(f.format(d))}</time>`;
}
