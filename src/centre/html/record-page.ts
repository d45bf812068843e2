import type { Lang } from '../../i18n/lang.js';
import { t, tCode } from '../../i18n/t.js';
import { fieldLabel, type CatalogRecord, type InfoItem } from '../../model/record.js';
import { LOCAL_ORIGIN, type HistoryEntry, type StoredRecord } from '../store.js';
import { esc, href, layout, localTime, val } from './layout.js';
import { clip } from '../clip.js';

/**
 * A record as a page people read (GET /records/{key}): every field under its label (FIELD_LABELS, zh or en), the
 * 信息项 table, values without a standard element (extensions), where the record came from, and its history.
 * The JSON stays at /api/v1/records/{key}. Sizes are bounded by the record limits (src/centre/limits.ts);
 * the history shows the latest HISTORY_SHOWN entries.
 */

export const HISTORY_SHOWN = 100;
/** 信息项 shown; a record with more (a 1 MiB record can hold thousands) says so and points to the JSON. */
export const ITEMS_SHOWN = 500;
/** Longest value shown, in characters: a record stored before the limits (or written directly) may hold more. */
export const VALUE_SHOWN = 65_536;

/** Fields shown in their own section, not in the fields table. */
const OWN_SECTION = new Set(['items', 'extensions', 'provenance']);

/** Leaf values of the record as (JSON pointer, text), in the record's field order. */
function leaves(v: unknown, pointer: string, lang: Lang, out: [string, string][]): [string, string][] {
  if (v === undefined || v === null || v === '') return out;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) out.push([pointer, clip(v.join('；'), VALUE_SHOWN)]);
    else v.forEach((x, i) => leaves(x, `${pointer}/${i}`, lang, out));
  } else if (typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) leaves(x, `${pointer}/${k}`, lang, out);
  } else out.push([pointer, typeof v === 'boolean' ? t(v ? 'page.yes' : 'page.no', lang) : clip(String(v), VALUE_SHOWN)]);
  return out;
}

function fieldsTable(r: CatalogRecord, lang: Lang): string {
  const rows: [string, string][] = [];
  for (const [k, v] of Object.entries(r)) if (!OWN_SECTION.has(k)) leaves(v, `/${k}`, lang, rows);
  const body = rows.map(([p, text]) => `<tr data-field="${esc(p)}"><th scope="row">${esc(fieldLabel(p, lang))}</th><td>${val(text)}</td></tr>`).join('\n');
  return `<h2>${esc(t('page.fields', lang))}</h2>
<table class="fields" id="fields"><thead><tr><th scope="col">${esc(t('page.field', lang))}</th><th scope="col">${esc(t('page.value', lang))}</th></tr></thead><tbody>
${body}
</tbody></table>`;
}

function itemsTable(items: InfoItem[] | undefined, lang: Lang): string {
  const head = `<h2>${esc(t('page.items', lang))}</h2>`;
  if (!items?.length) return `${head}<p id="items-none">${esc(t('page.no-items', lang))}</p>`;
  const cols: [keyof InfoItem, string][] = [
    ['name', fieldLabel('/items/*/name', lang)], ['englishName', t('page.item-english', lang)], ['dataType', fieldLabel('/items/*/dataType', lang)],
    ['length', fieldLabel('/items/*/length', lang)], ['description', t('page.item-description', lang)],
  ];
  const rows = items.slice(0, ITEMS_SHOWN).map((it, i) => `<tr><td>${i + 1}</td>${cols.map(([k]) => `<td>${val(clip(it[k], VALUE_SHOWN))}</td>`).join('')}</tr>`).join('\n');
  const cut = items.length > ITEMS_SHOWN ? `<p class="meta">${esc(t('page.items-cut', lang, { shown: ITEMS_SHOWN, total: items.length }))}</p>` : '';
  return `${head}${cut}<div class="scroll"><table id="items"><thead><tr><th scope="col" style="width:3rem">#</th>${cols.map(([, l]) => `<th scope="col">${esc(l)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

function extensionsTable(r: CatalogRecord, lang: Lang): string {
  if (!r.extensions || !Object.keys(r.extensions).length) return '';
  const rows = leaves(r.extensions, '', lang, []).map(([p, text]) => `<tr><th scope="row">${val(p.slice(1).replace(/\//g, '.'))}</th><td>${val(text)}</td></tr>`).join('\n');
  return `<h2>${esc(t('page.extensions', lang))}</h2><table class="fields" id="extensions"><tbody>
${rows}
</tbody></table>`;
}

/**
 * Where the record came from, nearest first: this centre's copy, then each centre it passed through (the
 * `originChain` of a tree-harvested record, when the store keeps one), then a foreign source (extensions.oai).
 */
function originSection(s: StoredRecord, lang: Lang): string {
  const chain = s.chain;
  const hops: string[] = Array.isArray(chain) ? chain.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))) : s.origin === LOCAL_ORIGIN ? [] : [s.origin];
  const oai = s.record.extensions?.oai as { source?: string; identifier?: string } | undefined;
  const items = [`<li>${esc(s.origin === LOCAL_ORIGIN ? t('page.local', lang) : t('page.harvested-from', lang))}${s.origin === LOCAL_ORIGIN ? '' : ` ${val(s.origin)}`}</li>`,
    ...hops.slice(s.origin === LOCAL_ORIGIN ? 0 : 1).map((h) => `<li>${val(h)}</li>`),
    ...(oai?.source ? [`<li>OAI-PMH ${val(oai.source)} · ${val(oai.identifier)}</li>`] : [])];
  return `<h2>${esc(t('page.origin-chain', lang))}</h2><ol id="origin">${items.join('')}</ol>`;
}

function historyTable(h: HistoryEntry[], lang: Lang, timeZone?: string): string {
  const shown = h.slice(-HISTORY_SHOWN).reverse();
  const rows = shown.map((e) => `<tr><td>${localTime(e.at, lang, timeZone)}</td><td>${esc(e.action)}</td><td>${esc(t(`page.status-${e.status}`, lang))}</td><td>${val(e.actor)}</td><td>${val(e.comment)}</td></tr>`).join('\n');
  const cut = h.length > shown.length ? `<p class="meta">${esc(t('page.history-cut', lang, { shown: shown.length, total: h.length }))}</p>` : '';
  return `<h2>${esc(t('page.history', lang))}</h2>${cut}<div class="scroll"><table id="history"><thead><tr>${['page.time', 'page.action', 'page.status', 'page.actor', 'page.comment'].map((c) => `<th scope="col">${esc(tCode(c, lang))}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
}

export function renderRecordPage(s: StoredRecord, history: HistoryEntry[], lang: Lang, timeZone?: string): string {
  const api = `/api/v1/records/${encodeURIComponent(s.key)}`;
  const body = `<main><p class="meta">${esc(t('page.record', lang))}</p><h1 id="title">${val(s.record.title)}</h1>
<table class="fields" id="summary"><tbody>
<tr><th scope="row">${esc(t('page.key', lang))}</th><td>${val(s.key)}</td></tr>
<tr><th scope="row">${esc(t('page.status', lang))}</th><td>${esc(t(`page.status-${s.status}`, lang))}</td></tr>
<tr><th scope="row">${esc(t('page.updated', lang))}</th><td>${localTime(s.datestamp, lang, timeZone)}</td></tr>
</tbody></table>
${fieldsTable(s.record, lang)}
${itemsTable(s.record.items, lang)}
${extensionsTable(s.record, lang)}
${originSection(s, lang)}
${historyTable(history, lang, timeZone)}
<p class="meta">${esc(t('page.formats', lang))}: <a href="${esc(api)}">JSON</a> · <a href="${esc(api)}?format=xml">GB/T XML</a> · <a href="${esc(api)}/history">${esc(t('page.history', lang))} JSON</a> · <a href="${href('/', lang, { provider: s.provider })}">${esc(t('page.providers', lang))}: ${val(s.record.provider?.name)}</a></p></main>`;
  return layout(lang, `${s.record.title} — ${t('page.directory', lang)}`, body, { path: `/records/${encodeURIComponent(s.key)}` });
}
