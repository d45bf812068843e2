import crypto from 'node:crypto';
import type { CatalogRecord } from '../model/record.js';
import { recordKey } from '../model/identity.js';
import { cycleToEuFrequency } from './frequency.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';
import type { Issue } from '../issues/issue.js';
import { exportIssue } from './issue.js';

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
  // Written only when CKAN's tag rules changed a keyword: the keywords as they were.
  gbt21063_keywords: 'keywords',
};

/** CKAN `name`: lowercase a-z 0-9 - _, 2–100 chars; keys that do not fit become "r-" + a hash. */
export function ckanName(key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length >= 2 && slug.length <= 100 && /^[\x20-\x7e]*$/.test(key)) return slug;
  return 'r-' + crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** CKAN's tag limits (ckan/logic/validators.py: tag_length_validator MIN_TAG_LENGTH / MAX_TAG_LENGTH). */
export const CKAN_TAG_MIN = 2;
export const CKAN_TAG_MAX = 100;

/** A keyword CKAN would refuse, and what it becomes. `tag` undefined: nothing of it can be a tag (it stays in extras). */
export interface TagChange {
  keyword: string;
  tag?: string;
  reason: 'characters' | 'too-short' | 'too-long' | 'duplicate' | 'empty';
}

/**
 * Keywords as CKAN tags by CKAN's own rules: tag_name_validator allows word characters (any script),
 * spaces, - _ and . only; tag_length_validator wants 2–100 characters. Other characters (tab, quotes,
 * angle brackets, @ ( ) …) become spaces (collapsed and trimmed), a one-character tag is padded with "_"
 * as CKAN's munge_tag does, a long one cut to 100, a repeat dropped. Every change is returned so the
 * caller warns about it; the original keywords travel in extras, so nothing is lost.
 */
export function ckanTags(keywords: string[]): { tags: string[]; changes: TagChange[] } {
  const tags: string[] = [];
  const changes: TagChange[] = [];
  for (const keyword of keywords) {
    let tag = keyword.replace(/[^\p{L}\p{M}\p{N}_ .-]+/gu, ' ').replace(/\s+/g, ' ').trim();
    let reason: TagChange['reason'] | undefined = tag !== keyword ? 'characters' : undefined;
    if (!tag) {
      changes.push({ keyword, reason: 'empty' });
      continue;
    }
    if ([...tag].length < CKAN_TAG_MIN) [tag, reason] = [tag + '_'.repeat(CKAN_TAG_MIN - [...tag].length), reason ?? 'too-short'];
    if ([...tag].length > CKAN_TAG_MAX) [tag, reason] = [[...tag].slice(0, CKAN_TAG_MAX).join('').trim(), reason ?? 'too-long'];
    if (tags.includes(tag)) {
      changes.push({ keyword, tag, reason: 'duplicate' });
      continue;
    }
    if (reason) changes.push({ keyword, tag, reason });
    tags.push(tag);
  }
  return { tags, changes };
}

/** One warning per keyword CKAN's rules changed (export and publish --target ckan). */
export function tagIssues(r: CatalogRecord, record?: number): Issue[] {
  const key = recordKey(r) ?? r.title;
  return ckanTags(r.keywords ?? []).changes.map((c) => exportIssue(`ckan-tag-${c.reason}`, { key, keyword: c.keyword, tag: c.tag ?? '', min: CKAN_TAG_MIN, max: CKAN_TAG_MAX }, { record, path: '/keywords' }));
}

export function recordToCkan(r: CatalogRecord, o: { ownerOrg?: string } = {}): Record<string, unknown> {
  const key = recordKey(r) ?? r.title;
  const { tags, changes } = ckanTags(r.keywords ?? []);
  const extras = Object.entries(CKAN_EXTRAS)
    .filter(([k, f]) => r[f] !== undefined && (k !== 'gbt21063_keywords' || changes.length))
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
    tags: tags.map((name) => ({ name })),
    issued: r.publishedDate,
    modified: r.metadataUpdated,
    frequency: cycleToEuFrequency(r.updateCycle) ?? r.updateCycle,
    publisher: [{ name: r.provider?.name, identifier: r.provider?.code }],
    contact: r.metadataContacts?.map((m) => ({ name: m.name, identifier: m.code })),
    organization: r.provider?.name ? { name: ckanName(r.provider.code ?? r.provider.name), title: r.provider.name } : undefined,
    owner_org: o.ownerOrg,
    resources,
    extras,
  })) as Record<string, unknown>;
}

export const ckanExporter: Exporter = {
  id: 'ckan',
  description: 'CKAN package JSON (array of packages)',
  carries: ['(every field except provenance; 2017 guide and GB/T 21063.3 fields CKAN lacks go in extras)'],
  run(records: CatalogRecord[], ctx: ExportContext): ExportResult {
    const ownerOrg = ctx.config?.export?.ckanOwnerOrg;
    const issues = records.flatMap((r, i) => tagIssues(r, i));
    if (!ownerOrg) issues.push(exportIssue('export-missing-config', { format: 'CKAN', field: 'owner_org', setting: 'export.ckanOwnerOrg', schema: 'CKAN package_create' }));
    return { content: JSON.stringify(records.map((r) => recordToCkan(r, { ownerOrg })), null, 2) + '\n', extension: 'json', issues };
  },
};
