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

export function toGbt21063(r: CatalogRecord): Gbt21063Record {
  const extension: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!OWN.has(k) && v !== undefined) extension[k] = v;
  return clean({
    metadataIdentifier: r.metadataIdentifier,
    resourceTitle: r.title,
    dateOfPublication: r.publishedDate,
    abstract: r.abstract,
    pointOfContact: [clean({ organisationName: r.provider?.name, address: r.provider?.address, code: r.provider?.code })],
    descriptiveKeywords: r.keywords || r.keywordThesaurus ? clean({ keyword: r.keywords ?? [], thesaurusName: r.keywordThesaurus }) : undefined,
    resourceCategory: r.classifications?.map((c) => clean({ categoryStandard: c.scheme, categoryName: c.name, categoryCode: c.code })),
    onlineResource: r.onlineResources,
    resourceID: r.resourceIdentifier,
    serviceInformation: r.service ? { serviceURL: r.service.url, serviceType: r.service.type } : undefined,
    metadataContact: r.metadataContacts?.map((m) => clean({ organisationName: m.name, address: m.address, code: m.code })),
    metadataDateUpdate: r.metadataUpdated,
    extension: Object.keys(extension).length ? extension : undefined,
  }) as Gbt21063Record;
}

export function fromGbt21063(g: Gbt21063Record): CatalogRecord {
  const poc = g.pointOfContact?.[0];
  const r: CatalogRecord = clean({
    metadataIdentifier: g.metadataIdentifier,
    title: g.resourceTitle,
    publishedDate: g.dateOfPublication,
    abstract: g.abstract,
    provider: clean({ name: poc?.organisationName as string, address: poc?.address, code: poc?.code }),
    keywords: g.descriptiveKeywords && (g.descriptiveKeywords.keyword.length || !g.descriptiveKeywords.thesaurusName) ? g.descriptiveKeywords.keyword : undefined,
    keywordThesaurus: g.descriptiveKeywords?.thesaurusName,
    classifications: g.resourceCategory?.map((c) => clean({ scheme: c.categoryStandard, name: c.categoryName, code: c.categoryCode })),
    onlineResources: g.onlineResource,
    resourceIdentifier: g.resourceID,
    service: g.serviceInformation ? { url: g.serviceInformation.serviceURL, type: g.serviceInformation.serviceType } : undefined,
    metadataContacts: g.metadataContact?.map((m) => clean({ name: m.organisationName, address: m.address, code: m.code })),
    metadataUpdated: g.metadataDateUpdate,
  });
  return { ...r, ...(g.extension ?? {}) } as CatalogRecord;
}
