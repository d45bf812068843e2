import type { CatalogRecord } from '../model/record.js';
import { isoPeriodToCycle } from '../export/frequency.js';
import { clean, identityFrom, isoDate, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { importIssue, parseJson } from './issue.js';

/** Fields of a data.json dataset that map to the record; the rest is kept under extensions.datajson. */
const MAPPED = new Set(['@type', 'title', 'description', 'keyword', 'modified', 'issued', 'publisher', 'contactPoint', 'identifier', 'accessLevel', 'accrualPeriodicity', 'theme', 'distribution']);

/** One POD v1.1 dataset → record. */
export function datajsonDatasetToRecord(d: Record<string, any>, file: string, index: number): CatalogRecord {
  const dists: Record<string, any>[] = Array.isArray(d.distribution) ? d.distribution : [];
  const api = dists.find((x) => x?.format === 'API' && typeof x.accessURL === 'string');
  const online = dists.filter((x) => x !== api).map((x) => x?.accessURL ?? x?.downloadURL).filter((u): u is string => typeof u === 'string');
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!MAPPED.has(k)) rest[k] = v;
  const distRest = dists.filter((x) => x !== api && (x?.downloadURL || x?.mediaType || x?.title || x?.format));
  if (distRest.length) rest.distribution = distRest;
  const contact = d.contactPoint?.fn;
  const provider = typeof d.publisher?.name === 'string' ? d.publisher.name : '';
  return clean({
    ...identityFrom(typeof d.identifier === 'string' ? d.identifier : undefined),
    title: typeof d.title === 'string' ? d.title : '',
    abstract: typeof d.description === 'string' ? d.description : undefined,
    keywords: Array.isArray(d.keyword) ? d.keyword.filter((k: unknown) => typeof k === 'string') : undefined,
    provider: { name: provider },
    metadataContacts: typeof contact === 'string' && contact !== provider ? [{ name: contact }] : undefined,
    publishedDate: isoDate(d.issued),
    metadataUpdated: isoDate(d.modified),
    updateCycle: isoPeriodToCycle(d.accrualPeriodicity),
    classifications: Array.isArray(d.theme) ? d.theme.map((t: string) => ({ scheme: '主题分类', name: t })) : undefined,
    onlineResources: online.length ? online : undefined,
    service: api ? { url: api.accessURL, type: typeof api.description === 'string' ? api.description : 'API' } : undefined,
    openness: d.accessLevel === 'public' ? { open: true } : d.accessLevel === 'restricted public' ? { open: true, condition: 'restricted public' } : d.accessLevel === 'non-public' ? { open: false } : undefined,
    extensions: Object.keys(rest).length ? { datajson: rest } : undefined,
    provenance: { file, row: index + 1 },
  }) as CatalogRecord;
}

export const datajsonImporter: Importer = {
  id: 'datajson',
  description: 'Project Open Data v1.1 data.json',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    const lang = options.lang ?? 'en';
    const doc = parseJson(bytes, options.file);
    const list: unknown[] = Array.isArray(doc) ? doc : Array.isArray((doc as any)?.dataset) ? (doc as any).dataset : [];
    const records: CatalogRecord[] = [];
    const issues = [];
    if (!list.length) issues.push(importIssue('import-empty', lang, { file: options.file, format: 'data.json', what: 'dataset[]' }));
    for (const [i, d] of list.entries()) {
      if (!d || typeof d !== 'object' || !Object.keys(d).length) {
        issues.push(importIssue('import-skipped', lang, { file: options.file, index: i + 1, detail: 'empty dataset object' }, 'warning'));
        continue;
      }
      const r = datajsonDatasetToRecord(d as Record<string, any>, options.file, i);
      if (!r.title) issues.push(importIssue('import-missing', lang, { file: options.file, index: i + 1, field: 'title' }, 'warning'));
      if (!r.provider.name) issues.push(importIssue('import-missing', lang, { file: options.file, index: i + 1, field: 'publisher.name' }, 'warning'));
      records.push(r);
    }
    return { records, issues };
  },
};
