import type { CatalogRecord } from '../model/record.js';
import { CKAN_EXTRAS, ckanName } from '../export/ckan.js';
import { euFrequencyToCycle } from '../export/frequency.js';
import { clean, identityFrom, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { importIssue, parseJson } from './issue.js';
import { asText, countField, newContext, readForeignDate, type ImportContext } from './values.js';

/** Record field each CKAN package field maps to; the rest is kept under extensions.ckan. */
export const CKAN_FIELDS: Record<string, string> = {
  name: '(record key)', title: '/title', notes: '/abstract', identifier: '(record key)', tags: '/keywords', issued: '/publishedDate',
  modified: '/metadataUpdated', frequency: '/updateCycle', publisher: '/provider', contact: '/metadataContacts', organization: '/provider/name',
  resources: '/onlineResources', extras: '(by key)', theme: '/classifications',
};

const first = <T>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);
/** Every item an object whose keys are all in `plain`: the record re-creates it, nothing to keep. */
const onlyKeys = (v: unknown, plain: string[]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).every((x) => x && typeof x === 'object' && Object.keys(x).every((k) => plain.includes(k)));

function fromExtrasOf(p: Record<string, any>): { fromExtras: Record<string, unknown>; extras: Map<string, string> } {
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
  return { fromExtras, extras };
}

/** Which mapped fields the record holds only in part: those are kept whole under extensions.ckan as well. */
function lossyFields(p: Record<string, any>, o: { title?: string; notes?: string; key?: string; dates: Record<string, boolean>; cycle?: string; providerName: string }): string[] {
  const lossy: string[] = [];
  if (p.name !== undefined && (typeof p.name !== 'string' || !o.key || ckanName(o.key) !== p.name)) lossy.push('name');
  if (p.title !== undefined && o.title === undefined) lossy.push('title');
  if (p.notes !== undefined && o.notes === undefined) lossy.push('notes');
  if (!onlyKeys(p.tags, ['name', 'display_name']) && !(Array.isArray(p.tags) && p.tags.every((t: unknown) => typeof t === 'string'))) lossy.push('tags');
  for (const k of ['issued', 'modified']) if (p[k] !== undefined && !o.dates[k]) lossy.push(k);
  if (p.frequency !== undefined && !o.cycle) lossy.push('frequency');
  if (!onlyKeys(p.publisher, ['name', 'identifier'])) lossy.push('publisher');
  if (!onlyKeys(p.contact, ['name', 'identifier'])) lossy.push('contact');
  // The organization the exporter writes ({name, title = provider}) is re-created; any other is kept.
  if (p.organization !== undefined && !(onlyKeys(p.organization, ['name', 'title']) && p.organization?.title === o.providerName)) lossy.push('organization');
  if (!onlyKeys(p.resources, ['url', 'name', 'format'])) lossy.push('resources');
  if (p.theme !== undefined && !(Array.isArray(p.theme) && p.theme.every((t: unknown) => typeof t === 'string'))) lossy.push('theme');
  return lossy;
}

/** One CKAN package (package_show result, plain or ckanext-dcat scheming) → record; nothing is dropped (see CKAN_FIELDS). */
export function ckanPackageToRecord(p: Record<string, any>, file: string, index: number, ctx: ImportContext = newContext(file)): CatalogRecord {
  const row = index + 1;
  const { fromExtras, extras } = fromExtrasOf(p);
  const address = extras.get('provider_address');
  extras.delete('provider_address');
  const pub = first(p.publisher) as Record<string, any> | undefined;
  const providerName = asText(pub?.name, ctx, row, 'publisher.name') ?? p.organization?.title ?? p.author ?? p.maintainer ?? '';
  const resources: Record<string, any>[] = Array.isArray(p.resources) ? p.resources : [];
  const api = fromExtras.service ? resources.find((r) => r?.format === 'API') : undefined;
  const online = resources.filter((r) => r !== api && typeof r?.url === 'string' && r.url).map((r) => r.url as string);
  const contacts = (Array.isArray(p.contact) ? p.contact : p.contact ? [p.contact] : []).filter((c: any) => c?.name).map((c: any) => clean({ name: String(c.name), code: c.identifier as string | undefined }));
  const themes = Array.isArray(p.theme) ? p.theme.filter((t: unknown) => typeof t === 'string') : [];
  const key = typeof p.identifier === 'string' ? p.identifier : typeof p.name === 'string' ? p.name : undefined;
  const identity = Object.keys(fromExtras).some((k) => ['resourceCode', 'metadataIdentifier', 'resourceIdentifier'].includes(k)) ? {} : identityFrom(key);
  const title = asText(p.title, ctx, row, 'title');
  const notes = asText(p.notes, ctx, row, 'notes');
  const issued = typeof p.issued === 'string' ? readForeignDate(p.issued) : undefined;
  const modified = typeof p.modified === 'string' ? readForeignDate(p.modified) : undefined;
  const cycle = (fromExtras.updateCycle as string | undefined) ?? euFrequencyToCycle(p.frequency) ?? (typeof p.frequency === 'string' && !/^https?:/.test(p.frequency) ? p.frequency : undefined);
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!(k in CKAN_FIELDS)) rest[k] = v;
  const lossy = lossyFields(p, { title, notes, key: (identity as Partial<CatalogRecord>).resourceCode ?? (identity as Partial<CatalogRecord>).metadataIdentifier ?? key, dates: { issued: !!issued?.exact, modified: !!modified?.exact }, cycle, providerName });
  for (const k of lossy) rest[k] = p[k];
  if (extras.size) rest.extras = [...extras].map(([k, value]) => ({ key: k, value }));
  for (const k of Object.keys(p)) countField(ctx, k, k in rest ? (k in CKAN_FIELDS ? `${CKAN_FIELDS[k]} + extensions.ckan.${k}` : `extensions.ckan.${k}`) : CKAN_FIELDS[k]);
  const ownExtensions = fromExtras.extensions as Record<string, unknown> | undefined;
  delete fromExtras.extensions;
  const extensions = { ...(ownExtensions ?? {}), ...(Object.keys(rest).length ? { ckan: rest } : {}) };
  return clean({
    ...identity,
    ...fromExtras,
    title: title ?? '',
    abstract: notes,
    // Keywords CKAN's tag rules changed travel in extras (gbt21063_keywords) and win over the tags.
    keywords: (fromExtras.keywords as string[] | undefined) ?? (Array.isArray(p.tags) ? p.tags.map((t: any) => (typeof t === 'string' ? t : t?.display_name ?? t?.name)).filter((t: unknown) => typeof t === 'string') : undefined),
    provider: clean({ name: providerName, code: pub?.identifier, address }),
    metadataContacts: contacts.length ? contacts : undefined,
    publishedDate: issued?.date,
    metadataUpdated: modified?.date,
    updateCycle: cycle,
    classifications: (fromExtras.classifications as CatalogRecord['classifications']) ?? (themes.length ? themes.map((t: string) => ({ scheme: 'dcat:theme', name: t })) : undefined),
    onlineResources: online.length ? online : undefined,
    extensions: Object.keys(extensions).length ? extensions : undefined,
    provenance: { file, row },
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
    const ctx = newContext(options.file);
    for (const [i, p] of list.entries()) {
      if (!p || typeof p !== 'object' || Array.isArray(p)) {
        ctx.issues.push(importIssue('import-skipped', { file: options.file, index: i + 1, detail: 'not a package object' }, 'warning'));
        continue;
      }
      records.push(ckanPackageToRecord(p as Record<string, any>, options.file, i, ctx));
    }
    return { records, issues: ctx.issues, fields: ctx.fields };
  },
};
