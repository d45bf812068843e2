import type { CatalogRecord, Party } from '../model/record.js';
import { child, childrenNamed, parseXml, textOf, type XmlNode } from './xml-tree.js';
import { GBT_XML_NAMESPACE } from '../export/gbt-xml.js';
import type { Importer, ImportOptions, ImportResult } from './types.js';
import { ImportParseError } from './issue.js';
import { XmlLimitError, xmlLimitRef } from '../io/xml-limits.js';

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function party(n: XmlNode): Party {
  return clean({ name: textOf(child(n, 'organisationName')) ?? '', address: textOf(child(n, 'address')), code: textOf(child(n, 'code')) });
}

function many(n: XmlNode, name: string): string[] | undefined {
  const list = childrenNamed(n, name).map((c) => c.text);
  return list.length ? list : undefined;
}

/** Read one <Metadata> element back into a record (inverse of recordsToGbtXml). */
export function gbtMetadataToRecord(m: XmlNode): CatalogRecord {
  const kw = child(m, 'descriptiveKeywords');
  const svc = child(m, 'serviceInformation');
  const g = child(m, 'guide2017');
  const ext = child(m, 'extension');
  const poc = child(m, 'pointOfContact');
  const r: Record<string, unknown> = {
    metadataIdentifier: textOf(child(m, 'metadataIdentifier')),
    title: textOf(child(m, 'resourceTitle')) ?? '',
    publishedDate: textOf(child(m, 'dateOfPublication')),
    abstract: textOf(child(m, 'abstract')),
    provider: poc ? party(poc) : { name: '' },
    keywords: kw ? childrenNamed(kw, 'keyword').map((k) => k.text) : undefined,
    keywordThesaurus: kw ? textOf(child(kw, 'thesaurusName')) : undefined,
    classifications: childrenNamed(m, 'resourceCategory').map((c) => clean({ scheme: textOf(child(c, 'categoryStandard')) ?? '', name: textOf(child(c, 'categoryName')), code: textOf(child(c, 'categoryCode')) })),
    onlineResources: many(m, 'onlineResource'),
    resourceIdentifier: textOf(child(m, 'resourceID')),
    service: svc ? { url: textOf(child(svc, 'serviceURL')) ?? '', type: textOf(child(svc, 'serviceType')) ?? '' } : undefined,
    metadataContacts: childrenNamed(m, 'metadataContact').map(party),
    metadataUpdated: textOf(child(m, 'metadataDateUpdate')),
  };
  if (kw && !childrenNamed(kw, 'keyword').length && child(kw, 'thesaurusName')) r.keywords = undefined;
  if (!(r.classifications as unknown[]).length) r.classifications = undefined;
  if (!(r.metadataContacts as unknown[]).length) r.metadataContacts = undefined;
  if (g) {
    r.resourceCode = textOf(child(g, 'resourceCode'));
    const d = child(g, 'directoryClass');
    if (d) r.directoryClass = clean({ class: textOf(child(d, 'class')) ?? '', item: textOf(child(d, 'item')), heading: textOf(child(d, 'heading')), subheading: textOf(child(d, 'subheading')), names: many(d, 'name') });
    const f = child(g, 'format');
    if (f) r.format = clean({ category: textOf(child(f, 'category')) ?? '', type: textOf(child(f, 'type')), note: textOf(child(f, 'note')) });
    const items = child(g, 'items');
    if (items) r.items = childrenNamed(items, 'item').map((i) => clean({ name: textOf(child(i, 'name')) ?? '', englishName: textOf(child(i, 'englishName')), dataType: textOf(child(i, 'dataType')), length: textOf(child(i, 'length')), description: textOf(child(i, 'description')) }));
    const s = child(g, 'sharing');
    if (s) r.sharing = clean({ type: textOf(child(s, 'type')) ?? '', condition: textOf(child(s, 'condition')), basis: textOf(child(s, 'basis')), method: textOf(child(s, 'method')), methodType: textOf(child(s, 'methodType')) });
    const o = child(g, 'openness');
    if (o) {
      const open = textOf(child(o, 'open'));
      r.openness = clean({ open: open === undefined ? undefined : open === 'true' || open === '1', condition: textOf(child(o, 'condition')), type: textOf(child(o, 'type')) });
    }
    r.updateCycle = textOf(child(g, 'updateCycle'));
    r.relatedResourceCodes = many(g, 'relatedResourceCode');
  }
  if (ext) {
    r.division = textOf(child(ext, 'division'));
    const extra = textOf(child(ext, 'extraJson'));
    if (extra !== undefined) Object.assign(r, JSON.parse(extra) as Record<string, unknown>);
  }
  return clean(r) as unknown as CatalogRecord;
}

/** Parse GB/T XML (standards/gbt21063-3/catalog.xsd) into records. Throws on malformed XML or a foreign root. */
export function gbtXmlToRecords(xml: string): CatalogRecord[] {
  const root = parseXml(xml);
  if (root.name !== 'ResourceCatalog' || root.ns !== GBT_XML_NAMESPACE) throw new Error(`root element is {${root.ns}}${root.name}, expected {${GBT_XML_NAMESPACE}}ResourceCatalog`);
  return childrenNamed(root, 'Metadata').map(gbtMetadataToRecord);
}

/** GB/T XML (catalog export --to gbt-xml, records.xml of a package) → records, with provenance. */
export const gbtXmlImporter: Importer = {
  id: 'gbt-xml',
  description: 'GB/T XML (standards/gbt21063-3/catalog.xsd)',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    let records: CatalogRecord[];
    try {
      records = gbtXmlToRecords(new TextDecoder('utf-8').decode(bytes));
    } catch (err) {
      const detail = err instanceof XmlLimitError ? xmlLimitRef(err) : (err as Error).message.split('\n')[0];
      throw new ImportParseError(options.file, 'GB/T XML', detail);
    }
    return { records: records.map((r, i) => ({ ...r, provenance: { file: options.file, row: i + 1 } })), issues: [] };
  },
};
