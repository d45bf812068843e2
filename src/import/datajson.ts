import type { CatalogRecord, Openness } from '../model/record.js';
import { isoPeriodToCycle } from '../export/frequency.js';
import { clean, identityFrom, type ImportOptions, type ImportResult, type Importer } from './types.js';
import { importIssue, parseJson } from './issue.js';
import { asText, asTexts, countField, newContext, readForeignDate, wordOf, type ImportContext } from './values.js';

/** Record field (JSON pointer) each POD v1.1 dataset field maps to; every other field is kept under extensions.datajson. */
export const DATAJSON_FIELDS: Record<string, string> = {
  '@type': '(dcat:Dataset)', title: '/title', description: '/abstract', keyword: '/keywords', modified: '/metadataUpdated',
  issued: '/publishedDate', publisher: '/provider/name', contactPoint: '/metadataContacts', identifier: '(record key)',
  accessLevel: '/openness', accrualPeriodicity: '/updateCycle', theme: '/classifications', distribution: '/onlineResources',
};

const ACCESS: Record<string, Openness> = {
  public: { open: true },
  'restricted public': { open: true, type: '有条件开放' },
  'non-public': { open: false },
};

/** Read `modified` / `issued`: the day goes to the record, anything the record cannot hold stays in extensions (told). */
function readDate(d: Record<string, any>, key: 'modified' | 'issued', ctx: ImportContext, index: number, keep: (k: string) => void): { date?: string; cycle?: string } {
  if (d[key] === undefined || d[key] === null) return {};
  const text = asText(d[key], ctx, index, key);
  if (text === undefined) {
    keep(key);
    return {};
  }
  const fd = readForeignDate(text);
  if (!fd.exact) {
    keep(key);
    const severity = fd.kind === 'date-time' || (fd.kind === 'repeating' && fd.cycle) ? 'info' : 'warning';
    const code = fd.cycle ? 'import-date-cycle' : 'import-date-kept';
    ctx.issues.push(importIssue(code, { file: ctx.file, index, field: key, value: text, kind: wordOf(fd.kind), cycle: fd.cycle, where: `extensions.datajson.${key}` }, severity));
  }
  return { date: fd.date, cycle: fd.cycle };
}

function readDistribution(d: Record<string, any>): { online: string[]; service?: CatalogRecord['service'] } {
  const dists: Record<string, any>[] = Array.isArray(d.distribution) ? d.distribution : [];
  const api = dists.find((x) => x?.format === 'API' && typeof x.accessURL === 'string');
  const online = dists.filter((x) => x !== api).map((x) => x?.accessURL ?? x?.downloadURL).filter((u): u is string => typeof u === 'string');
  return { online, service: api ? { url: api.accessURL, type: typeof api.description === 'string' ? api.description : 'API' } : undefined };
}

/** Is the distribution list exactly what the record's online resources and service re-create? Then it need not be kept. */
function distributionIsPlain(d: Record<string, any>): boolean {
  if (!Array.isArray(d.distribution)) return d.distribution === undefined;
  return d.distribution.every((x: any) => x && Object.keys(x).every((k) => ['@type', 'accessURL'].includes(k)) && typeof x.accessURL === 'string');
}

/**
 * One POD v1.1 dataset → record. Every field lands in the record or, when the record cannot hold it
 * (or holds it only in part), unchanged under extensions.datajson, so the exporter can write it back.
 */
export function datajsonDatasetToRecord(d: Record<string, any>, file: string, index: number, ctx: ImportContext = newContext(file)): CatalogRecord {
  const rest: Record<string, unknown> = {};
  const keep = (k: string) => { rest[k] = d[k]; };
  for (const k of Object.keys(d)) if (!(k in DATAJSON_FIELDS)) keep(k);
  const row = index + 1;
  if (d['@type'] !== undefined && d['@type'] !== 'dcat:Dataset') keep('@type');
  const title = asText(d.title, ctx, row, 'title');
  const abstract = asText(d.description, ctx, row, 'description');
  for (const [k, v] of [['title', title], ['description', abstract]] as const) if (v === undefined && d[k] !== undefined) keep(k);
  const keywords = asTexts(d.keyword, ctx, row, 'keyword');
  const themes = asTexts(d.theme, ctx, row, 'theme');
  if (!keywords.complete) keep('keyword');
  if (!themes.complete) keep('theme');
  const modified = readDate(d, 'modified', ctx, row, keep);
  const issued = readDate(d, 'issued', ctx, row, keep);
  const pub = d.publisher;
  const provider = asText(pub && typeof pub === 'object' ? pub.name : pub, ctx, row, 'publisher.name') ?? '';
  if (pub !== undefined && !(pub && typeof pub === 'object' && Object.keys(pub).every((k) => k === 'name' || (k === '@type' && pub[k] === 'org:Organization')) && typeof pub.name === 'string')) keep('publisher');
  const cp = d.contactPoint;
  const contact = cp && typeof cp === 'object' ? asText(cp.fn, ctx, row, 'contactPoint.fn') : undefined;
  if (cp !== undefined && !(cp && typeof cp === 'object' && Object.keys(cp).every((k) => k === 'fn' || (k === '@type' && cp[k] === 'vcard:Contact')) && typeof cp.fn === 'string' && cp.fn !== provider)) keep('contactPoint');
  const identifier = asText(d.identifier, ctx, row, 'identifier');
  if (identifier === undefined && d.identifier !== undefined) keep('identifier');
  let openness = typeof d.accessLevel === 'string' ? ACCESS[d.accessLevel] : undefined;
  if (d.accessLevel !== undefined && !openness) keep('accessLevel');
  if (openness?.type === '有条件开放' && typeof d.rights === 'string' && d.rights) {
    openness = { ...openness, condition: d.rights };
    delete rest.rights;
  }
  const periodic = typeof d.accrualPeriodicity === 'string' ? isoPeriodToCycle(d.accrualPeriodicity) : undefined;
  if (d.accrualPeriodicity !== undefined && !periodic) keep('accrualPeriodicity');
  const { online, service } = readDistribution(d);
  if (!distributionIsPlain(d)) keep('distribution');
  const mapped: Record<string, string> = { ...DATAJSON_FIELDS, rights: '/openness/condition' };
  for (const k of Object.keys(d)) countField(ctx, k, k in rest ? (k in mapped ? `${mapped[k]} + extensions.datajson.${k}` : `extensions.datajson.${k}`) : mapped[k]);
  return clean({
    ...identityFrom(identifier),
    title: title ?? '',
    abstract,
    keywords: keywords.texts,
    provider: { name: provider },
    metadataContacts: contact !== undefined && contact !== provider ? [{ name: contact }] : undefined,
    publishedDate: issued.date,
    metadataUpdated: modified.date,
    updateCycle: periodic ?? modified.cycle,
    classifications: themes.texts.map((t) => ({ scheme: '主题分类', name: t })),
    onlineResources: online,
    service,
    openness,
    extensions: Object.keys(rest).length ? { datajson: rest } : undefined,
    provenance: { file, row },
  }) as CatalogRecord;
}

/** The dataset list of a data.json document (a catalog object or a bare array), or undefined when it has none. */
export function datajsonDatasets(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  const list = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).dataset : undefined;
  return Array.isArray(list) ? list : undefined;
}

export const datajsonImporter: Importer = {
  id: 'datajson',
  description: 'Project Open Data v1.1 data.json',
  async run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> {
    const ctx = newContext(options.file);
    const list = datajsonDatasets(parseJson(bytes, options.file)) ?? [];
    const records: CatalogRecord[] = [];
    if (!list.length) ctx.issues.push(importIssue('import-empty', { file: options.file, format: 'data.json', what: 'dataset[]' }));
    for (const [i, d] of list.entries()) {
      if (!d || typeof d !== 'object' || !Object.keys(d).length) {
        ctx.issues.push(importIssue('import-skipped', { file: options.file, index: i + 1, detail: 'empty dataset object' }, 'warning'));
        continue;
      }
      const r = datajsonDatasetToRecord(d as Record<string, any>, options.file, i, ctx);
      if (!r.title) ctx.issues.push(importIssue('import-missing', { file: options.file, index: i + 1, field: 'title' }, 'warning'));
      if (!r.provider.name) ctx.issues.push(importIssue('import-missing', { file: options.file, index: i + 1, field: 'publisher.name' }, 'warning'));
      records.push(r);
    }
    return { records, issues: ctx.issues, fields: ctx.fields };
  },
};
