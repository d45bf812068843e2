import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import { escapeXml as esc } from './oai.js';
import type { ElementSources, SourceConflict, SourcesReport } from './sources.js';

/**
 * The 一数一源 page (GET /reports/sources, and `catalog centre sources --format html`): server-rendered HTML,
 * one inline stylesheet, an inline SVG bar chart, no scripts and no external assets. Wide tables scroll inside
 * their own box so a phone screen never scrolls sideways.
 */

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:64rem;padding:1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}.meta{color:#555;font-size:.9rem}svg{max-width:100%;height:auto}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3}.warn{color:#a40000}.ok{color:#1a6b1a}ul{padding-left:1.2rem;margin:.2rem 0}nav a{margin-right:1rem}`;

const BAR_HEIGHT = 22;

/** Horizontal bars: providers per element; elements held by several providers in red (overlap). */
function chart(elements: ElementSources[], lang: Lang): string {
  const rows = elements.filter((e) => e.providers.length);
  if (!rows.length) return '';
  const max = Math.max(...rows.map((e) => e.providers.length));
  const width = 640;
  const label = 170;
  const scale = (width - label - 40) / max;
  const bars = rows.map((e, i) => {
    const y = i * BAR_HEIGHT + 4;
    const w = Math.max(2, e.providers.length * scale);
    const fill = e.providers.length > 1 ? '#c0392b' : '#2e86c1';
    return `<text x="${label - 6}" y="${y + 14}" text-anchor="end" font-size="13">${esc(e.name)}</text>`
      + `<rect x="${label}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT - 6}" fill="${fill}"><title>${esc(e.name)}: ${e.providers.length}</title></rect>`
      + `<text x="${(label + w + 4).toFixed(1)}" y="${y + 14}" font-size="13">${e.providers.length}</text>`;
  });
  const height = rows.length * BAR_HEIGHT + 8;
  return `<svg role="img" aria-label="${esc(t('sources.chart', lang))}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}

const party = (code: string, name?: string) => (name ? `${esc(name)} <span class="meta">${esc(code)}</span>` : esc(code));

function elementRow(e: ElementSources, lang: Lang): string {
  const more = (count: number | undefined) => (count ? ` <span class="meta">${esc(t('sources.more', lang, { count }))}</span>` : '');
  const providers = e.providers.map((p) => `<li>${party(p.code, p.name)}: ${p.resources.map((r) => `${esc(r.title)} <span class="meta">${esc(r.key)} · ${esc(r.item)}</span>`).join('；')}${more(p.resourceCount)}</li>`).join('');
  const authority = e.authority
    ? `<span class="ok">${party(e.authority.provider, e.authority.providerName)}</span>${e.authority.resourceKey ? ` <span class="meta">${esc(e.authority.resourceKey)}</span>` : ''}`
    : `<span class="meta">${esc(t('sources.none', lang))}</span>`;
  const copies = e.unattributed.map((u) => `<li class="warn">${party(u.provider, u.name)}: ${u.keys.map(esc).join('、')}${more(u.keyCount)}</li>`).join('');
  return `<tr><td>${esc(e.name)}<div class="meta">${esc(e.element)}</div></td><td>${e.providers.length}<ul>${providers}</ul></td><td>${authority}</td><td>${copies ? `<ul>${copies}</ul>` : ''}</td></tr>`;
}

function conflictText(c: SourceConflict, names: Map<string, string>, lang: Lang): string {
  const element = names.get(c.element) ?? c.element;
  if (c.kind === 'competing-sources') return t('sources.competing-sources', lang, { element, providers: c.providers.join('、') });
  if (c.kind === 'unattributed-copy') return t('sources.unattributed-copy', lang, { element, provider: c.provider, keys: c.keys.join('、') + (c.keyCount ? t('sources.more', lang, { count: c.keyCount }) : ''), authority: c.authority });
  return t('sources.authority-not-registered', lang, { element, authority: c.authority });
}

export function renderSourcesPage(report: SourcesReport, lang: Lang, title = t('sources.title', lang)): string {
  const names = new Map(report.elements.map((e) => [e.element, e.name]));
  const overlap = report.elements.filter((e) => e.providers.length > 1).length;
  const summary = t('sources.summary', lang, { records: report.records, elements: report.elements.filter((e) => e.providers.length).length, overlap, conflicts: report.conflicts.length });
  const conflicts = report.conflicts.length
    ? `<ul>${report.conflicts.map((c) => `<li class="warn">${esc(conflictText(c, names, lang))}</li>`).join('')}</ul>`
    : `<p class="ok">${esc(t('sources.no-conflicts', lang))}</p>`;
  const other = lang === 'zh' ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><nav><a href="/">${lang === 'zh' ? '目录' : 'Catalogue'}</a><a href="?lang=${other}">${other === 'zh' ? '中文' : 'English'}</a></nav>
<h1>${esc(title)}</h1>
<p>${esc(summary)}</p>${report.truncated ? `<p class="warn">${esc(t('sources.truncated', lang, { records: report.records }))}</p>` : ''}
<h2>${esc(t('sources.chart', lang))}</h2>${chart(report.elements, lang)}
<h2>${esc(t('sources.conflicts', lang))}</h2>${conflicts}
<div class="scroll"><table><thead><tr><th>${esc(t('sources.element', lang))}</th><th>${esc(t('sources.providers', lang))}</th><th>${esc(t('sources.authority', lang))}</th><th>${esc(t('sources.unattributed', lang))}</th></tr></thead>
<tbody>${report.elements.map((e) => elementRow(e, lang)).join('')}</tbody></table></div>
<p class="meta">${esc(t('sources.generated', lang))}: ${esc(report.generated)}</p>
</body></html>
`;
}
