import type { CatalogRecord } from '../model/record.js';
import { CKAN_EXTRAS } from '../export/ckan.js';
import { euFrequencyToCycle } from '../export/frequency.js';
import { clean, identityFrom, isoDate, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { importIssue, parseJson } from './issue.js';

const MAPPED = new Set(['name', 'title', 'notes', 'identifier', 'tags', 'issued', 'modified', 'frequency', 'publisher', 'contact', 'organization', 'resources', 'extras', 'theme']);

const first = <T>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);

/** One CKAN package (package_show result, plain or ckanext-dcat scheming) → record. */
export function ckanPackageToRecord(p: Record<string, any>, file: string, index: number): CatalogRecord {
  const extras = new Map<string, string>();
  for (const e of Array.isArray(p.extras) ? p.extras : []) if (e && typeof e.key === 'string') extras.set(e.key, String(e.value));
  const fromExtras: Record<string, unknown> = {};
  for (const [k, field] of Object.entries(CKAN_EXTRAS)) {
    const v = extras.get(k);
    if (v === undefined) continue;
    const structured = !['resourceCode', 'metadataIdentifier', 'resourceIdentifier', 'keywordThesaurus', 'updateCycle', 'division'].includes(field as string);
    try { fromExtras[field as string] = structured ? JSON.parse(v) : v; } catch { fromExtras[field as string] = v; }
    extras.delete(k);
  }
  const address = extras.get('provider_address');
  extras.delete('provider_address');
  const pub = first(p.publisher) as Record<string, any> | undefined;
  const providerName = pub?.name ?? p.organization?.title ?? p.author ?? p.maintainer ?? '';
  const resources: Record<string, any>[] = Array.isArray(p.resources) ? p.resources : [];
  const api = fromExtras.service ? resources.find((r) => r?.format === 'API') : undefined;
  const online = resources.filter((r) => r !== api && typeof r?.url === 'string' && r.url).map((r) => r.url as string);
  const contacts = (Array.isArray(p.contact) ? p.contact : p.contact ? [p.contact] : []).filter((c: any) => c?.name).map((c: any) => clean({ name: c.name as string, code: c.identifier as string | undefined }));
  const themes = Array.isArray(p.theme) ? p.theme.filter((t: unknown) => typeof t === 'string') : [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!MAPPED.has(k)) rest[k] = v;
  if (extras.size) rest.extras = [...extras].map(([key, value]) => ({ key, value }));
  const identity = Object.keys(fromExtras).some((k) => ['resourceCode', 'metadataIdentifier', 'resourceIdentifier'].includes(k))
    ? {}
    : identityFrom(typeof p.identifier === 'string' ? p.identifier : typeof p.name === 'string' ? p.name : undefined);
  const ownExtensions = fromExtras.extensions as Record<string, unknown> | undefined;
  delete fromExtras.extensions;
  const extensions = { ...(ownExtensions ?? {}), ...(Object.keys(rest).length ? { ckan: rest } : {}) };
  return clean({
    ...identity,
    ...fromExtras,
    title: typeof p.title === 'string' ? p.title : '',
    abstract: typeof p.notes === 'string' ? p.notes : undefined,
    keywords: Array.isArray(p.tags) ? p.tags.map((t: any) => (typeof t === 'string' ? t : t?.display_name ?? t?.name)).filter((t: unknown) => typeof t === 'string') : undefined,
    provider: clean({ name: providerName, code: pub?.identifier, address }),
    metadataContacts: contacts.length ? contacts : undefined,
    publishedDate: isoDate(p.issued),
    metadataUpdated: isoDate(p.modified),
    updateCycle: (fromExtras.updateCycle as string | undefined) ?? euFrequencyToCycle(p.frequency) ?? (typeof p.frequency === 'string' && !/^https?:/.test(p.frequency) ? p.frequency : undefined),
    classifications: (fromExtras.classifications as CatalogRecord['classifications']) ?? (themes.length ? themes.map((t: string) => ({ scheme: 'dcat:theme', name: t })) : undefined),
    onlineResources: online.length ? online : undefined,
    extensions: Object.keys(extensions).length ? extensions : undefined,
    provenance: { file, row: index + 1 },
  }) as CatalogRecord;
}

export const ckanImporter: Importer = {
  id: 'ckan',
  description: 'CKAN package JSON (one package, an array, or a package_show/package_search response)',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    const doc = parseJson(bytes, options.file) as any;
    const body = doc && typeof doc === 'object' && 'result' in doc ? doc.result : doc;
    const list: unknown[] = Array.isArray(body) ? body : Array.isArray(body?.results) ? body.results : body ? [body] : [];
    const records: CatalogRecord[] = [];
    const issues = [];
    for (const [i, p] of list.entries()) {
      if (!p || typeof p !== 'object' || Array.isArray(p)) {
        issues.push(importIssue('import-skipped', options.lang ?? 'en', { file: options.file, index: i + 1, detail: 'not a package object' }, 'warning'));
        continue;
      }
      records.push(ckanPackageToRecord(p as Record<string, any>, options.file, i));
    }
    return { records, issues };
  },
};
