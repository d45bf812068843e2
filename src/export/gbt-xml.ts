import type { CatalogRecord, Party } from '../model/record.js';
import { canonicalJson } from '../model/identity.js';

/**
 * GB/T XML: records as XML whose core elements are named after the GB/T 21063.3 element English
 * names (see standards/gbt21063-3/README.md, per secondary source), with the 2017 guide's fields in
 * a `guide2017` extension section and anything else in `extension`. Schema:
 * standards/gbt21063-3/catalog.xsd. The layout (root, namespace, extension sections) is a project
 * choice: GB/T 21063.3 defines elements, not an XML encoding.
 */
export const GBT_XML_NAMESPACE = 'urn:x-catalog:gbt21063-3:catalog:1';

/** Fields written as elements; every other top-level key goes into <extraJson>. */
export const GBT_XML_FIELDS = new Set([
  'metadataIdentifier', 'title', 'publishedDate', 'abstract', 'provider', 'keywords', 'keywordThesaurus', 'classifications',
  'onlineResources', 'resourceIdentifier', 'service', 'metadataContacts', 'metadataUpdated',
  'resourceCode', 'directoryClass', 'format', 'items', 'sharing', 'openness', 'updateCycle', 'relatedResourceCodes', 'division',
  'provenance',
]);

/** Characters XML 1.0 cannot carry at all (even as references) are replaced by U+FFFD. */
function xmlText(s: unknown): string {
  return String(s)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

class Out {
  lines: string[] = [];
  constructor(private depth = 0) {}
  leaf(name: string, value: unknown): void {
    if (value === undefined || value === null) return;
    this.lines.push(`${'  '.repeat(this.depth)}<${name}>${xmlText(value)}</${name}>`);
  }
  open(name: string, attrs = ''): void {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}${attrs}>`);
    this.depth++;
  }
  close(name: string): void {
    this.depth--;
    this.lines.push(`${'  '.repeat(this.depth)}</${name}>`);
  }
}

function party(o: Out, name: string, p: Party | undefined): void {
  if (!p) return;
  o.open(name);
  o.leaf('organisationName', p.name ?? '');
  o.leaf('address', p.address);
  o.leaf('code', p.code);
  o.close(name);
}

function recordXml(o: Out, r: CatalogRecord): void {
  o.open('Metadata');
  o.leaf('metadataIdentifier', r.metadataIdentifier);
  o.leaf('resourceTitle', r.title ?? '');
  o.leaf('dateOfPublication', r.publishedDate);
  o.leaf('abstract', r.abstract);
  party(o, 'pointOfContact', r.provider ?? { name: '' });
  if (r.keywords !== undefined || r.keywordThesaurus !== undefined) {
    o.open('descriptiveKeywords');
    for (const k of r.keywords ?? []) o.leaf('keyword', k);
    o.leaf('thesaurusName', r.keywordThesaurus);
    o.close('descriptiveKeywords');
  }
  for (const c of r.classifications ?? []) {
    o.open('resourceCategory');
    o.leaf('categoryStandard', c.scheme ?? '');
    o.leaf('categoryName', c.name);
    o.leaf('categoryCode', c.code);
    o.close('resourceCategory');
  }
  for (const u of r.onlineResources ?? []) o.leaf('onlineResource', u);
  o.leaf('resourceID', r.resourceIdentifier);
  if (r.service) {
    o.open('serviceInformation');
    o.leaf('serviceURL', r.service.url ?? '');
    o.leaf('serviceType', r.service.type ?? '');
    o.close('serviceInformation');
  }
  for (const m of r.metadataContacts ?? []) party(o, 'metadataContact', m);
  o.leaf('metadataDateUpdate', r.metadataUpdated);
  guideXml(o, r);
  extensionXml(o, r);
  o.close('Metadata');
}

/** The 2017 guide's fields, in the `guide2017` section (only when the record has one of them). */
function guideXml(o: Out, r: CatalogRecord): void {
  const guide = r.resourceCode !== undefined || r.directoryClass || r.format || r.items || r.sharing || r.openness || r.updateCycle !== undefined || r.relatedResourceCodes;
  if (!guide) return;
  o.open('guide2017');
  o.leaf('resourceCode', r.resourceCode);
  directoryClassXml(o, r.directoryClass);
  formatXml(o, r.format);
  itemsXml(o, r.items);
  sharingXml(o, r.sharing);
  opennessXml(o, r.openness);
  o.leaf('updateCycle', r.updateCycle);
  for (const c of r.relatedResourceCodes ?? []) o.leaf('relatedResourceCode', c);
  o.close('guide2017');
}

function directoryClassXml(o: Out, d: CatalogRecord['directoryClass']): void {
  if (!d) return;
  o.open('directoryClass');
  o.leaf('class', d.class ?? '');
  o.leaf('item', d.item);
  o.leaf('heading', d.heading);
  o.leaf('subheading', d.subheading);
  for (const n of d.names ?? []) o.leaf('name', n);
  o.close('directoryClass');
}

function formatXml(o: Out, f: CatalogRecord['format']): void {
  if (!f) return;
  o.open('format');
  o.leaf('category', f.category ?? '');
  o.leaf('type', f.type);
  o.leaf('note', f.note);
  o.close('format');
}

function itemsXml(o: Out, items: CatalogRecord['items']): void {
  if (!items) return;
  o.open('items');
  for (const i of items) {
    o.open('item');
    o.leaf('name', i.name ?? '');
    o.leaf('englishName', i.englishName);
    o.leaf('dataType', i.dataType);
    o.leaf('length', i.length);
    o.leaf('description', i.description);
    o.close('item');
  }
  o.close('items');
}

function sharingXml(o: Out, sh: CatalogRecord['sharing']): void {
  if (!sh) return;
  o.open('sharing');
  o.leaf('type', sh.type ?? '');
  o.leaf('condition', sh.condition);
  o.leaf('basis', sh.basis);
  o.leaf('method', sh.method);
  o.leaf('methodType', sh.methodType);
  o.close('sharing');
}

function opennessXml(o: Out, op: CatalogRecord['openness']): void {
  if (!op) return;
  o.open('openness');
  o.leaf('open', op.open === undefined ? undefined : String(op.open));
  o.leaf('condition', op.condition);
  o.leaf('type', op.type);
  o.close('openness');
}

/** Fields GB/T XML has no element for: the division and, as canonical JSON, every other key. */
function extensionXml(o: Out, r: CatalogRecord): void {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!GBT_XML_FIELDS.has(k) && v !== undefined) extra[k] = v;
  if (r.division !== undefined || Object.keys(extra).length) {
    o.open('extension');
    o.leaf('division', r.division);
    if (Object.keys(extra).length) o.leaf('extraJson', canonicalJson(extra));
    o.close('extension');
  }
}

/** Start of a GB/T XML document: declaration and root start tag. Records follow, each after a newline. */
export const GBT_XML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<ResourceCatalog xmlns="${GBT_XML_NAMESPACE}" formatVersion="1">`;
export const GBT_XML_TAIL = '\n</ResourceCatalog>\n';

/** One record's <Metadata> element, indented as a child of the root, without a trailing newline. */
export function gbtXmlRecord(r: CatalogRecord): string {
  const o = new Out(1);
  recordXml(o, r);
  return o.lines.join('\n');
}

/** Serialise records as GB/T XML (UTF-8, LF, 2-space indent). Deterministic for the same records. */
export function recordsToGbtXml(records: Iterable<CatalogRecord>): string {
  let body = '';
  for (const r of records) body += '\n' + gbtXmlRecord(r);
  return GBT_XML_HEAD + body + GBT_XML_TAIL;
}
