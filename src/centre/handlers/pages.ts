import { CentreError } from '../register.js';
import { sendText } from '../respond.js';
import { searchQuery } from '../request.js';
import { limitsOf } from '../limits.js';
import { renderBrowsePage } from '../page.js';
import { renderRecordPage } from '../html/record-page.js';
import { OVERVIEW_BARS, renderOverviewPage, type Overview } from '../html/overview-page.js';
import { pageLang } from '../html/layout.js';
import type { CountDimension } from '../record-counts.js';
import type { CentreStore } from '../store.js';
import { chainOf } from '../tree/store.js';
import { visibleHistory, visibleRecord } from '../visibility.js';
import type { RequestContext } from './context.js';

/**
 * The pages people read: browse ("/"), a record (/records/{key}), the overview (/overview). Language: ?lang=zh|en,
 * else Accept-Language, else the server's --lang. The counts behind the overview and the browse page's provider
 * list are GROUP BY queries over every published record, so they are computed at most once per COUNTS_TTL_MS per
 * centre (docs/security.md): a flood of page views costs one count per interval, not one per view.
 */

export const COUNTS_TTL_MS = 30_000;
/** Providers listed in the browse page's provider list (most records first); a longer tail is reached by search. */
export const PROVIDER_LIST_MAX = 200;

const DIMENSIONS: CountDimension[] = ['class', 'shareType', 'provider', 'origin'];
const cache = new WeakMap<CentreStore, { at: number; value: Promise<Overview> }>();

/** The counts, from the cache when fresh; a failed count is not kept. */
export function centreCounts(store: CentreStore): Promise<Overview> {
  const hit = cache.get(store);
  if (hit && Date.now() - hit.at < COUNTS_TTL_MS) return hit.value;
  const value = (async () => {
    const [total, ...rows] = await Promise.all([store.countRecords('published'), ...DIMENSIONS.map((d) => store.countBy(d, d === 'provider' ? PROVIDER_LIST_MAX : OVERVIEW_BARS))]);
    return { total, counts: Object.fromEntries(DIMENSIONS.map((d, i) => [d, rows[i]])) as Overview['counts'] };
  })();
  cache.set(store, { at: Date.now(), value });
  value.catch(() => cache.delete(store));
  return value;
}

export async function browsePage({ store, opts, url, lang, res }: RequestContext): Promise<void> {
  const q = searchQuery(url.searchParams);
  const [result, counts] = await Promise.all([store.search(q), centreCounts(store)]);
  sendText(res, 200, 'text/html', renderBrowsePage(q, result, { title: opts.repositoryName, maxText: limitsOf(opts).maxListTextChars, lang: pageLang(url, lang), providers: counts.counts.provider }));
}

/** A record's page; a record never published only for its provider and admins (visibility.ts), else 404. */
export async function recordPage({ store, params, url, lang, res, token }: RequestContext): Promise<void> {
  const { key } = params;
  const stored = await store.getRecord(key);
  const r = await visibleRecord(store, token, stored);
  const history = await visibleHistory(store, token, stored);
  if (!r || !history) throw new CentreError(404, 'record-not-found', { key });
  // the tree keeps origin chains beside the record (src/centre/tree/chain.ts)
  const chain = await chainOf(store, r);
  sendText(res, 200, 'text/html', renderRecordPage(chain ? { ...r, chain } : r, history, pageLang(url, lang)));
}

export async function overviewPage({ store, opts, url, lang, res }: RequestContext): Promise<void> {
  sendText(res, 200, 'text/html', renderOverviewPage(await centreCounts(store), pageLang(url, lang), opts.repositoryName));
}
