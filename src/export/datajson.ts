import type { CatalogRecord } from '../model/record.js';
import { recordKey } from '../model/identity.js';
import type { Issue } from '../issues/issue.js';
import { readForeignDate } from '../import/values.js';
import { cycleToIsoPeriod } from './frequency.js';
import { exportIssue } from './issue.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';

/**
 * Project Open Data Metadata Schema v1.1 (data.json). What a data.json import kept under
 * extensions.datajson (agency codes, licence, language, landing page, rights, spatial, the original
 * distribution list and date forms…) is written back, so import → export of a valid data.json stays
 * valid. bureauCode/programCode (US-federal codes) otherwise come from catalog.config.json
 * export.bureauCode/programCode, contactPoint.hasEmail from export.contactEmail; when neither has them,
 * a warning says so and the output fails the POD schema.
 */
const POD = 'Project Open Data v1.1';
const MAX_RIGHTS = 255;

/** Openness types that mean "open with conditions" (open-type code list label and aliases). */
const CONDITIONAL = new Set(['有条件开放', '依申请开放', '受限开放']);
const UNCONDITIONAL = /^(无条件开放|完全开放|开放|无条件)$/;

export type AccessLevel = 'public' | 'restricted public' | 'non-public';

/**
 * accessLevel and rights from 开放属性 (docs/export.md has this as a table):
 * open, no condition or an unconditional one → public; open with a condition or type 有条件开放 →
 * restricted public, rights = the condition; not open, type 不予开放 or no openness → non-public,
 * rights = the reason given (kept rights, condition, 不予共享依据) or the code-list label.
 */
export function accessLevelOf(r: CatalogRecord): { accessLevel: AccessLevel; rights?: string } {
  const o = r.openness;
  const kept = typeof r.extensions?.datajson === 'object' ? ((r.extensions.datajson as Record<string, unknown>).rights as string | undefined) : undefined;
  const condition = o?.condition?.trim() || undefined;
  const open = o?.open === true && o.type !== '不予开放';
  if (open && !CONDITIONAL.has(o?.type ?? '') && (!condition || UNCONDITIONAL.test(condition))) return { accessLevel: 'public', rights: kept };
  if (open) return { accessLevel: 'restricted public', rights: condition ?? kept ?? '有条件开放' };
  return { accessLevel: 'non-public', rights: kept ?? condition ?? r.sharing?.basis ?? '不予开放' };
}

/** The original date text when it still says what the record says, else the record's date. */
function dateOut(own: string | undefined, kept: unknown): string | undefined {
  const original = typeof kept === 'string' || typeof kept === 'number' ? String(kept) : undefined;
  if (!own) return original;
  return original && readForeignDate(original).date === own ? original : own;
}

const urlsOf = (d: unknown[]) => d.map((x: any) => x?.accessURL ?? x?.downloadURL);

function distributionOf(r: CatalogRecord, kept: unknown): unknown[] | undefined {
  const built = [
    ...(r.onlineResources ?? []).map((u) => ({ '@type': 'dcat:Distribution', accessURL: u })),
    ...(r.service ? [{ '@type': 'dcat:Distribution', accessURL: r.service.url, format: 'API', description: r.service.type }] : []),
  ];
  // The imported list is written back while the record's links are still the ones it came with.
  if (Array.isArray(kept) && JSON.stringify(urlsOf(kept).filter((u) => typeof u === 'string').sort()) === JSON.stringify(urlsOf(built).sort())) return kept;
  return built.length ? built : undefined;
}

const object = (v: unknown): Record<string, any> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : undefined);

function datasetOf(r: CatalogRecord, ctx: ExportContext, missing: (field: string, i: number, path: string) => void, i: number): Record<string, unknown> {
  const exp = ctx.config?.export ?? {};
  const x = object(r.extensions?.datajson) ?? {};
  const keyword = r.keywords?.length ? r.keywords : undefined;
  if (!keyword) missing('keyword', i, '/keywords');
  const modified = dateOut(r.metadataUpdated, x.modified) ?? r.publishedDate;
  if (!modified) missing('modified', i, '/metadataUpdated');
  const contactName = r.metadataContacts?.[0]?.name ?? r.provider?.name;
  const keptContact = object(x.contactPoint);
  const email = keptContact?.hasEmail ?? (exp.contactEmail ? `mailto:${exp.contactEmail.replace(/^mailto:/, '')}` : undefined);
  const keptPublisher = object(x.publisher);
  const { accessLevel, rights } = accessLevelOf(r);
  const ds: Record<string, unknown> = {
    '@type': x['@type'] ?? 'dcat:Dataset',
    title: r.title,
    description: r.abstract,
    keyword,
    modified,
    issued: dateOut(r.publishedDate, x.issued),
    publisher: keptPublisher && keptPublisher.name === r.provider?.name ? keptPublisher : { '@type': 'org:Organization', name: r.provider?.name },
    contactPoint: keptContact && (keptContact.fn === contactName || !contactName) ? { ...keptContact, hasEmail: email } : { '@type': 'vcard:Contact', fn: contactName, hasEmail: email },
    identifier: recordKey(r) ?? x.identifier,
    accessLevel,
    rights: rights && rights.length > MAX_RIGHTS ? rights.slice(0, MAX_RIGHTS) : rights,
    bureauCode: x.bureauCode ?? (exp.bureauCode?.length ? exp.bureauCode : undefined),
    programCode: x.programCode ?? (exp.programCode?.length ? exp.programCode : undefined),
    accrualPeriodicity: cycleToIsoPeriod(r.updateCycle) ?? x.accrualPeriodicity,
    theme: r.classifications?.length ? [...new Set(r.classifications.map((c) => c.name ?? c.scheme))] : x.theme,
    distribution: distributionOf(r, x.distribution),
  };
  // Everything else the import kept (license, language, landingPage, spatial, temporal, isPartOf…) goes back as it came.
  for (const [k, v] of Object.entries(x)) if (!(k in ds)) ds[k] = v;
  return JSON.parse(JSON.stringify(ds)) as Record<string, unknown>;
}

export function recordsToDataJson(records: CatalogRecord[], ctx: ExportContext = {}): { document: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const dataset = records.map((r, i) => {
    const key = recordKey(r) ?? r.title;
    const missing = (field: string, record: number, path: string) => issues.push(exportIssue('export-missing-field', { key, field, format: 'data.json', schema: POD }, { record, path }));
    const ds = datasetOf(r, ctx, missing, i);
    if (!r.metadataUpdated && !object(r.extensions?.datajson)?.modified && r.publishedDate) issues.push(exportIssue('export-fallback', { key, format: 'data.json', field: 'modified', from: 'publishedDate' }, { severity: 'info', record: i }));
    if (typeof ds.rights === 'string' && ds.rights.length === MAX_RIGHTS) issues.push(exportIssue('export-truncated', { key, format: 'data.json', field: 'rights', limit: MAX_RIGHTS }, { record: i }));
    return ds;
  });
  const setting: Record<string, string> = { bureauCode: 'export.bureauCode', programCode: 'export.programCode' };
  for (const field of ['bureauCode', 'programCode']) {
    if (dataset.some((d) => d[field] === undefined)) issues.push(exportIssue('export-missing-config', { format: 'data.json', field, setting: setting[field], schema: POD }));
  }
  if (dataset.some((d) => (d.contactPoint as Record<string, unknown>).hasEmail === undefined)) issues.push(exportIssue('export-missing-config', { format: 'data.json', field: 'contactPoint.hasEmail', setting: 'export.contactEmail', schema: POD }));
  return {
    document: {
      '@context': 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld',
      '@type': 'dcat:Catalog',
      conformsTo: 'https://project-open-data.cio.gov/v1.1/schema',
      describedBy: 'https://project-open-data.cio.gov/v1.1/schema/catalog.json',
      dataset,
    },
    issues,
  };
}

export const datajsonExporter: Exporter = {
  id: 'datajson',
  description: 'Project Open Data v1.1 data.json',
  carries: ['/title', '/abstract', '/keywords', '/publishedDate', '/metadataUpdated', '/provider/name', '(record key)', '/onlineResources', '/service', '/updateCycle', '/openness', '/classifications/*/name', '/extensions/datajson'],
  run(records: CatalogRecord[], ctx: ExportContext): ExportResult {
    const { document, issues } = recordsToDataJson(records, ctx);
    return { content: JSON.stringify(document, null, 2) + '\n', extension: 'json', issues };
  },
};
