/**
 * catalog library API. Everything the CLI does is callable from here:
 * read → map → validate → package → publish.
 */
export type { CatalogRecord, Provenance, CellRef, Party, Classification, DirectoryClass, ResourceFormat, InfoItem, Sharing, Openness, ServiceInfo } from './model/record.js';
export { fieldLabel } from './model/record.js';
export { recordKey, canonicalJson, contentHash } from './model/identity.js';
export { loadWorkspaceConfig, CONFIG_FILE, type WorkspaceConfig } from './config/workspace.js';
export type { SourceRow, RowWarning } from './readers/row.js';
export { ReadError } from './readers/row.js';
export type { ReadOptions, SourceFormat } from './readers/options.js';
export { readSource } from './readers/source.js';
export { readGrid, gridRows, selectSheets } from './readers/sheets.js';
export { planXlsxStream, streamXlsxRows, XLSX_STREAM_MIN_BYTES, type XlsxStreamPlan } from './readers/xlsxstream.js';
export { mergeAt, serialToIso, type SheetGrid, type CellValue, type MergeRange } from './readers/workbook.js';
export { columnLetter, cellRef } from './readers/columns.js';
export { inspectSource, type SourceInspection, type SheetSummary } from './readers/inspect.js';
export { sniffFormat } from './readers/sniff.js';
export { detectEncoding, normalizeEncoding, type EncodingGuess } from './readers/encoding.js';
export { flattenObject } from './readers/json.js';
export { readRecordFile, writeJsonl, InputError, type SourcedRecord } from './model/jsonl.js';
export { toGbt21063, fromGbt21063 } from './model/gbt21063.js';
export { toGuide2017, fromGuide2017 } from './model/guide2017.js';
export { listProfiles, loadProfile, UnknownProfileError, type ProfileInfo, type LoadedProfile } from './profiles/load.js';
export { loadCodeList, lookupCode, suggestCode, type CodeList } from './profiles/codelist.js';
export { validateRecord, validateRecords, type ValidateOptions } from './validate/records.js';
export { buildReport, ReportBuilder, type ValidationReport, type RuleSummary, type SourceSummary } from './validate/report.js';
export { RULES, loadRuleConfig, parseRuleConfig, applyRuleConfig, RuleConfigError, type RuleInfo, type RuleConfig, type RuleSetting } from './validate/rules.js';
export { checkUscc, checkOrgCode, checkProviderCode, usccCheckChar, orgCheckChar, classificationCode, checkIdentifiers, DEFAULT_RESOURCE_ID_PATTERN, type CodeCheck } from './validate/identifiers.js';
export { checkClassifications } from './validate/codelists.js';
export { CrossRecordChecker, checkItemNames } from './validate/cross-record.js';
// Renamed on export: publish/ledger.ts also exports Ledger/readLedger (merge of issue-4 and issue-7).
export { allocateResourceCodes, readLedger as readIdLedger, IdAllocationError, LEDGER_FILE, type Ledger as IdLedger, type AllocateOptions } from './id/allocate.js';
export { formatJunit } from './report/junit.js';
export { formatHtml } from './report/html.js';
export type { Issue, Severity } from './issues/issue.js';
export { formatPretty } from './report/pretty.js';
export { resolveLang, type Lang } from './i18n/lang.js';
export { t, tCode, hasMessage } from './i18n/t.js';
export { MESSAGES, type MessageCode } from './i18n/catalogue.js';

// Registration packages, signatures, exports (issue 5)
export { packRecords, recordsJsonl, resolveCreated, PackError, type PackOptions } from './package/pack.js';
export { verifyPackage, type VerifyOptions, type VerifyResult, type VerifyCheck } from './package/verify.js';
export { diffRecords, incrementalRecords, type CatalogDiff, type RecordChange } from './package/diff.js';
export { readZip, writeZip, isUnsafeEntryPath, DEFAULT_ZIP_LIMITS, type ZipLimits, type ZipEntry, type ZipProblem } from './package/zip.js';
export { serializeManifest, packageContentHash, type PackageManifest, type PackageFile, type PackageSignature } from './package/manifest.js';
export { generateKeyPair, parseKey, serializeKey, keyId, KeyError, type KeyMaterial, type SignatureAlgorithm } from './crypto/keys.js';
export { signBytes, verifyBytes, SM2_DEFAULT_USER_ID } from './crypto/sign.js';
export { recordsToGbtXml, GBT_XML_NAMESPACE } from './export/gbt-xml.js';
export { gbtXmlToRecords } from './import/gbt-xml.js';
// Mapping: templates, transforms, layouts, --guess, blank sheets.
export { loadTemplate } from './pipeline/load-template.js';
export { parseTemplate, checkTemplate, TemplateError, TEMPLATE_SCHEMA_FILE, type MappingTemplate, type FieldRule, type Transform, type ItemsSpec, type SourceOptions, type Layout } from './mapping/template.js';
export { applyTransform, applyTransforms, parseBoolean, mapValue, type TransformResult } from './mapping/transforms.js';
export { normaliseDate } from './mapping/dates.js';
export { splitList, DEFAULT_SEPARATORS } from './mapping/lists.js';
export { setAt, getAt, parsePointer } from './mapping/pointer.js';
export { mapRow, mapItems, isEmpty, type RowResult, type MapRowOptions, type MappedItems } from './mapping/map.js';
export { readForm, readHeaderSheet, type FormSheet, type HeaderSheet } from './readers/form.js';
export { emptyReport, type MapReport } from './mapping/report.js';
export { mapFile, type MapOptions, type MapEvent } from './pipeline/map-file.js';
export { mapSources, mapToArray, mapSourcesJsonl } from './pipeline/map-sources.js';
export { mapForValidation } from './pipeline/map-validation.js';
export { guessFromHeaders, type GuessResult, type GuessedColumn } from './mapping/guess.js';
export { guessTemplate } from './pipeline/guess.js';
export { SYNONYMS, findSynonym, normaliseHeader, type Synonym } from './mapping/synonyms.js';
export { guide2017Sheets, blankWorkbook, blankCsv, BLANK_SHEETS, type BlankSheet, type BlankColumn } from './templates-out/blank.js';
export { EXPORTERS, type Exporter, type ExportContext, type ExportResult } from './export/index.js';
export { recordsToDcatAp, DCAT_CONTEXT } from './export/dcat-ap.js';
export { recordsToDataJson, accessLevelOf } from './export/datajson.js';
export { recordToCkan, ckanName, ckanTags, tagIssues } from './export/ckan.js';
export { recordsToListingCsv, recordsToListingXlsx, listingRows, neutraliseCell, LISTING_COLUMNS } from './export/listing.js';
export { IMPORTERS, ImportParseError, type Importer, type ImportOptions, type ImportResult } from './import/index.js';
export { datasetsToRecords, parseRdfXml, parseJsonLd } from './import/dcat.js';
export { detectCatalogue, chooseImporter } from './import/detect.js';
export { isoMetadataToRecord, metadataElements } from './import/iso19139.js';
export { readForeignDate, type FieldCounts } from './import/values.js';
export { loadCatalogue, isZipFile, type LoadedCatalogue } from './package/load.js';

// Directory centre (issue 6)
export { LOCAL_ORIGIN, SEARCH_COUNT_LIMIT, SUPERSEDING_ACTIONS, StoreConflictError, utcNow, classCodeOf, searchTextOf, type CentreStore, type StoredRecord, type RecordStatus, type HistoryEntry, type HistoryAction,
  type RecordChange as CentreRecordChange, type TokenInfo, type Submission, type SubmissionStatus, type ReviewedSubmission, type SupersedingChange, type SearchQuery, type SearchResult, type ListQuery,
  type HarvestState, type SetInfo } from './centre/store.js';
export { SqliteStore, openSqliteStore } from './centre/sqlite-store.js';
export { hashToken, createToken, authenticate, mayActFor } from './centre/auth.js';
export { registerRecords, withdrawRecord, reviewSubmission, CentreError, type RegistrationAnswer, type RegisterContext } from './centre/register.js';
export { handleOai, recordToOaiDc, recordToCatalogXml, setSpecsOf, CATALOG_RECORD_NS, CATALOG_RECORD_XSD, type OaiOptions, type MetadataFormat } from './centre/oai.js';
export { harvest, parseListRecords, oaiEndpoint, HarvestError, type HarvestOptions, type HarvestResult } from './centre/harvest.js';
export { startCentre, createCentreHandler, ROUTES as CENTRE_ROUTES, type CentreServerOptions, type RunningCentre } from './centre/server.js';
export { renderBrowsePage } from './centre/page.js';
// Mapping: templates, transforms, layouts, --guess, blank sheets.
// publish (catalog publish): ledger, plan, targets (centre, CKAN), retries
export { publish, type PublishOptions, type PublishResult, type PublishProgress, type RejectedRecord, type PackageOutcome } from './publish/publish.js';
export { planPublish, type PublishPlan } from './publish/plan.js';
export { collectInput, sourceOf, type CollectedInput } from './publish/collect.js';
export { Ledger as PublishLedger, readLedger as readPublishLedger, defaultLedgerPath, normaliseTargetUrl, packageLedgerId, type LedgerState, type LedgerEntry } from './publish/ledger.js';
export { centreTarget, parseCentreAnswer, parsePackageAnswer, CENTRE_MAX_BATCH, type CentreTargetOptions } from './publish/centre.js';
export { ckanTarget, toCkanPackage, CKAN_HASH_EXTRA, type CkanOptions } from './publish/ckan.js';
export { withRetry, backoffDelay, parseRetryAfter, isRetryableStatus, RemoteError, type RetryOptions } from './publish/retry.js';
export type { PublishTarget, PublishItem, ItemSource, BatchAnswer, Reason, PackageUpload, PackageAnswer } from './publish/target.js';
export { importFiles, importerOfTemplate } from './import/run.js';
// PostgreSQL centre store, store selection and SQLite → PostgreSQL migration (issue 10)
export { PgStore, openPgStore, isPostgresUrl, redactPgUrl, type PgStoreOptions } from './centre/pg-store.js';
export { openCentreStore, CENTRE_DB_ENV } from './centre/open.js';
export { applyPgMigrations, MigrationError, PG_MIGRATION_LOCK, type MigrationResult } from './centre/migrations/pg-apply.js';
export { PG_MIGRATIONS, type PgMigration } from './centre/migrations/pg-schema.js';
export { migrateSqliteToPg, CentreMigrationError, type CentreMigrationReport, type TableReport, type MigrationMismatch } from './centre/migrate.js';
// Mapping: templates, transforms, layouts, --guess, blank sheets.
// First run (issue 8): workspace set-up, the demo pipeline, header hints
export { proposeMapping, applyAssignments, assignableFields, previewRecords, describeProposal, TEMPLATE_SCHEMA_URL, type MappingProposal, type ColumnAssignment } from './init/propose.js';
export { buildConfig, readConfigIn, writeWorkspace, type InitAnswers, type WrittenWorkspace } from './init/config.js';
export { checkDivision, checkDepartmentCode, checkCentreUrl, type AnswerCheck } from './init/checks.js';
export { runDemo, SAMPLE_DEPARTMENT, SAMPLES_DIR, type DemoOptions, type DemoResult, type DemoEvent } from './demo/run.js';
export { checkTemplateHeader, type HeaderMismatch } from './pipeline/header-check.js';
// tree
export { treeStoreOf, MAX_SOURCES, type TreeStore, type CentreIdentity, type HarvestSource, type HarvestRun, type NewSource } from './centre/tree/store.js';
export { LEVELS, parseLevel, divisionOf, divisionProblem, divisionWithin, NATIONAL_DIVISION, type CentreLevel } from './centre/tree/level.js';
export { describeCentre, centreDescriptionXml, CENTRE_NS, type CentreDescription } from './centre/tree/describe.js';
export { joinParent, acceptMember, fetchPeer, loopProblem, type JoinAnswer } from './centre/tree/join.js';
export { locate, type LocateAnswer, type CentreRef } from './centre/tree/locate.js';
export { listMembers, type MemberView } from './centre/tree/members.js';
export { harvestInTree } from './centre/tree/harvest.js';
export { startSchedule, type Schedule, type ScheduleOptions } from './centre/schedule.js';
export { parseInterval, formatInterval, MIN_INTERVAL_MS } from './centre/tree/interval.js';
export { normalUrl, MAX_CHAIN } from './centre/tree/chain.js';
export { fetchJson } from './centre/tree/fetch-json.js';
export { TreeError } from './centre/tree/error.js';
export { DEFAULT_HARVEST_EVERY_MS, type TreeServeOptions } from './centre/tree/serve.js';
// describe
export { loadElements, ElementsError, DATA_ELEMENTS_FILE, DATA_ELEMENTS_SCHEMA_FILE, MAX_ELEMENTS_BYTES, type DataElement, type ElementDictionary } from './elements/dictionary.js';
export { matchElement, normaliseElementName } from './elements/match.js';
export { compareWithElement, checkDataElements, type ElementMismatch } from './elements/check.js';
export { describeSource, sourceKind } from './describe/source.js';
export { describeFile } from './describe/files.js';
export { describeSql, pickTables, type SqlIntrospector, type RawColumn } from './describe/sql.js';
export { guideTypeOf, type GuideType, type DeclaredColumn } from './describe/datatype.js';
export { inferGuideType, observeValue, emptyStats, type ValueStats } from './describe/infer.js';
export { cycleFromDays } from './describe/cycle.js';
export { tableToRecord, itemsOf, HUMAN_FIELDS, type RecordContext } from './describe/record.js';
export { describedWorkbook, CODE_PLACEHOLDER } from './describe/workbook.js';
export { DescribeError, type DescribeErrorCode } from './describe/errors.js';
export { DEFAULT_DESCRIBE_LIMITS, type TableDescription, type ColumnDescription, type DescribeLimits, type DescribeOptions, type UpdateHint } from './describe/table.js';
export { writeFileAtomic, writeLinesAtomic } from './io/atomic.js';
export { sourcesReport, MAX_REPORT_RECORDS, type SourcesReport, type ElementSources, type ElementProvider, type ElementHolding, type SourceConflict } from './centre/sources.js';
export { renderSourcesPage } from './centre/sources-page.js';
export { authorityChecker } from './centre/authority.js';
export type { ElementAuthority } from './centre/store.js';
// vendor-html
export { HARVEST_PREFIXES, bestPrefix, foreignKey, foreignProvider, foreignRecord, type HarvestPrefix } from './centre/harvest-foreign.js';
export { dcToRecord, formatOfMime, DC_FIELDS } from './centre/harvest-dc.js';
export type { CountDimension, CountRow } from './centre/record-counts.js';
export { renderRecordPage } from './centre/html/record-page.js';
export { renderOverviewPage, type Overview } from './centre/html/overview-page.js';

// review
export { oaiSource, type OaiSource } from './centre/harvest.js';
