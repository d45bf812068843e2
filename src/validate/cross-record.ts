import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import { issue } from '../issues/make.js';
import { attachProvenance } from './provenance.js';
import { DigestMap } from './digests.js';

/** Identifier fields that must be unique per provider. */
const ID_FIELDS = [
  ['resourceCode', { zh: '信息资源代码', en: 'resource code' }],
  ['resourceIdentifier', { zh: '信息资源标识符', en: 'resource identifier' }],
  ['metadataIdentifier', { zh: '元数据标识符', en: 'metadata identifier' }],
] as const;

/** 信息项 names unique within one resource (a per-record rule, kept with its cross-record siblings). */
export function checkItemNames(record: CatalogRecord): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(record.items)) return issues;
  const seen = new Map<string, number>();
  record.items.forEach((it, i) => {
    const name = typeof it?.name === 'string' ? it.name.trim() : '';
    if (!name) return;
    const first = seen.get(name);
    if (first !== undefined) {
      issues.push(issue('duplicate-item-name', { value: name, first: first + 1 }, { rule: 'duplicate-item-name', severity: 'error', path: `/items/${i}/name`, value: it.name }));
    } else seen.set(name, i);
  });
  return issues;
}

/**
 * What the cross-record rules key on: the provider (code, else name; as found, normally a string), the three
 * identifiers ('' when absent or not text), the title as written ('' when absent, not text or blank) and whether
 * there is a list of related codes.
 */
export interface CrossKeys {
  provider: unknown;
  ids: [string, string, string];
  title: string;
  related: boolean;
}

export function crossKeysOf(record: CatalogRecord): CrossKeys {
  const provider = (record.provider && typeof record.provider === 'object' ? record.provider.code || record.provider.name : '') || '';
  const id = (v: unknown) => (typeof v === 'string' ? v : '');
  const title = typeof record.title === 'string' && record.title.trim() !== '' ? record.title : '';
  return { provider, ids: [id(record[ID_FIELDS[0][0]]), id(record[ID_FIELDS[1][0]]), id(record[ID_FIELDS[2][0]])], title, related: Array.isArray(record.relatedResourceCodes) };
}

/** Fields whose provenance the cross-record rules' issues point at. */
const VIEW_PATHS = new Set(['/resourceCode', '/resourceIdentifier', '/metadataIdentifier', '/title', '/relatedResourceCodes']);

/**
 * The part of a record the cross-record rules read: provider, identifiers, title, related codes, and the provenance
 * of those fields. A worker thread sends this instead of the whole record; the issues made from it are the same.
 */
export function crossRecordView(record: CatalogRecord): CatalogRecord {
  const view: Record<string, unknown> = {};
  const r = record as unknown as Record<string, unknown>;
  for (const k of ['provider', 'resourceCode', 'resourceIdentifier', 'metadataIdentifier', 'title', 'relatedResourceCodes']) if (r[k] !== undefined) view[k] = r[k];
  const p = record.provenance;
  if (p) {
    const fields: Record<string, unknown> = {};
    if (p.fields) for (const k in p.fields) if (VIEW_PATHS.has(k) || k.startsWith('/relatedResourceCodes/')) fields[k] = p.fields[k];
    view.provenance = { ...p, fields };
  }
  return view as unknown as CatalogRecord;
}

/** An issue of record `index`, pointed at its source cell. */
const at = (record: CatalogRecord, index: number, where: { file: string; line?: number }, i: Issue): Issue => ({ ...attachProvenance(i, record, where), record: index });

/** What observe returns for a record without duplicates (shared; callers only read it). */
const NO_ISSUES: Issue[] = [];

interface Pending {
  code: string;
  index: number;
  path: string;
  provenance: Issue['provenance'];
}

/**
 * Cross-record rules over a stream. Keeps only 64-bit digests of keys (provider + identifier,
 * provider + title, known codes) with the index of the record that first used them (src/validate/digests.ts),
 * plus the unresolved related codes; never whole records or key strings, so memory is a few bytes per record.
 */
export class CrossRecordChecker {
  private ids = new Map<string, DigestMap>(ID_FIELDS.map(([f]) => [f, new DigestMap()]));
  private titles = new DigestMap();
  private known = new DigestMap(1024, false);
  private pending: Pending[] = [];

  constructor(private reference: ReadonlySet<string> = new Set()) {}

  /** Check one record against those seen before; returns issues found now (duplicates). */
  observe(record: CatalogRecord, index: number, where: { file: string; line?: number }): Issue[] {
    return this.observeKeys(crossKeysOf(record), index, where, () => record);
  }

  /**
   * observe() from a record's keys (found where the record is, e.g. a worker thread); `recordOf` gives the record
   * (or its crossRecordView) only when an issue or a related code needs it.
   */
  observeKeys(k: CrossKeys, index: number, where: { file: string; line?: number }, recordOf: () => CatalogRecord): Issue[] {
    let issues: Issue[] | undefined;
    const provider = k.provider as string;
    for (let f = 0; f < ID_FIELDS.length; f++) {
      const v = k.ids[f];
      if (v === '') continue;
      const [field, label] = ID_FIELDS[f];
      this.known.setIfAbsent(v);
      const first = this.ids.get(field)!.setPairIfAbsent(provider, v, index);
      if (first !== undefined) {
        (issues ??= []).push(at(recordOf(), index, where, issue('duplicate-identifier', { field: label, value: v, provider, first, firstRecord: first + 1 },
          { rule: 'duplicate-identifier', severity: 'error', path: `/${field}`, value: v })));
      }
    }
    if (k.title !== '') {
      const first = this.titles.setPairIfAbsent(provider, k.title.trim(), index);
      if (first !== undefined) {
        (issues ??= []).push(at(recordOf(), index, where, issue('duplicate-title', { value: k.title, provider, first, firstRecord: first + 1 },
          { rule: 'duplicate-title', severity: 'warning', path: '/title', value: k.title })));
      }
    }
    if (k.related) {
      const record = recordOf();
      (record.relatedResourceCodes as unknown[]).forEach((c, i) => {
        if (typeof c !== 'string' || c === '' || this.reference.has(c)) return;
        const path = `/relatedResourceCodes/${i}`;
        const probe = at(record, index, where, { code: 'related-resource-missing', severity: 'error', path });
        this.pending.push({ code: c, index, path, provenance: probe.provenance });
      });
    }
    return issues ?? NO_ISSUES;
  }

  /** After the last record: related codes that never turned up. */
  finish(): Issue[] {
    const out: Issue[] = [];
    for (const p of this.pending) {
      if (this.known.has(p.code)) continue;
      out.push(issue('related-resource-missing', { value: p.code },
        { rule: 'related-resource-missing', severity: 'error', path: p.path, value: p.code, record: p.index, provenance: p.provenance }));
    }
    this.pending = [];
    return out;
  }
}
