/**
 * catalog library API. Everything the CLI does is callable from here:
 * read → map → validate → package → publish.
 */
export type { CatalogRecord, Provenance, CellRef, Party, Classification, DirectoryClass, ResourceFormat, InfoItem, Sharing, Openness, ServiceInfo } from './model/record.js';
export { fieldLabel } from './model/record.js';
export { recordKey, canonicalJson, contentHash } from './model/identity.js';
export { loadWorkspaceConfig, CONFIG_FILE, type WorkspaceConfig } from './config/workspace.js';
export type { SourceRow } from './readers/row.js';
export { readRecordFile, writeJsonl, InputError, type SourcedRecord } from './model/jsonl.js';
export { toGbt21063, fromGbt21063 } from './model/gbt21063.js';
export { toGuide2017, fromGuide2017 } from './model/guide2017.js';
export { listProfiles, loadProfile, UnknownProfileError, type ProfileInfo, type LoadedProfile } from './profiles/load.js';
export { loadCodeList, lookupCode, suggestCode, type CodeList } from './profiles/codelist.js';
export { validateRecord, validateRecords, type ValidateOptions } from './validate/records.js';
export { buildReport, ReportBuilder, type ValidationReport, type RuleSummary, type SourceSummary } from './report/report.js';
export { RULES, loadRuleConfig, parseRuleConfig, applyRuleConfig, RuleConfigError, type RuleInfo, type RuleConfig, type RuleSetting } from './validate/rules.js';
export { checkUscc, checkOrgCode, checkProviderCode, usccCheckChar, orgCheckChar, classificationCode, checkIdentifiers, DEFAULT_RESOURCE_ID_PATTERN, type CodeCheck } from './validate/identifiers.js';
export { checkClassifications } from './validate/codelists.js';
export { CrossRecordChecker, checkItemNames } from './validate/cross-record.js';
export { allocateResourceCodes, readLedger, IdAllocationError, LEDGER_FILE, type Ledger, type AllocateOptions } from './id/allocate.js';
export { formatJunit } from './report/junit.js';
export { formatHtml } from './report/html.js';
export type { Issue, Severity } from './report/issue.js';
export { formatPretty } from './report/pretty.js';
export { resolveLang, type Lang } from './i18n/lang.js';
export { t, MESSAGES } from './i18n/messages.js';
