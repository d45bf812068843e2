import { createHash } from 'node:crypto';
import type { CatalogRecord } from '../model/record.js';
import { parseXml, type XmlNode } from '../import/xml-tree.js';
import { isoMetadataToRecord, metadataElements } from '../import/iso19139.js';
import { dcToRecord } from './harvest-dc.js';

/**
 * Records from another vendor's OAI-PMH provider, which serves neither this project's `catalog` format nor
 * GB/T XML: ISO 19139 (src/import/iso19139.ts) where offered, else Dublin Core (oai_dc, which every provider
 * must serve). Such a source's OAI identifiers follow its own scheme and its records carry no 信息资源代码,
 * so a record is keyed by the source and its OAI identifier (foreignKey): a re-harvest updates it, a deleted
 * header withdraws it, and two sources that happen to share an identifier never overwrite each other.
 */

/** Every metadata format harvest reads, best first: lossless, then GB/T, then the foreign ones. */
export const HARVEST_PREFIXES = ['catalog', 'gbt21063', 'iso19139', 'oai_dc'] as const;
export type HarvestPrefix = (typeof HARVEST_PREFIXES)[number];

export const isForeignPrefix = (p: HarvestPrefix): p is 'iso19139' | 'oai_dc' => p === 'iso19139' || p === 'oai_dc';

/** The best prefix of those a source offers, if any. */
export function bestPrefix(offered: string[]): HarvestPrefix | undefined {
  return HARVEST_PREFIXES.find((p) => offered.includes(p));
}

/**
 * Host, port and path of the source, without scheme and the /oai step, and the provider's own query arguments
 * the endpoint keeps (oaiSource: never set/from/metadataPrefix): "vendor.example:8080/catalogue?tenant=a". Two
 * tenants of one provider are two sources whose identifiers may coincide; two sets of one tenant are not.
 */
function sourceName(endpoint: string): string {
  const u = new URL(endpoint);
  return (u.host + u.pathname).replace(/\/oai$/, '').replace(/\/$/, '') + u.search;
}

/** Record key (metadataIdentifier) of a foreign record: "<source host/path>/<OAI identifier>". */
export function foreignKey(endpoint: string, identifier: string): string {
  return `${sourceName(endpoint)}/${identifier}`;
}

/**
 * A provider for a record whose source gives only a name (DC publisher, ISO party) and never a code: the code is
 * "x-" + 12 hex digits of SHA-256 over source and name, so it is stable across harvests and distinct per source.
 */
export function foreignProvider(endpoint: string, name: string): { name: string; code: string } {
  const shown = name.trim() || sourceName(endpoint);
  return { name: shown, code: `x-${createHash('sha256').update(`${sourceName(endpoint)}\u0000${shown}`).digest('hex').slice(0, 12)}` };
}

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The metadata block of a record as a tree. It is a slice of the whole answer, so the namespace prefixes
 * declared above it (pycsw declares oai_dc: on the root) are declared again on a wrapper element.
 */
function metadataTree(xml: string, ns: Record<string, string>): XmlNode {
  const decls = Object.entries(ns).map(([p, uri]) => (p ? ` xmlns:${p}="${escAttr(uri)}"` : ` xmlns="${escAttr(uri)}"`)).join('');
  return parseXml(`<wrapper${decls}>${xml}</wrapper>`);
}

/** One foreign record (its <metadata> content) → record keyed by source + OAI identifier. */
export function foreignRecord(prefix: 'iso19139' | 'oai_dc', xml: string, ns: Record<string, string>, endpoint: string, identifier: string): CatalogRecord {
  const root = metadataTree(xml, ns);
  const key = foreignKey(endpoint, identifier);
  const oai = { source: endpoint, identifier };
  if (prefix === 'oai_dc') {
    const dc = root.children.find((c) => c.name === 'dc');
    if (!dc) throw new Error(`no oai_dc:dc element (found ${root.children.map((c) => c.name).join(', ') || 'nothing'})`);
    const r = dcToRecord(dc, key, (name) => foreignProvider(endpoint, name));
    return { ...r, extensions: { ...r.extensions, oai } };
  }
  const [m, ...more] = metadataElements(root);
  if (!m || more.length) throw new Error(`expected one ISO 19139 MD_Metadata element, found ${more.length + (m ? 1 : 0)}`);
  const r = isoMetadataToRecord(m, endpoint, 0);
  // the key is ours (a source's file identifier may look like a 信息资源代码); the file identifier is kept in extensions.iso
  const { resourceCode, metadataIdentifier, provenance: _p, ...rest } = r;
  const fileIdentifier = resourceCode ?? metadataIdentifier;
  return {
    ...rest,
    metadataIdentifier: key,
    resourceIdentifier: r.resourceIdentifier ?? fileIdentifier,
    provider: foreignProvider(endpoint, r.provider?.name ?? ''),
    extensions: { ...r.extensions, iso: { ...(r.extensions?.iso as object | undefined), ...(fileIdentifier ? { fileIdentifier } : {}) }, oai },
  };
}
