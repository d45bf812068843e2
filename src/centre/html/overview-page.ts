import type { Lang } from '../../i18n/lang.js';
import { t, tCode } from '../../i18n/t.js';
import { LOCAL_ORIGIN } from '../store.js';
import type { CountDimension, CountRow } from '../record-counts.js';
import { barChart, type Bar } from './chart.js';
import { esc, href, layout } from './layout.js';

/**
 * The overview page (GET /overview): published records counted by class, share type, provider and origin
 * (member) centre, each as a server-rendered SVG bar chart. Each chart shows the OVERVIEW_BARS largest groups;
 * the rest are summed into one "others" bar so the numbers still add up to the total.
 */

export const OVERVIEW_BARS = 12;

export interface Overview {
  total: number;
  counts: Record<CountDimension, CountRow[]>;
  /** This centre's own URL, to name the local origin. */
  self?: string;
}

const CLASS_NAMES = new Set(['1', '2', '3']);

function labelOf(d: CountDimension, r: CountRow, lang: Lang): string {
  if (r.value === null || r.value === '') return t('page.none', lang);
  if (d === 'provider') return r.name ?? r.value;
  if (d === 'class') return CLASS_NAMES.has(r.value) ? `${r.value} ${tCode(`page.class-${r.value}`, lang)}` : r.value;
  if (d === 'origin' && r.value === LOCAL_ORIGIN) return t('page.local', lang);
  return r.value;
}

/** Where a bar links to: the browse page filtered by it, where the browse page has that filter. */
function linkOf(d: CountDimension, r: CountRow, lang: Lang): string | undefined {
  if (r.value === null) return undefined;
  if (d === 'provider') return href('/', lang, { provider: r.value });
  if (d === 'shareType') return href('/', lang, { shareType: r.value });
  if (d === 'class') return href('/', lang, { class: r.value });
  return undefined;
}

function bars(d: CountDimension, rows: CountRow[], total: number, lang: Lang): Bar[] {
  const shown = rows.slice(0, OVERVIEW_BARS).map((r) => ({ label: labelOf(d, r, lang), count: r.count, href: linkOf(d, r, lang) }));
  const rest = total - shown.reduce((n, b) => n + b.count, 0);
  return rest > 0 ? [...shown, { label: t('page.others', lang), count: rest }] : shown;
}

const CHARTS: [CountDimension, string][] = [['class', 'page.by-class'], ['shareType', 'page.by-share-type'], ['provider', 'page.by-provider'], ['origin', 'page.by-origin']];

export function renderOverviewPage(o: Overview, lang: Lang, title = t('page.directory', lang)): string {
  const charts = CHARTS.map(([d, key]) => {
    const b = bars(d, o.counts[d], o.total, lang);
    const heading = tCode(key, lang);
    const desc = t('page.chart-desc', lang, { title: heading, items: b.map((x) => `${x.label} ${x.count}`).join(lang === 'zh' ? '；' : '; ') });
    return `<section id="by-${d}">${barChart(`chart-${d}`, heading, desc, b)}</section>`;
  }).join('\n');
  const body = `<main><h1>${esc(title)} · ${esc(t('page.overview', lang))}</h1>
<p class="total" id="total" data-count="${o.total}">${esc(t('page.records-total', lang, { count: o.total }))}</p>
${charts}</main>`;
  return layout(lang, `${t('page.overview', lang)} — ${title}`, body, { path: '/overview' });
}
