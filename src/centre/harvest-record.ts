import type { CatalogRecord } from '../model/record.js';
import { contentHash, recordKey } from '../model/identity.js';
import { DEFAULT_LIMITS, fieldBreach, recordSizeBreach } from './limits.js';
import { gbtXmlToRecords } from '../import/gbt-xml.js';
import { HarvestError, type HarvestReason } from './harvest-error.js';
import { oneLine } from './harvest-fetch.js';
import { foreignKey, foreignRecord, isForeignPrefix, type HarvestPrefix } from './harvest-foreign.js';

/** One record of a ListRecords page, as the source sent it. */
export interface OaiItem {
  identifier: string;
  datestamp: string;
  deleted: boolean;
  key?: string;
  hash?: string;
  origin?: string;
  provider?: string;
  /** The source's origin chain of the record (catalog format `chain` attribute, src/centre/tree/chain.ts). */
  chain?: string;
  json?: string;
  /** Content of the record's <metadata> element, for every format but catalog (GB/T XML, ISO 19139, oai_dc). */
  gbtXml?: string;
  /** Namespace declarations in scope at <metadata> (prefix → URI), to read that content on its own. */
  ns?: Record<string, string>;
}

/** An item that passed every check: the key it is stored under and, unless deleted, the record and its hash. */
export interface CheckedItem {
  item: OaiItem;
  key: string;
  record?: CatalogRecord;
  hash?: string;
}

const DATESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;

/**
 * Check every item of a page before anything of it is stored: a source is trusted for nothing, so a record
 * that cannot be read, has no key or provider, claims a key or hash that is not its own, or occurs twice
 * fails the whole page (harvest-bad-record), which is then not written at all.
 */
const NO_PROFILE_CAPS = new Map<string, number>();

export function checkPage(items: OaiItem[], prefix: HarvestPrefix, url: string, page: number): CheckedItem[] {
  const seen = new Set<string>();
  return items.map((item) => {
    const bad = (reason: HarvestReason) => new HarvestError('harvest-bad-record', { url, page, identifier: oneLine(item.identifier || item.key || '?', 120) }, reason);
    const checked = checkItem(item, prefix, url, bad);
    if (seen.has(checked.key)) throw bad({ code: 'duplicate' });
    seen.add(checked.key);
    return checked;
  });
}

function checkItem(item: OaiItem, prefix: HarvestPrefix, url: string, bad: (r: HarvestReason) => HarvestError): CheckedItem {
  if (!item.identifier) throw bad({ code: 'no-identifier' });
  const foreign = isForeignPrefix(prefix);
  // another vendor may leave the datestamp empty (pycsw does): such a record is taken, it just cannot move `from`
  if (!DATESTAMP.test(item.datestamp) && !(foreign && item.datestamp === '')) throw bad({ code: 'datestamp', params: { datestamp: oneLine(item.datestamp, 40) } });
  const declaredKey = foreign ? foreignKey(url, item.identifier) : item.key ?? item.identifier.replace(/^oai:[^:]+:/, '');
  if (item.deleted) return { item, key: declaredKey };
  let record: CatalogRecord;
  try {
    record = recordOf(item, prefix, url);
  } catch (err) {
    throw bad({ code: 'unreadable', params: { prefix, detail: oneLine((err as Error).message, 120) } });
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw bad({ code: 'unreadable', params: { prefix, detail: 'not a JSON object' } });
  // the same record limits as a department's upload (src/centre/limits.ts): a source is trusted no more than one
  const breach = fieldBreach(record, DEFAULT_LIMITS, NO_PROFILE_CAPS) ?? recordSizeBreach(Buffer.byteLength(item.json ?? item.gbtXml ?? ''), DEFAULT_LIMITS);
  if (breach) throw bad({ code: 'limit', params: { limit: breach.code, path: oneLine(breach.path, 80), max: breach.limit } });
  const own = recordKey(record);
  if (typeof own !== 'string' || !own) throw bad({ code: 'no-key' });
  // another vendor's OAI identifiers need not be record keys: the record's own key wins; ours must agree
  if ((prefix === 'catalog' || foreign) && own !== declaredKey) throw bad({ code: 'key-mismatch', params: { key: oneLine(declaredKey, 80), own: oneLine(own, 80) } });
  const provider = item.provider ?? record.provider?.code;
  if (typeof provider !== 'string' || !provider) throw bad({ code: 'no-provider' });
  const hash = contentHash(record);
  if (item.hash && item.hash !== hash) throw bad({ code: 'hash', params: { hash, declared: oneLine(item.hash, 80) } });
  return { item, key: own, record, hash };
}

/** The record carried by an item: JSON (catalog), GB/T XML (gbt21063), or another vendor's ISO 19139 / oai_dc. */
function recordOf(i: OaiItem, prefix: HarvestPrefix, url: string): CatalogRecord {
  if (prefix === 'catalog') return JSON.parse(i.json ?? '') as CatalogRecord;
  if (isForeignPrefix(prefix)) return foreignRecord(prefix, i.gbtXml ?? '', i.ns ?? {}, url, i.identifier);
  const records = gbtXmlToRecords(i.gbtXml ?? '');
  if (records.length !== 1) throw new Error(`expected one GB/T record, found ${records.length}`);
  return records[0];
}
