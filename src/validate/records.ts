import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import { ReportBuilder, type ValidationReport } from './report.js';
import { loadProfile, type ProfileOptions } from '../profiles/load.js';
import { compileProfile, validateRecordSchema } from './schema.js';
import { attachProvenance } from './provenance.js';
import { checkIdentifiers } from './identifiers.js';
import { checkClassifications } from './codelists.js';
import { CrossRecordChecker, checkItemNames, type CrossKeys } from './cross-record.js';
import { applyRuleConfig, ruleOption, type RuleConfig } from './rules.js';
import { loadElements, type ElementDictionary } from '../elements/dictionary.js';
import { checkDataElements } from '../elements/check.js';

export interface ValidateOptions extends ProfileOptions {
  profile?: string;
  /** Keep at most this many errors in the issue list (the report says it was truncated; counts stay exact). */
  maxErrors?: number;
  /** Severity per rule, or "off" (docs/validate.md). */
  rules?: RuleConfig;
  /** Codes (信息资源代码 / 标识符) of a reference catalogue that 关联资源代码 may point to. */
  reference?: ReadonlySet<string>;
  /** Data elements 信息项 are matched against (default: standards/common/data-elements.json; `--elements`). */
  elements?: ElementDictionary;
}

export interface RecordInput {
  record: CatalogRecord;
  file?: string;
  line?: number;
  /**
   * The record's single-record issues, already found (by a worker thread, src/parallel): only the cross-record
   * rules run here, and each issue's `record` is set to the record's index. `record` may then be a
   * crossRecordView of the record.
   */
  issues?: Issue[];
  /**
   * With `issues`: the record's cross-record keys (crossKeysOf); `record` is then only read when a cross-record
   * issue needs it, and the record's source is `file` (no sheet: CSV).
   */
  keys?: CrossKeys;
}

/** Single-record rules: the profile schema, identifiers, classification lists, item names. */
export function validateRecord(record: CatalogRecord, options: ValidateOptions = {}, where: { file?: string; line?: number; index?: number } = {}): Issue[] {
  const profile = loadProfileCached(options.profile ?? 'guide2017', options);
  let found = validateRecordSchema(record, compileProfile(profile));
  if (record && typeof record === 'object') {
    // Most records have no issue: concatenate only what is there.
    for (const more of [
      checkIdentifiers(record, { resourceIdPattern: ruleOption(options.rules, 'resource-identifier-pattern', 'pattern') }),
      checkClassifications(record),
      checkItemNames(record),
      checkDataElements(record, options.elements ?? loadElements()),
    ]) if (more.length) found = found.length ? [...found, ...more] : more;
  }
  if (!found.length) return found;
  const out: Issue[] = [];
  for (const i of found) {
    const tuned = applyRuleConfig(i, options.rules);
    if (!tuned) continue;
    out.push({
      ...attachProvenance(tuned, record, { file: where.file ?? record.provenance?.file ?? '', line: where.line }),
      ...(where.index !== undefined ? { record: where.index } : {}),
    });
  }
  return out;
}

const profiles = new Map<string, ReturnType<typeof loadProfile>>();
function loadProfileCached(id: string, o: ProfileOptions) {
  const key = `${id}:${o.disputed ?? ''}`;
  let p = profiles.get(key);
  if (!p) profiles.set(key, (p = loadProfile(id, o)));
  return p;
}

/**
 * Validate a stream of records: every error of every record, then the cross-record rules.
 * Streaming: records are not kept; only the keys cross-record rules need.
 */
export async function validateRecords(records: AsyncIterable<RecordInput> | Iterable<RecordInput>, options: ValidateOptions = {}): Promise<ValidationReport> {
  const profileId = options.profile ?? 'guide2017';
  loadProfileCached(profileId, options); // fail fast on an unknown profile
  const builder = new ReportBuilder(profileId, options.maxErrors);
  const cross = new CrossRecordChecker(options.reference);
  let n = 0;
  for await (const input of records as AsyncIterable<RecordInput>) {
    const index = n++;
    const keys = input.keys;
    const file = keys ? input.file ?? '' : input.record?.provenance?.file ?? input.file ?? '';
    builder.addRecord(index, file, keys ? undefined : input.record?.provenance?.sheet);
    if (input.issues) {
      for (const i of input.issues) {
        i.record = index;
        builder.addIssue(i);
      }
    } else for (const i of validateRecord(input.record, options, { file: input.file, line: input.line, index })) builder.addIssue(i);
    const where = { file: input.file ?? file, line: input.line };
    const found = keys ? cross.observeKeys(keys, index, where, () => input.record) : input.record && typeof input.record === 'object' ? cross.observe(input.record, index, where) : [];
    for (const i of found) {
      const tuned = applyRuleConfig(i, options.rules);
      if (tuned) builder.addIssue(tuned);
    }
  }
  for (const i of cross.finish()) {
    const tuned = applyRuleConfig(i, options.rules);
    if (tuned) builder.addIssue(tuned);
  }
  return builder.build();
}
