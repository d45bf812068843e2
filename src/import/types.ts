import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import type { FieldCounts } from './values.js';

export interface ImportOptions {
  /** Name of the source file, recorded in provenance. */
  file: string;
}

export interface ImportResult {
  records: CatalogRecord[];
  issues: Issue[];
  /** Per source field: how many entries had it and where it went (record field or extensions key). */
  fields?: FieldCounts;
}

/** A reader of a foreign catalogue format (data.json, DCAT, CKAN) into catalog records. */
export interface Importer {
  id: string;
  description: string;
  /** Read the file's bytes (text formats decode UTF-8 themselves). */
  run(bytes: Uint8Array, options: ImportOptions): Promise<ImportResult>;
}

/** Pattern of a 2017-guide 信息资源代码 (standards/guide2017/schema.json): tells resourceCode from other identifiers. */
export const RESOURCE_CODE_PATTERN = /^[1-3]\d{2}\d{3}[0-9A-Za-z]*\/[0-9A-Za-z]+$/;

/** Put a foreign identifier in the right identity field: a guide resource code, else the metadata identifier. */
export function identityFrom(id: string | undefined): Partial<CatalogRecord> {
  if (id === undefined || id === '') return {};
  return RESOURCE_CODE_PATTERN.test(id) ? { resourceCode: id } : { metadataIdentifier: id };
}

export const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) as T;

/** Keep only an ISO calendar date (CCYY-MM-DD) from a date or date-time string. */
export function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(v.trim());
  return m ? m[1] : undefined;
}
