import type { Lang } from '../../i18n/lang.js';
import { t, tCode } from '../../i18n/t.js';
import type { CentreDescription } from './describe.js';
import { LEVELS } from './level.js';
import { centrePath } from './chain.js';
import { esc } from '../html/layout.js';
import type { MemberView } from './members.js';

/**
 * The member-centres page (GET /centres): server-rendered HTML, one inline stylesheet, no scripts, in the
 * request's language (like the browse page, src/centre/page.ts). Times are shown in UTC with the zone named.
 */

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#222}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.ok{color:#17653a}.bad{color:#a11}.meta{color:#555;font-size:.9rem}@media (max-width:40rem){thead{display:none}td{display:block;border:0;padding:.1rem 0}tr{display:block;border-bottom:1px solid #ddd;padding:.4rem 0}td::before{content:attr(data-label) "：";color:#555}}`;

const when = (v: string | undefined, lang: Lang) => (v ? `${v.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} UTC` : t('tree.page-never', lang));

export function renderCentresPage(self: CentreDescription, members: MemberView[], lang: Lang): string {
  const L = (code: string) => esc(tCode(code, lang));
  const head = ['tree.page-name', 'tree.page-level', 'tree.page-division', 'tree.page-health', 'tree.page-records', 'tree.page-last-harvest'];
  const rows = members.map((m) => {
    const cells = [
      `<a href="${esc(centrePath(m.url, '/'))}">${esc(m.name || m.url)}</a><div class="meta">${esc(m.url)}</div>`,
      esc(m.level ? LEVELS[m.level][lang] : ''), esc(m.division ?? ''),
      `<span class="${m.health === 'ok' ? 'ok' : m.health === 'unhealthy' ? 'bad' : ''}">${L(`tree.health-${m.health}`)}</span>`,
      esc(m.records), esc(when(m.lastSuccess, lang)),
    ];
    return `<tr>${cells.map((c, i) => `<td data-label="${L(head[i])}">${c}</td>`).join('')}</tr>`;
  }).join('\n');
  const level = self.level ? ` · ${esc(self.level[lang])}` : '';
  const division = self.division ? ` · ${esc(self.division.name)} ${esc(self.division.code)}` : '';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${L('tree.page-title')} · ${esc(self.name)}</title><style>${STYLE}</style></head>
<body><h1>${L('tree.page-title')}</h1>
<p class="meta">${esc(self.name)}${level}${division}${self.parent ? ` · ${L('tree.page-parent')} <a href="${esc(centrePath(self.parent, '/centres'))}">${esc(self.parent)}</a>` : ''}</p>
${members.length ? `<table id="members"><thead><tr>${head.map((h) => `<th>${L(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>` : `<p id="members">${L('tree.page-none')}</p>`}
<footer class="meta"><a href="/">${L('tree.page-search')}</a> · <a href="/api/v1/centres">JSON</a> · <a href="/centres?lang=${lang === 'zh' ? 'en' : 'zh'}">${lang === 'zh' ? 'English' : '中文'}</a></footer>
</body></html>
`;
}
