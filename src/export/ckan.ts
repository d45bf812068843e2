import crypto from 'node:crypto';
import type { CatalogRecord } from '../model/record.js';
import { recordKey } from '../model/identity.js';
import { cycleToEuFrequency } from './frequency.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';

/**
 * CKAN package JSON (the package_show shape, with the ckanext-dcat scheming fields identifier, issued,
 * modified, frequency, publisher, contact). Fields CKAN has no place for travel in `extras` (key/value,
 * structured values as JSON), so the CKAN form is lossless apart from provenance. An array of packages.
 */
export const CKAN_EXTRAS: Record<string, keyof CatalogRecord> = {
  guide2017_resource_code: 'resourceCode',
  gbt21063_metadata_identifier: 'metadataIdentifier',
  gbt21063_resource_identifier: 'resourceIdentifier',
  gbt21063_keyword_thesaurus: 'keywordThesaurus',
  gbt21063_classifications: 'classifications',
  gbt21063_service: 'service',
  guide2017_directory_class: 'directoryClass',
  guide2017_format: 'format',
  guide2017_items: 'items',
  guide2017_sharing: 'sharing',
  guide2017_openness: 'openness',
  guide2017_update_cycle: 'updateCycle',
  guide2017_related_resource_codes: 'relatedResourceCodes',
  division: 'division',
  extensions: 'extensions',
};

/** CKAN `name`: lowercase a-z 0-9 - _, 2–100 chars; keys that do not fit become "r-" + a hash. */
export function ckanName(key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length >= 2 && slug.length <= 100 && /^[\x20-\x7e]*$/.test(key)) return slug;
  return 'r-' + crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function recordToCkan(r: CatalogRecord): Record<string, unknown> {
  const key = recordKey(r) ?? r.title;
  const extras = Object.entries(CKAN_EXTRAS)
    .filter(([, f]) => r[f] !== undefined)
    .map(([k, f]) => ({ key: k, value: typeof r[f] === 'string' ? (r[f] as string) : JSON.stringify(r[f]) }));
  if (r.provider?.address !== undefined) extras.push({ key: 'provider_address', value: r.provider.address });
  const resources = [
    ...(r.onlineResources ?? []).map((url) => ({ url, name: url })),
    ...(r.service ? [{ url: r.service.url, name: r.service.type, format: 'API' }] : []),
  ];
  return JSON.parse(JSON.stringify({
    name: ckanName(key),
    title: r.title,
    notes: r.abstract,
    identifier: key,
    tags: (r.keywords ?? []).map((name) => ({ name })),
    issued: r.publishedDate,
    modified: r.metadataUpdated,
    frequency: cycleToEuFrequency(r.updateCycle) ?? r.updateCycle,
    publisher: [{ name: r.provider?.name, identifier: r.provider?.code }],
    contact: r.metadataContacts?.map((m) => ({ name: m.name, identifier: m.code })),
    organization: r.provider?.name ? { name: ckanName(r.provider.code ?? r.provider.name), title: r.provider.name } : undefined,
    resources,
    extras,
  })) as Record<string, unknown>;
}

export const ckanExporter: Exporter = {
  id: 'ckan',
  description: 'CKAN package JSON (array of packages)',
  carries: ['(every field except provenance; 2017 guide and GB/T 21063.3 fields CKAN lacks go in extras)'],
  run(records: CatalogRecord[], _ctx: ExportContext): ExportResult {
    return { content: JSON.stringify(records.map(recordToCkan), null, 2) + '\n', extension: 'json', issues: [] };
  },
};
