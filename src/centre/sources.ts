import type { CatalogRecord } from '../model/record.js';
import { loadElements, type ElementDictionary } from '../elements/dictionary.js';
import { matchElement } from '../elements/match.js';
import type { CentreStore, ElementAuthority, StoredRecord } from './store.js';

/** One resource of a provider that registers a data element, and the item that holds it. */
export interface ElementHolding {
  key: string;
  title: string;
  item: string;
  /** Names another provider's resource holding the element in relatedResourceCodes (it says where its copy comes from). */
  attributedTo?: string;
}

export interface ElementProvider {
  code: string;
  name?: string;
  /** The first MAX_LISTED of them (all when fewer); `resourceCount` says how many there are when cut. */
  resources: ElementHolding[];
  resourceCount?: number;
  /** Registers the element without naming another holder as its source. */
  claimsSource: boolean;
}

export interface ElementSources {
  element: string;
  name: string;
  providers: ElementProvider[];
  authority?: ElementAuthority & { providerName?: string; registered: boolean };
  /** Providers other than the authority that hold the element without naming the authority's resource. */
  unattributed: { provider: string; name?: string; keys: string[]; keyCount?: number }[];
}

export type SourceConflict =
  | { kind: 'competing-sources'; element: string; providers: string[] }
  | { kind: 'unattributed-copy'; element: string; provider: string; authority: string; keys: string[]; keyCount?: number }
  | { kind: 'authority-not-registered'; element: string; authority: string };

/** The 一数一源 report: which providers register each data element, its authority, and the conflicts. */
export interface SourcesReport {
  generated: string;
  records: number;
  /** The report read at most this many published records (the rest are left out and `truncated` says so). */
  truncated: boolean;
  elements: ElementSources[];
  conflicts: SourceConflict[];
}

/**
 * Resources (or keys) listed per provider and element: the report is public, and 200,000 records holding
 * 统一社会信用代码 would otherwise list 200,000 titles in one anonymous answer. The counts stay exact.
 */
export const MAX_LISTED = 100;

/** Records a report reads (a centre larger than this reports on the first ones, oldest first, and says so). */
export const MAX_REPORT_RECORDS = 200_000;
const PAGE = 1000;

async function* published(store: CentreStore, max: number): AsyncGenerator<StoredRecord> {
  let after: { datestamp: string; key: string } | undefined;
  let n = 0;
  for (;;) {
    const page = await store.list({ statuses: ['published'], limit: Math.min(PAGE, max - n + 1), ...(after ? { after } : {}) });
    for (const r of page) {
      if (n++ >= max) return;
      yield r;
    }
    if (page.length < PAGE) return;
    after = { datestamp: page[page.length - 1].datestamp, key: page[page.length - 1].key };
  }
}

interface Holding { provider: string; providerName?: string; key: string; title: string; item: string; related: string[] }

/** Every (element, record) pair of the published records, grouped by element; and each record's provider by key. */
async function collect(store: CentreStore, dict: ElementDictionary, max: number) {
  const byElement = new Map<string, Holding[]>();
  const providerOf = new Map<string, string>();
  let records = 0;
  for await (const r of published(store, max + 1)) {
    if (records++ >= max) break;
    providerOf.set(r.key, r.provider);
    const rec: CatalogRecord = r.record;
    const seen = new Set<string>();
    for (const it of Array.isArray(rec.items) ? rec.items : []) {
      const el = it && typeof it.name === 'string' ? matchElement(dict, it) : undefined;
      if (!el || seen.has(el.id)) continue;
      seen.add(el.id);
      const list = byElement.get(el.id) ?? [];
      list.push({ provider: r.provider, providerName: rec.provider?.name, key: r.key, title: rec.title, item: it.name, related: Array.isArray(rec.relatedResourceCodes) ? rec.relatedResourceCodes : [] });
      byElement.set(el.id, list);
    }
  }
  return { byElement, providerOf, records: Math.min(records, max), truncated: records > max };
}

/** Group one element's holdings by provider; a holding is attributed when it names another holder's resource. */
function providersOf(holdings: Holding[], providerOf: Map<string, string>): ElementProvider[] {
  const holders = new Set(holdings.map((h) => h.key));
  const byProvider = new Map<string, ElementProvider>();
  for (const h of holdings) {
    const source = h.related.find((k) => holders.has(k) && providerOf.get(k) !== h.provider);
    const p = byProvider.get(h.provider) ?? { code: h.provider, ...(h.providerName ? { name: h.providerName } : {}), resources: [], claimsSource: false };
    p.resources.push({ key: h.key, title: h.title, item: h.item, ...(source ? { attributedTo: source } : {}) });
    if (!source) p.claimsSource = true;
    byProvider.set(h.provider, p);
  }
  return [...byProvider.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Build the report from the centre's published records: items are matched to the data elements by name and
 * synonyms (the same matching as validate), so 统一社会信用代码 and 社会信用代码 count as one element.
 */
export async function sourcesReport(store: CentreStore, options: { elements?: ElementDictionary; maxRecords?: number; maxListed?: number; now?: Date } = {}): Promise<SourcesReport> {
  const dict = options.elements ?? loadElements();
  const maxListed = options.maxListed ?? MAX_LISTED;
  const { byElement, providerOf, records, truncated } = await collect(store, dict, options.maxRecords ?? MAX_REPORT_RECORDS);
  const authorities = new Map((await store.listAuthorities()).map((a) => [a.element, a]));
  const elements: ElementSources[] = [];
  const conflicts: SourceConflict[] = [];
  for (const el of dict.elements) {
    const holdings = byElement.get(el.id) ?? [];
    const auth = authorities.get(el.id);
    if (!holdings.length && !auth) continue;
    const providers = providersOf(holdings, providerOf);
    const authProvider = auth && providers.find((p) => p.code === auth.provider);
    const authKeys = new Set([...(auth?.resourceKey ? [auth.resourceKey] : []), ...(authProvider?.resources.map((r) => r.key) ?? [])]);
    // by key, not a search of the holdings per resource: that was quadratic (200,000 holdings of 统一社会信用代码
    // under an authority would hold the event loop for minutes on one anonymous GET /reports/sources)
    const relatedOf = new Map(holdings.map((h) => [h.key, h.related]));
    const namesAuthority = (key: string) => relatedOf.get(key)?.some((k) => authKeys.has(k)) ?? false;
    const unattributed = auth
      ? providers.filter((p) => p.code !== auth.provider).map((p) => ({ provider: p.code, name: p.name, ...listed('keys', 'keyCount', p.resources.filter((r) => !namesAuthority(r.key)).map((r) => r.key), maxListed) })).filter((u) => u.keys.length)
      : [];
    for (const p of providers) Object.assign(p, listed('resources', 'resourceCount', p.resources, maxListed));
    elements.push({
      element: el.id, name: el.name, providers,
      ...(auth ? { authority: { ...auth, ...(authProvider?.name ? { providerName: authProvider.name } : {}), registered: !!authProvider } } : {}),
      unattributed,
    });
    const claimants = providers.filter((p) => p.claimsSource).map((p) => p.code);
    if (!auth && claimants.length > 1) conflicts.push({ kind: 'competing-sources', element: el.id, providers: claimants });
    for (const u of unattributed) conflicts.push({ kind: 'unattributed-copy', element: el.id, provider: u.provider, authority: auth!.provider, keys: u.keys, ...(u.keyCount ? { keyCount: u.keyCount } : {}) });
    if (auth && !authProvider) conflicts.push({ kind: 'authority-not-registered', element: el.id, authority: auth.provider });
  }
  return { generated: (options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z'), records, truncated, elements, conflicts };
}

/** `{[name]: the first max of list}`, and `{[count]: its length}` when it was cut. */
function listed<N extends string, C extends string, T>(name: N, count: C, list: T[], max: number): Record<N, T[]> & Partial<Record<C, number>> {
  return { [name]: list.slice(0, max), ...(list.length > max ? { [count]: list.length } : {}) } as Record<N, T[]> & Partial<Record<C, number>>;
}
