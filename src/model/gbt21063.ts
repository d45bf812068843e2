import type { CatalogRecord } from './record.js';

/**
 * A record in GB/T 21063.3-2007's own terms: element English names from the element table
 * (standards/gbt21063-3/README.md). Fields the standard has no element for travel in `extension`
 * so that fromGbt21063(toGbt21063(r)) gives r back (lossless).
 */
export interface Gbt21063Record {
  metadataIdentifier?: string;
  resourceTitle: string;
  dateOfPublication?: string;
  abstract?: string;
  pointOfContact: { organisationName: string; address?: string; code?: string }[];
  descriptiveKeywords?: { keyword: string[]; thesaurusName?: string };
  resourceCategory?: { categoryStandard: string; categoryName?: string; categoryCode?: string }[];
  onlineResource?: string[];
  resourceID?: string;
  serviceInformation?: { serviceURL: string; serviceType: string };
  metadataContact?: { organisationName: string; address?: string; code?: string }[];
  metadataDateUpdate?: string;
  extension?: Record<string, unknown>;
}

const OWN = new Set(['metadataIdentifier', 'title', 'publishedDate', 'abstract', 'provider', 'keywords', 'keywordThesaurus',
  'classifications', 'onlineResources', 'resourceIdentifier', 'service', 'metadataContacts', 'metadataUpdated']);

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The element names of a structure, [record field, GB/T 21063.3 element], read one way by toGbt21063 and the
 * other by fromGbt21063, so the two directions cannot drift apart. Order is the output's key order.
 */
type Names = readonly (readonly [string, string])[];
const HEAD: Names = [['metadataIdentifier', 'metadataIdentifier'], ['title', 'resourceTitle'], ['publishedDate', 'dateOfPublication'], ['abstract', 'abstract']];
const LINKS: Names = [['onlineResources', 'onlineResource'], ['resourceIdentifier', 'resourceID']];
const CONTACT: Names = [['name', 'organisationName'], ['address', 'address'], ['code', 'code']];
const CATEGORY: Names = [['scheme', 'categoryStandard'], ['name', 'categoryName'], ['code', 'categoryCode']];
const SERVICE: Names = [['url', 'serviceURL'], ['type', 'serviceType']];

/** `o`'s values under the other side's names (undefined values left out). */
function rename(o: object | undefined, names: Names, toStandard: boolean): any {
  const from = o as Record<string, unknown> | undefined;
  return clean(Object.fromEntries(names.map(([field, element]) => (toStandard ? [element, from?.[field]] : [field, from?.[element]]))));
}

export function toGbt21063(r: CatalogRecord): Gbt21063Record {
  const extension: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!OWN.has(k) && v !== undefined) extension[k] = v;
  return clean({
    ...rename(r, HEAD, true),
    pointOfContact: [rename(r.provider, CONTACT, true)],
    descriptiveKeywords: r.keywords || r.keywordThesaurus ? clean({ keyword: r.keywords ?? [], thesaurusName: r.keywordThesaurus }) : undefined,
    resourceCategory: r.classifications?.map((c) => rename(c, CATEGORY, true)),
    ...rename(r, LINKS, true),
    serviceInformation: r.service ? rename(r.service, SERVICE, true) : undefined,
    metadataContact: r.metadataContacts?.map((m) => rename(m, CONTACT, true)),
    metadataDateUpdate: r.metadataUpdated,
    extension: Object.keys(extension).length ? extension : undefined,
  }) as Gbt21063Record;
}

export function fromGbt21063(g: Gbt21063Record): CatalogRecord {
  const keywords = g.descriptiveKeywords;
  const r: CatalogRecord = clean({
    ...rename(g, HEAD, false),
    provider: rename(g.pointOfContact?.[0], CONTACT, false),
    keywords: keywords && (keywords.keyword.length || !keywords.thesaurusName) ? keywords.keyword : undefined,
    keywordThesaurus: keywords?.thesaurusName,
    classifications: g.resourceCategory?.map((c) => rename(c, CATEGORY, false)),
    ...rename(g, LINKS, false),
    service: g.serviceInformation ? rename(g.serviceInformation, SERVICE, false) : undefined,
    metadataContacts: g.metadataContact?.map((m) => rename(m, CONTACT, false)),
    metadataUpdated: g.metadataDateUpdate,
  });
  return { ...r, ...(g.extension ?? {}) } as CatalogRecord;
}
