import type { CatalogRecord } from '../model/record.js';
import { recordKey } from '../model/identity.js';
import type { Issue } from '../report/issue.js';
import { cycleToIsoPeriod } from './frequency.js';
import { exportIssue } from './issue.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';

/**
 * Project Open Data Metadata Schema v1.1 (data.json). bureauCode/programCode are US-federal codes:
 * they come from catalog.config.json export.bureauCode/programCode, contactPoint.hasEmail from
 * export.contactEmail; when missing, a warning says so and the output fails the POD schema.
 */
const POD = 'Project Open Data v1.1';

function accessLevel(r: CatalogRecord): 'public' | 'restricted public' | 'non-public' {
  if (r.openness?.open === true) return r.openness.condition ? 'restricted public' : 'public';
  return 'non-public';
}

export function recordsToDataJson(records: CatalogRecord[], ctx: ExportContext = {}): { document: Record<string, unknown>; issues: Issue[] } {
  const lang = ctx.lang ?? 'en';
  const exp = ctx.config?.export ?? {};
  const issues: Issue[] = [];
  const missing = (field: string, setting: string) => issues.push(exportIssue('export-missing-config', lang, { format: 'data.json', field, setting, schema: POD }));
  if (!exp.bureauCode?.length) missing('bureauCode', 'export.bureauCode');
  if (!exp.programCode?.length) missing('programCode', 'export.programCode');
  if (!exp.contactEmail) missing('contactPoint.hasEmail', 'export.contactEmail');
  const dataset = records.map((r, i) => {
    const key = recordKey(r) ?? r.title;
    const keyword = r.keywords?.length ? r.keywords : undefined;
    if (!keyword) issues.push(exportIssue('export-missing-field', lang, { key, field: 'keyword', format: 'data.json', schema: POD }, { record: i, path: '/keywords' }));
    const modified = r.metadataUpdated ?? r.publishedDate;
    if (!r.metadataUpdated && r.publishedDate) issues.push(exportIssue('export-fallback', lang, { key, format: 'data.json', field: 'modified', from: 'publishedDate' }, { severity: 'info', record: i }));
    if (!modified) issues.push(exportIssue('export-missing-field', lang, { key, field: 'modified', format: 'data.json', schema: POD }, { record: i, path: '/metadataUpdated' }));
    const contact = r.metadataContacts?.[0]?.name ?? r.provider?.name;
    const distribution = [
      ...(r.onlineResources ?? []).map((u) => ({ '@type': 'dcat:Distribution', accessURL: u })),
      ...(r.service ? [{ '@type': 'dcat:Distribution', accessURL: r.service.url, format: 'API', description: r.service.type }] : []),
    ];
    const ds: Record<string, unknown> = {
      '@type': 'dcat:Dataset',
      title: r.title,
      description: r.abstract,
      keyword,
      modified,
      issued: r.publishedDate,
      publisher: { '@type': 'org:Organization', name: r.provider?.name },
      contactPoint: { '@type': 'vcard:Contact', fn: contact, hasEmail: exp.contactEmail ? `mailto:${exp.contactEmail.replace(/^mailto:/, '')}` : undefined },
      identifier: recordKey(r),
      accessLevel: accessLevel(r),
      bureauCode: exp.bureauCode?.length ? exp.bureauCode : undefined,
      programCode: exp.programCode?.length ? exp.programCode : undefined,
      accrualPeriodicity: cycleToIsoPeriod(r.updateCycle),
      theme: r.classifications?.length ? [...new Set(r.classifications.map((c) => c.name ?? c.scheme))] : undefined,
      distribution: distribution.length ? distribution : undefined,
    };
    return JSON.parse(JSON.stringify(ds)) as Record<string, unknown>;
  });
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
  carries: ['/title', '/abstract', '/keywords', '/publishedDate', '/metadataUpdated', '/provider/name', '(record key)', '/onlineResources', '/service', '/updateCycle', '/openness/open'],
  run(records: CatalogRecord[], ctx: ExportContext): ExportResult {
    const { document, issues } = recordsToDataJson(records, ctx);
    return { content: JSON.stringify(document, null, 2) + '\n', extension: 'json', issues };
  },
};
