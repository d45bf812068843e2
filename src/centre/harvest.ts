import { createHash } from 'node:crypto';
import type { SaxesTagNS } from 'saxes';
import { CATALOG_RECORD_NS } from './oai.js';
import { harvestRefusal } from './ownership.js';
import { LOCAL_ORIGIN, utcNow, type CentreStore, type RecordChange } from './store.js';
import { HarvestError } from './harvest-error.js';
import { DEFAULT_FETCH_LIMITS, fetchBounded, oneLine, type FetchLimits } from './harvest-fetch.js';
import { parseXml } from './harvest-xml.js';
import { checkPage, type CheckedItem, type OaiItem } from './harvest-record.js';
import { bestPrefix, HARVEST_PREFIXES, type HarvestPrefix } from './harvest-foreign.js';

/**
 * Centre-to-centre harvest (e.g. a district centre into the city centre) over OAI-PMH ListRecords
 * with the lossless `catalog` metadata format (or GB/T XML, ISO 19139, Dublin Core from another vendor's). Incremental: the largest datestamp seen per source
 * is remembered and the next run asks from it (inclusive, so nothing at the boundary is missed).
 * Idempotent: a record whose content hash is unchanged is not written again. Each record keeps its
 * origin (the centre it was first registered at); withdrawals (deleted headers) are carried over.
 */

export interface HarvestOptions {
  /** Only this OAI set (provider:<code> or class:<code>). */
  set?: string;
  /** Override the remembered datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ). */
  from?: string;
  /** Retries of a 429/503 answer per request (default 3). */
  retries?: number;
  /**
   * Metadata format: "catalog" (lossless, this project's centres), "gbt21063" (GB/T XML, for another vendor's
   * centre that serves the GB/T profile), "iso19139" or "oai_dc" (any other OAI-PMH provider; harvest-foreign.ts).
   * Default: the best the source lists in ListMetadataFormats, in that order.
   */
  metadataPrefix?: HarvestPrefix;
  /** Size and time limits of each answer (defaults: DEFAULT_FETCH_LIMITS). */
  limits?: Partial<FetchLimits>;
  /** Most records one run takes (default DEFAULT_MAX_RECORDS); a source that sends more is refused. */
  maxRecords?: number;
  /** Tree of centres (src/centre/tree/harvest.ts): why an item must not be taken (a message code), e.g. its origin chain loops. */
  refuse?: (c: CheckedItem, source: string) => string | undefined;
  /** Called with the items of a page that were taken (not skipped), once the page is stored. */
  afterPage?: (taken: CheckedItem[], source: string) => Promise<void>;
  /** Called after each page is stored with the records received so far (progress). */
  onPage?: (received: number, pages: number) => void;
}

/** Records one harvest run takes at most unless --max-records says otherwise. */
export const DEFAULT_MAX_RECORDS = 1_000_000;

export interface HarvestResult {
  source: string;
  from?: string;
  pages: number;
  received: number;
  created: string[];
  updated: string[];
  unchanged: number;
  withdrawn: string[];
  /** Records not taken, with the reason (a record registered here with the same key): a code + params, worded at the edge. */
  skipped: { key: string; code: string; params: Record<string, string> }[];
  lastDatestamp?: string;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

export { HarvestError };

export interface OaiPage {
  items: OaiItem[];
  token?: string;
  /** The resumptionToken's cursor attribute (OAI-PMH 2.0 §3.5), when given. */
  cursor?: number;
  error?: { code: string; message: string };
}

/** Parse one ListRecords response (catalog or gbt21063 format); `url` names the source in errors. */
export function parseListRecords(xml: string, url = 'the source'): OaiPage {
  const page: OaiPage = { items: [] };
  const stack: string[] = [];
  let text = '';
  let item: OaiItem | undefined;
  let errorCode: string | undefined;
  let root: string | undefined;
  let body = false;
  let metadataStart = -1;
  // namespace declarations in scope, innermost last: a foreign record's content is read on its own (harvest-foreign.ts)
  const scopes: Record<string, string>[] = [{}];
  const attr = (tag: SaxesTagNS, n: string) => (tag.attributes[n] as { value: string } | undefined)?.value;
  parseXml(xml, url, {
    open(tag, parser) {
      root ??= tag.uri === OAI_NS ? tag.local : '';
      if (stack.length === 1 && tag.uri === OAI_NS && (tag.local === 'ListRecords' || tag.local === 'error')) body = true;
      stack.push(tag.local);
      scopes.push(Object.keys(tag.ns).length ? { ...scopes[scopes.length - 1], ...tag.ns } : scopes[scopes.length - 1]);
      text = '';
      if (tag.local === 'record' && tag.uri !== CATALOG_RECORD_NS) item = { identifier: '', datestamp: '', deleted: false };
      // a GB/T block is read by its own parser: remember where its text starts (a JS string index, as saxes counts)
      if (tag.local === 'metadata' && tag.uri === OAI_NS && item) { metadataStart = parser.position; item.ns = scopes[scopes.length - 1]; }
      if (tag.local === 'header' && item) item.deleted = attr(tag, 'status') === 'deleted';
      if (tag.local === 'record' && tag.uri === CATALOG_RECORD_NS && item) {
        item.key = attr(tag, 'key'); item.hash = attr(tag, 'hash'); item.origin = attr(tag, 'origin'); item.provider = attr(tag, 'provider'); item.chain = attr(tag, 'chain');
      }
      if (tag.local === 'error') errorCode = attr(tag, 'code');
      if (tag.local === 'resumptionToken' && attr(tag, 'cursor') !== undefined) page.cursor = Number(attr(tag, 'cursor'));
    },
    text(t) { text += t; },
    close(tag, parser) {
      stack.pop();
      scopes.pop();
      if (!item) {
        if (tag.local === 'error') page.error = { code: oneLine(errorCode ?? 'unknown', 60), message: oneLine(text) };
        if (tag.local === 'resumptionToken' && text.trim()) page.token = text.trim();
        text = '';
        return;
      }
      if (tag.local === 'identifier' && stack[stack.length - 1] === 'header') item.identifier = text.trim();
      else if (tag.local === 'datestamp') item.datestamp = text.trim();
      else if (tag.local === 'metadata' && tag.uri === OAI_NS && metadataStart >= 0) item.gbtXml = xml.slice(metadataStart, xml.lastIndexOf('<', parser.position - 1));
      else if (tag.local === 'record' && tag.uri === CATALOG_RECORD_NS) item.json = text;
      else if (tag.local === 'record') { page.items.push(item); item = undefined; }
      text = '';
    },
  });
  if (root !== 'OAI-PMH' || !body) throw new HarvestError('harvest-not-oai', { url, verb: 'ListRecords' });
  return page;
}

/**
 * OAI-PMH arguments (OAI-PMH 2.0 §3.1.1). `set`, `metadataPrefix` and `from` in a source URL (`…/oai?set=x`) are
 * what the harvest asks for unless the options say otherwise; the others are the harvest's own business.
 */
const LIST_ARGS = ['set', 'metadataPrefix', 'from'] as const;
const OWN_ARGS = ['verb', 'until', 'resumptionToken', 'identifier'];

/** A source URL taken apart: where to ask, what to call the source, and what its query string asks for. */
export interface OaiSource {
  /** The OAI-PMH endpoint with the URL's own (non-OAI) query arguments, e.g. a tenant: `http://h/oai?tenant=a`. */
  endpoint: string;
  /** The source as stored (origin, harvest state, tree of centres): base URL without /oai, query string kept. */
  source: string;
  /** `set`, `metadataPrefix`, `from` the URL carried. */
  list: Partial<Record<(typeof LIST_ARGS)[number], string>>;
}

/**
 * The source's OAI-PMH endpoint: "http://host:port" and "http://host:port/oai" both work; a query string is kept
 * (a provider may need one, and `?set=x` names the set to harvest). An argument only the harvest may set (verb,
 * until, resumptionToken, identifier) is refused rather than silently dropped or sent twice.
 */
export function oaiSource(url: string): OaiSource {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HarvestError('harvest-bad-url', { url: oneLine(url, 120) });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new HarvestError('harvest-bad-url', { url: oneLine(url, 120) });
  const prefix = u.searchParams.get('metadataPrefix');
  const own = OWN_ARGS.find((a) => u.searchParams.has(a)) ?? (prefix && !(HARVEST_PREFIXES as readonly string[]).includes(prefix) ? 'metadataPrefix' : undefined);
  if (own) throw new HarvestError('harvest-url-argument', { url: oneLine(url, 120), argument: own });
  const base = u.origin + u.pathname.replace(/\/$/, '');
  const path = base.endsWith('/oai') ? base : `${base}/oai`;
  const kept = new URLSearchParams([...u.searchParams].filter(([k]) => !(LIST_ARGS as readonly string[]).includes(k)));
  const list = Object.fromEntries(LIST_ARGS.filter((a) => u.searchParams.get(a)).map((a) => [a, u.searchParams.get(a)!]));
  return { endpoint: kept.size ? `${path}?${kept}` : path, source: path.replace(/\/oai$/, '') + u.search, list };
}

/** The OAI-PMH endpoint of a source URL (oaiSource), its own query arguments included. */
export function oaiEndpoint(url: string): string {
  return oaiSource(url).endpoint;
}

/** A request to `endpoint` (which may carry query arguments of its own) with the OAI-PMH arguments `query`. */
const requestUrl = (endpoint: string, query: string) => `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`;

/** GET one OAI-PMH answer within the limits, retrying a 429/503 answer `retries` times (Retry-After, at most 30 s). */
async function fetchPage(url: string, retries: number, limits: FetchLimits): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetchBounded(url, limits);
    if (res.status !== 429 && res.status !== 503) return res.body;
    if (attempt >= retries) throw new HarvestError('harvest-http', { url: oneLine(url, 200), status: res.status });
    const wait = Math.min(Number(res.retryAfter) || 1, 30);
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
}

/** Harvest one source centre into `store`. */
export async function harvest(store: CentreStore, sourceUrl: string, options: HarvestOptions = {}): Promise<HarvestResult> {
  const { endpoint, source, list } = oaiSource(sourceUrl);
  options = { ...options, set: options.set ?? list.set, from: options.from ?? list.from, metadataPrefix: options.metadataPrefix ?? list.metadataPrefix as HarvestPrefix | undefined };
  const limits: FetchLimits = { ...DEFAULT_FETCH_LIMITS, ...options.limits };
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const retries = options.retries ?? 3;
  // remembered per source and set: a selective harvest must not advance the full harvest's datestamp
  const stateKey = options.set ? `${source}#set=${options.set}` : source;
  const state = await store.getHarvestState(stateKey);
  const from = options.from ?? state?.lastDatestamp;
  const result: HarvestResult = { source, ...(from ? { from } : {}), pages: 0, received: 0, created: [], updated: [], unchanged: 0, withdrawn: [], skipped: [] };
  let max = state?.lastDatestamp;
  const prefix = options.metadataPrefix ?? await choosePrefix(endpoint, retries, limits);
  const first = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: prefix });
  if (from) first.set('from', from);
  if (options.set) first.set('set', options.set);
  let query = first.toString();
  let restarted = false;
  let progress = newProgress();
  for (;;) {
    const pageNo = result.pages + 1;
    const page = parseListRecords(await fetchPage(requestUrl(endpoint, query), retries, limits), endpoint);
    if (page.error) {
      if (page.error.code === 'noRecordsMatch') break;
      // an expired token: the list is asked for again from the start once (stored pages come back unchanged)
      if (page.error.code === 'badResumptionToken' && query !== first.toString()) {
        if (restarted) throw new HarvestError('harvest-token-expired', { url: endpoint, page: pageNo, detail: page.error.message });
        restarted = true;
        progress = newProgress();
        query = first.toString();
        continue;
      }
      throw new HarvestError('harvest-oai-error', { url: endpoint, code: page.error.code, detail: page.error.message });
    }
    checkProgress(progress, page, endpoint, pageNo);
    if (result.received + page.items.length > maxRecords) throw new HarvestError('harvest-too-many-records', { url: endpoint, max: maxRecords });
    // every check passes before anything of the page is written; the page is then one transaction
    const taken = refuseItems(checkPage(page.items, prefix, endpoint, pageNo), source, options, result);
    const plan = await planPage(store, taken, source);
    if (plan.changes.length) await store.applyChanges(plan.changes);
    if (options.afterPage) {
      const skipped = new Set(plan.skipped.map((s) => s.key));
      await options.afterPage(taken.filter((c) => !skipped.has(c.key)), source);
    }
    addPlan(result, plan, page.items.length);
    options.onPage?.(result.received, result.pages);
    for (const i of page.items) if (i.datestamp && (!max || i.datestamp > max)) max = i.datestamp;
    if (!page.token) break;
    query = new URLSearchParams({ verb: 'ListRecords', resumptionToken: page.token }).toString();
  }
  // the remembered datestamp moves only once the whole list is stored: OAI-PMH does not order a list by
  // datestamp, so a run that failed half-way asks again from the old one (stored pages come back unchanged)
  result.lastDatestamp = max;
  await store.setHarvestState({ source: stateKey, lastDatestamp: max, lastRun: utcNow() });
  return result;
}

/** What a harvest has seen so far, to tell a list that advances from one that goes round in circles. */
interface Progress {
  /** SHA-256 of each resumption token (a token is as long as the source likes). */
  tokens: Set<string>;
  pages: Set<string>;
  cursor?: number;
}

const newProgress = (): Progress => ({ tokens: new Set(), pages: new Set() });

/**
 * A list must advance: a resumption token given twice, a page with no records but a token, a cursor that does
 * not increase, or a page with the very records of an earlier one would each make the harvest endless.
 * Memory: two SHA-256 digests (token, page fingerprint) per page, and pages are bounded by --max-records.
 */
function checkProgress(p: Progress, page: OaiPage, url: string, pageNo: number): void {
  const stuck = (code: string) => new HarvestError('harvest-no-progress', { url, page: pageNo }, { code });
  if (page.token !== undefined) {
    const token = createHash('sha256').update(page.token).digest('hex');
    if (p.tokens.has(token)) throw new HarvestError('harvest-token-repeated', { url, token: oneLine(page.token, 80), page: pageNo });
    p.tokens.add(token);
    if (!page.items.length) throw stuck('empty-page');
  }
  if (page.cursor !== undefined && Number.isFinite(page.cursor)) {
    if (p.cursor !== undefined && page.cursor <= p.cursor) throw stuck('cursor');
    p.cursor = page.cursor;
  }
  const fingerprint = createHash('sha256');
  for (const i of page.items) fingerprint.update(`${i.identifier}\u0000${i.datestamp}\u0000${i.deleted}\u0000${i.hash ?? ''}\u0000`);
  const f = fingerprint.digest('hex');
  if (page.items.length && p.pages.has(f)) throw stuck('same-page');
  p.pages.add(f);
}

/**
 * The metadata prefixes a ListMetadataFormats answer offers (OAI-PMH 2.0 §4.4); element names are matched by
 * local name, so a namespace prefix on them does not matter. An OAI error answer offers nothing.
 */
export async function metadataPrefixes(xml: string, endpoint: string): Promise<string[]> {
  const prefixes: string[] = [];
  let text = '';
  let root: string | undefined;
  parseXml(xml, endpoint, {
    open(tag) { root ??= tag.local; text = ''; },
    text(t) { text += t; },
    close(tag) {
      if (tag.local === 'metadataPrefix' && text.trim()) prefixes.push(oneLine(text, 60));
      text = '';
    },
  });
  if (root !== 'OAI-PMH') throw new HarvestError('harvest-not-oai', { url: endpoint, verb: 'ListMetadataFormats' });
  return prefixes;
}

/** The best format the source offers: catalog (our centres) > gbt21063 > iso19139 > oai_dc (harvest-foreign.ts). */
async function choosePrefix(endpoint: string, retries: number, limits: FetchLimits): Promise<HarvestPrefix> {
  const xml = await fetchPage(requestUrl(endpoint, 'verb=ListMetadataFormats'), retries, limits);
  const prefixes = await metadataPrefixes(xml, endpoint);
  const best = bestPrefix(prefixes);
  if (best) return best;
  throw new HarvestError('harvest-no-format', { url: endpoint, offered: oneLine(prefixes.join(', '), 120) || 'none' });
}

/** The changes one checked page makes, and how they count; nothing is written yet. */
interface PagePlan {
  changes: RecordChange[];
  created: string[];
  updated: string[];
  withdrawn: string[];
  unchanged: number;
  skipped: HarvestResult['skipped'];
}

async function planPage(store: CentreStore, items: CheckedItem[], source: string): Promise<PagePlan> {
  const existing = await store.getRecords(items.map((c) => c.key));
  const plan: PagePlan = { changes: [], created: [], updated: [], withdrawn: [], unchanged: 0, skipped: [] };
  const actor = `harvest:${source}`;
  for (const { item: i, key, record, hash } of items) {
    const old = existing.get(key);
    const origin = !i.origin || i.origin === LOCAL_ORIGIN ? source : i.origin;
    // deleted headers carry no origin: only the local-record rule applies to them
    const refused = harvestRefusal(old, record ? origin : undefined);
    if (refused) {
      plan.skipped.push({ key, code: refused, params: { key, origin: old?.origin ?? '', source: origin } });
      continue;
    }
    if (!record || !hash) {
      if (old && old.status !== 'withdrawn') {
        plan.changes.push({ key, provider: old.provider, hash: old.hash, status: 'withdrawn', origin: old.origin, record: old.record, action: 'harvest-withdraw', actor, comment: `withdrawn at ${source} (${i.datestamp})`, expectHash: old.hash });
        plan.withdrawn.push(key);
      } else plan.unchanged++;
      continue;
    }
    if (old && old.hash === hash && old.status === 'published') { plan.unchanged++; continue; }
    const provider = i.provider ?? record.provider?.code ?? '';
    plan.changes.push({ key, provider, hash, status: 'published', origin, record, action: 'harvest', actor, comment: `from ${source} (${i.datestamp})`, expectHash: old?.hash ?? null });
    (old ? plan.updated : plan.created).push(key);
  }
  return plan;
}

/** The checked items `options.refuse` lets through; the others are counted as skipped. */
function refuseItems(items: CheckedItem[], source: string, options: HarvestOptions, result: HarvestResult): CheckedItem[] {
  const { refuse } = options;
  if (!refuse) return items;
  return items.filter((c) => {
    const code = refuse(c, source);
    if (code) result.skipped.push({ key: c.key, code, params: { key: c.key, source } });
    return !code;
  });
}

/** Count a stored page into the result. */
function addPlan(result: HarvestResult, plan: PagePlan, received: number): void {
  result.pages++;
  result.received += received;
  result.created.push(...plan.created);
  result.updated.push(...plan.updated);
  result.withdrawn.push(...plan.withdrawn);
  result.unchanged += plan.unchanged;
  result.skipped.push(...plan.skipped);
}
