import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../report/issue.js';
import { buildReport, type ValidationReport } from '../report/report.js';
import { loadProfile, type ProfileOptions } from '../profiles/load.js';
import { compileProfile, validateRecordSchema } from './schema.js';
import { attachProvenance } from './provenance.js';
import type { Lang } from '../i18n/lang.js';

export interface ValidateOptions extends ProfileOptions {
  profile?: string;
  lang?: Lang;
  /** Stop collecting after this many errors (the report says it was truncated). */
  maxErrors?: number;
}

export interface RecordInput {
  record: CatalogRecord;
  file?: string;
  line?: number;
}

/** Validate one record; returns its issues (already pointed at their source cells). */
export function validateRecord(record: CatalogRecord, options: ValidateOptions = {}, where: { file?: string; line?: number; index?: number } = {}): Issue[] {
  const profile = loadProfileCached(options.profile ?? 'guide2017', options);
  const lang = options.lang ?? 'en';
  return validateRecordSchema(record, compileProfile(profile), lang).map((i) => ({
    ...attachProvenance(i, record, { file: where.file ?? record.provenance?.file ?? '', line: where.line }),
    ...(where.index !== undefined ? { record: where.index } : {}),
  }));
}

const profiles = new Map<string, ReturnType<typeof loadProfile>>();
function loadProfileCached(id: string, o: ProfileOptions) {
  const key = `${id}:${o.disputed ?? ''}`;
  let p = profiles.get(key);
  if (!p) profiles.set(key, (p = loadProfile(id, o)));
  return p;
}

/** Validate a stream of records against a profile; every error of every record, not just the first. */
export async function validateRecords(records: AsyncIterable<RecordInput> | Iterable<RecordInput>, options: ValidateOptions = {}): Promise<ValidationReport> {
  const profileId = options.profile ?? 'guide2017';
  loadProfileCached(profileId, options); // fail fast on an unknown profile
  const issues: Issue[] = [];
  let n = 0, errors = 0, truncated = false;
  for await (const input of records as AsyncIterable<RecordInput>) {
    const found = validateRecord(input.record, options, { file: input.file, line: input.line, index: n });
    n++;
    for (const i of found) {
      if (options.maxErrors !== undefined && i.severity === 'error' && errors >= options.maxErrors) {
        truncated = true;
        continue;
      }
      if (i.severity === 'error') errors++;
      issues.push(i);
    }
  }
  return buildReport(profileId, n, issues, truncated);
}
