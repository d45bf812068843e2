import type { CatalogRecord } from '../model/record.js';
import { recordKey } from '../model/identity.js';
import type { Issue } from '../issues/issue.js';
import { cycleToEuFrequency } from './frequency.js';
import { exportIssue } from './issue.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';

/**
 * DCAT-AP 3.0 as JSON-LD with an inline @context (no remote context is needed to read it).
 * Every node carries its rdf:type explicitly, because the SHACL range checks (sh:class) cannot
 * infer types from the remote vocabularies offline. Mapping (project choice):
 * title → dct:title, abstract → dct:description, keywords → dcat:keyword, publishedDate → dct:issued,
 * metadataUpdated → dct:modified, provider → dct:publisher foaf:Agent (foaf:name, dct:identifier = code),
 * metadataContacts → dcat:contactPoint vcard:Organization, classifications → dcat:theme skos:Concept
 * (prefLabel, notation, inScheme titled with the scheme), onlineResources → dcat:Distribution accessURL,
 * service → Distribution with dcat:accessService dcat:DataService, updateCycle → dct:accrualPeriodicity
 * (EU frequency table), openness.open → dct:accessRights (EU access-right PUBLIC / NON_PUBLIC),
 * resourceCode / metadataIdentifier / resourceIdentifier → adms:identifier (skos:notation +
 * adms:schemeAgency naming the field), record key → dct:identifier.
 */
export const DCAT_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  adms: 'http://www.w3.org/ns/adms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
};

/** EU access-right authority table (dct:accessRights values). */
export const ACCESS = 'http://publications.europa.eu/resource/authority/access-right/';
export const ID_AGENCY: Record<string, 'resourceCode' | 'metadataIdentifier' | 'resourceIdentifier'> = {
  'resourceCode 信息资源代码': 'resourceCode',
  'metadataIdentifier 元数据标识符': 'metadataIdentifier',
  'resourceIdentifier 信息资源标识符': 'resourceIdentifier',
};

const lit = (v: string, lang?: string) => (lang ? { '@value': v, '@language': lang } : v);
const date = (v: string) => ({ '@value': v, '@type': /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'xsd:date' : 'xsd:dateTime' });
/** A URL as a node typed rdfs:Resource (RDFS-entailed; stated so the combined SHACL file's sh:class check passes offline). */
const url = (u: string) => ({ '@id': u, '@type': 'rdfs:Resource' });
const iri = (base: string, ...parts: string[]) => `${base}${parts.map(encodeURIComponent).join('/')}`;

export function recordsToDcatAp(records: CatalogRecord[], ctx: ExportContext = {}): { document: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const base = (ctx.config?.export?.baseUri ?? 'urn:x-catalog:').replace(/([^/:])$/, '$1/');
  const graph: Record<string, unknown>[] = [];
  const datasets: string[] = [];
  const providers = new Map<string, Record<string, unknown>>();
  records.forEach((r, i) => {
    const key = recordKey(r) ?? `record-${i + 1}`;
    if (!r.abstract) issues.push(exportIssue('export-missing-field', { key, field: 'dct:description (abstract)', format: 'DCAT-AP', schema: 'DCAT-AP 3 SHACL' }, { record: i, path: '/abstract' }));
    const id = iri(`${base}dataset/`, key);
    datasets.push(id);
    const publisherId = iri(`${base}agent/`, r.provider?.code ?? r.provider?.name ?? 'unknown');
    if (!providers.has(publisherId)) {
      providers.set(publisherId, JSON.parse(JSON.stringify({ '@id': publisherId, '@type': 'foaf:Agent', 'foaf:name': r.provider?.name ?? '', 'dct:identifier': r.provider?.code })) as Record<string, unknown>);
    }
    const identifiers = (['resourceCode', 'metadataIdentifier', 'resourceIdentifier'] as const)
      .filter((f) => r[f] !== undefined)
      .map((f) => ({ '@type': 'adms:Identifier', 'skos:notation': r[f], 'adms:schemeAgency': Object.keys(ID_AGENCY).find((k) => ID_AGENCY[k] === f) }));
    const distributions = [
      ...(r.onlineResources ?? []).map((u) => ({ '@type': 'dcat:Distribution', 'dcat:accessURL': url(u) })),
      ...(r.service ? [{
        '@type': 'dcat:Distribution',
        'dcat:accessURL': url(r.service.url),
        'dcat:accessService': { '@type': 'dcat:DataService', 'dct:title': lit(r.service.type, 'zh'), 'dcat:endpointURL': url(r.service.url) },
      }] : []),
    ];
    const themes = (r.classifications ?? []).map((c) => ({
      '@id': iri(`${base}concept/`, c.scheme ?? '', c.code ?? c.name ?? ''),
      '@type': 'skos:Concept',
      'skos:prefLabel': lit(c.name ?? c.code ?? c.scheme, 'zh'),
      ...(c.code !== undefined ? { 'skos:notation': c.code } : {}),
      'skos:inScheme': { '@id': iri(`${base}scheme/`, c.scheme ?? ''), '@type': 'skos:ConceptScheme', 'dct:title': lit(c.scheme, 'zh') },
    }));
    const freq = cycleToEuFrequency(r.updateCycle);
    const ds: Record<string, unknown> = {
      '@id': id,
      '@type': 'dcat:Dataset',
      'dct:title': lit(r.title ?? '', 'zh'),
      'dct:description': r.abstract !== undefined ? lit(r.abstract, 'zh') : undefined,
      'dct:identifier': key,
      'adms:identifier': identifiers.length ? identifiers : undefined,
      'dcat:keyword': r.keywords?.length ? r.keywords.map((k) => lit(k, 'zh')) : undefined,
      'dct:issued': r.publishedDate ? date(r.publishedDate) : undefined,
      'dct:modified': r.metadataUpdated ? date(r.metadataUpdated) : undefined,
      'dct:publisher': { '@id': publisherId },
      'dcat:contactPoint': r.metadataContacts?.length ? r.metadataContacts.map((m) => ({ '@type': ['vcard:Kind', 'vcard:Organization'], 'vcard:fn': m.name })) : undefined,
      'dcat:theme': themes.length ? themes : undefined,
      'dct:accrualPeriodicity': freq ? { '@id': freq, '@type': 'dct:Frequency' } : undefined,
      'dct:accessRights': r.openness?.open === undefined ? undefined : { '@id': ACCESS + (r.openness.open ? 'PUBLIC' : 'NON_PUBLIC'), '@type': 'dct:RightsStatement' },
      'dcat:distribution': distributions.length ? distributions : undefined,
    };
    graph.push(JSON.parse(JSON.stringify(ds)) as Record<string, unknown>);
  });
  const names = [...new Set(records.map((r) => r.provider?.name).filter(Boolean))];
  const catalogPublisher = ctx.config?.export?.publisherName ?? ctx.config?.department?.name ?? (names.length === 1 ? names[0] : undefined) ?? 'catalog';
  const catPubId = iri(`${base}agent/`, `catalog-publisher:${catalogPublisher}`);
  const catalog = {
    '@id': `${base}catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': lit(`${catalogPublisher} 政务信息资源目录`, 'zh'),
    'dct:description': lit(`${catalogPublisher} 政务信息资源目录（${records.length} 条）`, 'zh'),
    'dct:publisher': { '@id': catPubId, '@type': 'foaf:Agent', 'foaf:name': catalogPublisher },
    'dcat:dataset': datasets.map((d) => ({ '@id': d })),
  };
  return { document: { '@context': DCAT_CONTEXT, '@graph': [catalog, ...graph, ...providers.values()] }, issues };
}

export const dcatApExporter: Exporter = {
  id: 'dcat-ap',
  description: 'DCAT-AP 3.0 JSON-LD',
  carries: ['/title', '/abstract', '/keywords', '/publishedDate', '/metadataUpdated', '/provider/name', '/provider/code', '/metadataContacts/*/name', '/classifications', '/onlineResources', '/service', '/updateCycle', '/openness/open', '/resourceCode', '/metadataIdentifier', '/resourceIdentifier'],
  run(records: CatalogRecord[], ctx: ExportContext): ExportResult {
    const { document, issues } = recordsToDcatAp(records, ctx);
    return { content: JSON.stringify(document, null, 2) + '\n', extension: 'jsonld', issues };
  },
};
