import { parseStringPromise, processors } from 'xml2js';
import { SaxesParser } from 'saxes';
import type { CatalogRecord } from '../model/record.js';
import { contentHash, recordKey } from '../model/identity.js';
import { gbtXmlToRecords } from '../import/gbt-xml.js';
import { CATALOG_RECORD_NS } from './oai.js';
import { harvestRefusal } from './ownership.js';
import { LOCAL_ORIGIN, utcNow, type CentreStore, type RecordChange } from './store.js';

/**
 * Centre-to-centre harvest (e.g. a district centre into the city centre) over OAI-PMH ListRecords
 * with the lossless `catalog` metadata format. Incremental: the largest datestamp seen per source
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
   * Metadata format: "catalog" (lossless, this project's centres) or "gbt21063" (GB/T XML, for another
   * vendor's centre that serves the GB/T profile). Default: catalog if the source lists it, else gbt21063.
   */
  metadataPrefix?: 'catalog' | 'gbt21063';
}

export interface HarvestResult {
  source: string;
  from?: string;
  pages: number;
  received: number;
  created: string[];
  updated: string[];
  unchanged: number;
  withdrawn: string[];
  /** Records not taken, with the reason (a local record with the same key, a content hash that does not match). */
  skipped: { key: string; code: string; message: string }[];
  lastDatestamp?: string;
}

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';

export class HarvestError extends Error {
  constructor(public code: string, message: string) {
    super(message);
  }
}

interface OaiItem {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  key?: string;
  hash?: string;
  origin?: string;
  provider?: string;
  json?: string;
  /** GB/T XML of the record (gbt21063 format). */
  gbtXml?: string;
}

interface OaiPage {
  items: OaiItem[];
  token?: string;
  error?: { code: string; message: string };
}

/** Parse one ListRecords response (catalog or gbt21063 format). */
export function parseListRecords(xml: string): OaiPage {
  // raw <metadata> blocks, in document order, for formats read by another parser (GB/T XML)
  const blocks = [...xml.matchAll(/<(?:[\w.-]+:)?metadata>([\s\S]*?)<\/(?:[\w.-]+:)?metadata>/g)].map((m) => m[1]);
  let block = 0;
  const parser = new SaxesParser({ xmlns: true });
  const page: OaiPage = { items: [] };
  const stack: string[] = [];
  let text = '';
  let item: OaiItem | undefined;
  let errorCode: string | undefined;
  parser.on('opentag', (tag) => {
    stack.push(tag.local);
    text = '';
    if (tag.local === 'record' && tag.uri !== CATALOG_RECORD_NS) item = { identifier: '', datestamp: '', deleted: false };
    if (tag.local === 'metadata' && tag.uri === OAI_NS && item) item.gbtXml = blocks[block++];
    if (tag.local === 'header' && item) item.deleted = (tag.attributes.status as { value: string } | undefined)?.value === 'deleted';
    if (tag.local === 'record' && tag.uri === CATALOG_RECORD_NS && item) {
      const a = (n: string) => (tag.attributes[n] as { value: string } | undefined)?.value;
      item.key = a('key'); item.hash = a('hash'); item.origin = a('origin'); item.provider = a('provider');
    }
    if (tag.local === 'error') errorCode = (tag.attributes.code as { value: string } | undefined)?.value;
  });
  parser.on('text', (t) => { text += t; });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (!item) {
      if (tag.local === 'error') page.error = { code: errorCode ?? 'unknown', message: text.trim() };
      if (tag.local === 'resumptionToken' && text.trim()) page.token = text.trim();
      text = '';
      return;
    }
    if (tag.local === 'identifier' && stack[stack.length - 1] === 'header') item.identifier = text.trim();
    else if (tag.local === 'datestamp') item.datestamp = text.trim();
    else if (tag.local === 'record' && tag.uri === CATALOG_RECORD_NS) item.json = text;
    else if (tag.local === 'record') { page.items.push(item); item = undefined; }
    text = '';
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    throw new HarvestError('harvest-bad-xml', `the source did not answer OAI-PMH XML: ${(err as Error).message}`);
  }
  return page;
}

/** Base URL of the source's OAI-PMH endpoint: "http://host:port" and "http://host:port/oai" both work. */
export function oaiEndpoint(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HarvestError('harvest-bad-url', `"${url}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new HarvestError('harvest-bad-url', `"${url}" is not an http(s) URL`);
  const base = u.origin + u.pathname.replace(/\/$/, '');
  return base.endsWith('/oai') ? base : `${base}/oai`;
}

async function fetchPage(url: string, retries: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'text/xml' } });
    } catch (err) {
      throw new HarvestError('harvest-unreachable', `cannot reach ${url}: ${(err as Error).message}`);
    }
    if ((res.status === 503 || res.status === 429) && attempt < retries) {
      const wait = Math.min(Number(res.headers.get('retry-after')) || 1, 30);
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    const body = await res.text();
    if (!res.ok) throw new HarvestError('harvest-http', `${url} answered HTTP ${res.status}`);
    return body;
  }
}

/** Harvest one source centre into `store`. */
export async function harvest(store: CentreStore, sourceUrl: string, options: HarvestOptions = {}): Promise<HarvestResult> {
  const endpoint = oaiEndpoint(sourceUrl);
  const source = endpoint.replace(/\/oai$/, '');
  // remembered per source and set: a selective harvest must not advance the full harvest's datestamp
  const stateKey = options.set ? `${source}#set=${options.set}` : source;
  const state = await store.getHarvestState(stateKey);
  const from = options.from ?? state?.lastDatestamp;
  const result: HarvestResult = { source, ...(from ? { from } : {}), pages: 0, received: 0, created: [], updated: [], unchanged: 0, withdrawn: [], skipped: [] };
  let max = state?.lastDatestamp;
  const prefix = options.metadataPrefix ?? await choosePrefix(endpoint, options.retries ?? 3);
  const first = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: prefix });
  if (from) first.set('from', from);
  if (options.set) first.set('set', options.set);
  let query = first.toString();
  for (;;) {
    const page = parseListRecords(await fetchPage(`${endpoint}?${query}`, options.retries ?? 3));
    result.pages++;
    if (page.error) {
      if (page.error.code === 'noRecordsMatch') break;
      throw new HarvestError('harvest-oai-error', `${endpoint}: ${page.error.code}: ${page.error.message}`);
    }
    const changes = await changesFor(store, page.items, source, result, prefix);
    if (changes.length) await store.applyChanges(changes);
    for (const i of page.items) if (i.datestamp && (!max || i.datestamp > max)) max = i.datestamp;
    if (!page.token) break;
    query = new URLSearchParams({ verb: 'ListRecords', resumptionToken: page.token }).toString();
  }
  result.lastDatestamp = max;
  await store.setHarvestState({ source: stateKey, lastDatestamp: max, lastRun: utcNow() });
  return result;
}

/**
 * The metadata prefixes a ListMetadataFormats answer offers (OAI-PMH 2.0 §4.4). A small whole document, so
 * xml2js (sax underneath: no external entities, no DTD expansion); namespace prefixes are stripped from names.
 */
export async function metadataPrefixes(xml: string, endpoint: string): Promise<string[]> {
  let doc: any;
  try {
    doc = await parseStringPromise(xml, { tagNameProcessors: [processors.stripPrefix], explicitArray: true, trim: true });
  } catch (err) {
    throw new HarvestError('harvest-bad-xml', `${endpoint}: ListMetadataFormats is not well-formed XML (${(err as Error).message.split('\n')[0]})`);
  }
  const formats = doc?.['OAI-PMH']?.ListMetadataFormats?.[0]?.metadataFormat ?? [];
  return formats.map((f: any) => String(f?.metadataPrefix?.[0] ?? '').trim()).filter(Boolean);
}

/** catalog when the source offers it (our centres), else gbt21063. */
async function choosePrefix(endpoint: string, retries: number): Promise<'catalog' | 'gbt21063'> {
  const xml = await fetchPage(`${endpoint}?verb=ListMetadataFormats`, retries);
  const prefixes = await metadataPrefixes(xml, endpoint);
  if (prefixes.includes('catalog')) return 'catalog';
  if (prefixes.includes('gbt21063')) return 'gbt21063';
  throw new HarvestError('harvest-no-format', `${endpoint} offers neither the catalog nor the gbt21063 metadata format (offers: ${prefixes.join(', ') || 'none'})`);
}

/** The record carried by an item: JSON (catalog) or GB/T XML (gbt21063). */
function recordOf(i: OaiItem, prefix: 'catalog' | 'gbt21063'): CatalogRecord {
  if (prefix === 'catalog') return JSON.parse(i.json ?? '') as CatalogRecord;
  const records = gbtXmlToRecords(i.gbtXml ?? '');
  if (records.length !== 1) throw new Error(`expected one GB/T record, found ${records.length}`);
  return records[0];
}

async function changesFor(store: CentreStore, items: OaiItem[], source: string, result: HarvestResult, prefix: 'catalog' | 'gbt21063'): Promise<RecordChange[]> {
  const keyOf = (i: OaiItem) => i.key ?? i.identifier.replace(/^oai:[^:]+:/, '');
  const existing = await store.getRecords(items.map(keyOf));
  const changes: RecordChange[] = [];
  const actor = `harvest:${source}`;
  for (const i of items) {
    result.received++;
    let key = keyOf(i);
    let record: CatalogRecord | undefined;
    if (!i.deleted) {
      try {
        record = recordOf(i, prefix);
      } catch (err) {
        result.skipped.push({ key, code: 'harvest-bad-record', message: `record ${key} cannot be read in the ${prefix} format: ${(err as Error).message.split('\n')[0]}` });
        continue;
      }
      // another vendor's OAI identifiers need not be record keys: the record's own key wins
      const ownKey = recordKey(record);
      if (prefix === 'gbt21063' && ownKey) key = ownKey;
    }
    const old = existing.get(key) ?? (existing.has(key) ? undefined : await store.getRecord(key));
    const origin = !i.origin || i.origin === LOCAL_ORIGIN ? source : i.origin;
    // deleted headers carry no origin: only the local-record rule applies to them
    const refused = harvestRefusal(old, record ? origin : undefined);
    if (refused) {
      result.skipped.push({ key, code: refused, message: refused === 'harvest-local-conflict' ? `a record registered here has the same key ${key}; the local one is kept` : `record ${key} was harvested from ${old?.origin}, not ${origin}; the copy from ${old?.origin} is kept` });
      continue;
    }
    if (!record) {
      if (old && old.status !== 'withdrawn') {
        changes.push({ key, provider: old.provider, hash: old.hash, status: 'withdrawn', origin: old.origin, record: old.record, action: 'harvest-withdraw', actor, comment: `withdrawn at ${source} (${i.datestamp})`, expectHash: old.hash });
        result.withdrawn.push(key);
      } else result.unchanged++;
      continue;
    }
    const hash = contentHash(record);
    if (i.hash && i.hash !== hash) {
      result.skipped.push({ key, code: 'harvest-hash-mismatch', message: `record ${key}: content hash ${hash} differs from the source's ${i.hash}` });
      continue;
    }
    if (old && old.hash === hash && old.status === 'published') { result.unchanged++; continue; }
    const provider = i.provider ?? record.provider?.code ?? '';
    changes.push({ key, provider, hash, status: 'published', origin, record, action: 'harvest', actor, comment: `from ${source} (${i.datestamp})`, expectHash: old?.hash ?? null });
    (old ? result.updated : result.created).push(key);
  }
  return changes;
}
