/**
 * The catalog library: the one door the CLI (and any other program) goes through.
 * source → rows → mapping → records → validation → package → publish → centre.
 *
 * Verbs take options and return data; nothing here prints. Every CLI command imports this module, so it
 * statically loads only what `catalog validate` of a record file needs anyway (test/unit/cli/startup.test.ts
 * counts the modules). A verb whose module pulls in more (workbooks, RDF, zip, signatures, databases, HTTP)
 * loads it on its first call: such verbs are async here even where the module's own function is sync.
 * The errors those modules throw are exported as types; `isCatalogError` recognises them without loading them.
 */
import type { ReadError } from './readers/row.js';
import type { TemplateError } from './mapping/template.js';
import type { PackError } from './package/pack.js';
import type { KeyError } from './crypto/keys.js';
import type { IdAllocationError } from './id/allocate.js';
import type { ImportKindError, ImportParseError } from './import/issue.js';
import type { PackageInvalidError } from './publish/collect.js';
import type { RemoteError } from './publish/retry.js';
import type { TreeError } from './centre/tree/error.js';
import type { HarvestError } from './centre/harvest-error.js';
import type { CentreMigrationError } from './centre/migrate.js';
import type { DescribeError } from './describe/errors.js';
import type { CatalogRecord } from './model/record.js';
import type { ExportContext, ExportResult } from './export/index.js';
import type { ImportOptions, ImportResult } from './import/index.js';
import type { Ledger, LedgerState } from './publish/ledger.js';

/** A function of a module loaded on first call, as an async function of the same arguments. */
type Later<F> = F extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never;
/** An async-generator function of a module loaded on first call, with the same arguments. */
type LaterStream<F> = F extends (...a: infer A) => AsyncIterable<infer T> ? (...a: A) => AsyncGenerator<T> : never;

function later<M, K extends keyof M>(load: () => Promise<M>, name: K): Later<M[K]> {
  return (async (...a: unknown[]) => ((await load())[name] as (...a: unknown[]) => unknown)(...a)) as Later<M[K]>;
}

function laterStream<M, K extends keyof M>(load: () => Promise<M>, name: K): LaterStream<M[K]> {
  return async function* (...a: unknown[]) {
    yield* ((await load())[name] as (...a: unknown[]) => AsyncIterable<unknown>)(...a);
  } as LaterStream<M[K]>;
}

const readers = () => import('./readers/source.js');
const mappingRun = () => import('./pipeline/map-sources.js');
const propose = () => import('./init/propose.js');
const keys = () => import('./crypto/keys.js');
const verify = () => import('./package/verify.js');
const diff = () => import('./package/diff.js');
const importDetect = () => import('./import/detect.js');
const importRun = () => import('./import/run.js');
const importIssue = () => import('./import/issue.js');
const ledger = () => import('./publish/ledger.js');
const auth = () => import('./centre/auth.js');
const harvesting = () => import('./centre/harvest.js');
const harvestFetch = () => import('./centre/harvest-fetch.js');
const tree = {
  store: () => import('./centre/tree/store.js'),
  level: () => import('./centre/tree/level.js'),
  interval: () => import('./centre/tree/interval.js'),
  chain: () => import('./centre/tree/chain.js'),
  join: () => import('./centre/tree/join.js'),
};

/** The library's errors by class name: what `isCatalogError` recognises. */
export interface CatalogErrors {
  ReadError: ReadError;
  TemplateError: TemplateError;
  PackError: PackError;
  KeyError: KeyError;
  IdAllocationError: IdAllocationError;
  ImportKindError: ImportKindError;
  ImportParseError: ImportParseError;
  PackageInvalidError: PackageInvalidError;
  RemoteError: RemoteError;
  TreeError: TreeError;
  HarvestError: HarvestError;
  CentreMigrationError: CentreMigrationError;
  DescribeError: DescribeError;
}

/**
 * Whether `err` is the library error `name`. By class name, so that recognising an error does not load
 * the module that throws it (a caller that got one has loaded it already).
 */
export function isCatalogError<N extends keyof CatalogErrors>(err: unknown, name: N): err is CatalogErrors[N] {
  return err instanceof Error && err.constructor.name === name;
}
export type { ReadError, TemplateError, PackError, KeyError, IdAllocationError, ImportKindError, ImportParseError, PackageInvalidError, RemoteError, TreeError, HarvestError, CentreMigrationError, DescribeError };

// Messages: every user-facing text exists in zh and en, rendered at the edges.
export { resolveLang, type Lang } from './i18n/lang.js';
export { t, tCode, hasMessage, render } from './i18n/t.js';
export { messageCatalogue, type MessageCode } from './i18n/catalogue.js';
export type { MessageTable, MessageEntry, MessageSource } from './i18n/table.js';
export { renderIssue, renderIssues } from './i18n/render-issue.js';
export const renderStoredError = later(() => import('./i18n/render-error.js'), 'renderStoredError');

// Records, workspace, files.
export type { CatalogRecord, Provenance, CellRef, Party, Classification, DirectoryClass, ResourceFormat, InfoItem, Sharing, Openness, ServiceInfo } from './model/record.js';
export { fieldLabel } from './model/record.js';
export { readRecordFile, writeJsonl, InputError, type SourcedRecord } from './model/jsonl.js';
export const recordKey = later(() => import('./model/identity.js'), 'recordKey');
export { loadWorkspaceConfig, CONFIG_FILE, type WorkspaceConfig } from './config/workspace.js';
export { TEMPLATES_DIR } from './profiles/paths.js';
export { writeFileAtomic, writeLinesAtomic } from './io/atomic.js';
export { ioFailureRef, stdoutFailureRef, asWriteError } from './io/errors.js';
export { removeAllTemps } from './io/temp-files.js';
export const allocateResourceCodes = later(() => import('./id/allocate.js'), 'allocateResourceCodes');
export type { AllocateOptions } from './id/allocate.js';

// Source → rows.
export type { SourceRow, RowWarning } from './readers/row.js';
export type { ReadOptions, SourceFormat } from './readers/options.js';
export type { SourceInspection, SheetSummary } from './readers/inspect.js';
export const readSource = laterStream(readers, 'readSource');
export const sniffFormat = later(() => import('./readers/sniff.js'), 'sniffFormat');
export const headerLooksLikeData = later(() => import('./readers/headerless.js'), 'headerLooksLikeData');
export const inspectSource = later(() => import('./readers/inspect.js'), 'inspectSource');

// Rows → records: mapping templates, guessing, proposals.
export type { MappingTemplate, FieldRule, Transform, ItemsSpec, SourceOptions, Layout } from './mapping/template.js';
export type { MapReport } from './mapping/report.js';
export type { MapOptions, MapEvent } from './pipeline/map-file.js';
export type { GuessResult, GuessedColumn } from './mapping/guess.js';
export type { HeaderMismatch } from './pipeline/header-check.js';
export type { BlankSheet, BlankColumn } from './templates-out/blank.js';
export const loadTemplate = later(() => import('./pipeline/load-template.js'), 'loadTemplate');
export const mapSources = laterStream(mappingRun, 'mapSources');
export const mapSourcesJsonl = laterStream(mappingRun, 'mapSourcesJsonl');
export const mapForValidation = laterStream(() => import('./pipeline/map-validation.js'), 'mapForValidation');
export const mapToArray = later(mappingRun, 'mapToArray');
export const emptyReport = later(() => import('./mapping/report.js'), 'emptyReport');
export const guessTemplate = later(() => import('./pipeline/guess.js'), 'guessTemplate');
export const checkTemplateHeader = later(() => import('./pipeline/header-check.js'), 'checkTemplateHeader');
export const skippedText = later(() => import('./report/skipped.js'), 'skippedText');
export const defaultJobs = later(() => import('./parallel/run.js'), 'defaultJobs');

/** The blank compilation sheets of a profile (undefined when it has none) and the profiles that have one. */
export async function blankSheets(profile: string): Promise<{ sheets?: import('./templates-out/blank.js').BlankSheet[]; profiles: string[] }> {
  const m = await import('./templates-out/blank.js');
  return { sheets: m.BLANK_SHEETS[profile]?.(), profiles: Object.keys(m.BLANK_SHEETS) };
}
export const blankWorkbook = later(() => import('./templates-out/blank.js'), 'blankWorkbook');
export const blankCsv = later(() => import('./templates-out/blank.js'), 'blankCsv');

// Foreign catalogues (data.json, DCAT, CKAN, GB/T XML, ISO 19139) → records.
export type { Importer, ImportOptions, ImportResult } from './import/index.js';
export type { FieldCounts } from './import/values.js';
export const detectCatalogue = later(importDetect, 'detectCatalogue');
export const chooseImporter = later(importDetect, 'chooseImporter');
export const importFiles = later(importRun, 'importFiles');
export const importerOfTemplate = later(importRun, 'importerOfTemplate');
export const importErrorRef = later(importIssue, 'importErrorRef');

/** The import formats, by name. */
export async function importFormats(): Promise<string[]> {
  return Object.keys((await import('./import/index.js')).IMPORTERS);
}

/** Records of one foreign catalogue file in the given format (one of importFormats()). */
export async function importCatalogue(bytes: Uint8Array, format: string, o: ImportOptions): Promise<ImportResult> {
  const { IMPORTERS } = await import('./import/index.js');
  return IMPORTERS[format].run(bytes, o);
}

// Validation and its reports.
export type { ValidationReport, RuleSummary, SourceSummary } from './validate/report.js';
export type { Issue, Severity } from './issues/issue.js';
export type { RecordInput, ValidateOptions } from './validate/records.js';
export type { RuleInfo, RuleConfig, RuleSetting } from './validate/rules.js';
export { validateRecord, validateRecords } from './validate/records.js';
export { RULES, loadRuleConfig, RuleConfigError } from './validate/rules.js';
export { listProfiles, UnknownProfileError, type ProfileInfo } from './profiles/load.js';
export { loadElements, ElementsError, type ElementDictionary, type DataElement } from './elements/dictionary.js';
export { checkDataElements } from './elements/check.js';
export { formatPretty, formatLocation, type Paint } from './report/pretty.js';
export { buildReport, addFileIssues } from './validate/report.js';
export const renderReport = later(() => import('./report/render.js'), 'renderReport');
export const formatJunit = later(() => import('./report/junit.js'), 'formatJunit');
export const formatHtml = later(() => import('./report/html.js'), 'formatHtml');

// Registration packages, keys, diffs.
export type { PackOptions } from './package/pack.js';
export type { PackFileOptions } from './package/pack-file.js';
export type { VerifyOptions, VerifyResult, VerifyCheck } from './package/verify.js';
export type { CatalogDiff, RecordChange } from './package/diff.js';
export type { KeyMaterial, SignatureAlgorithm } from './crypto/keys.js';
export const packRecords = later(() => import('./package/pack.js'), 'packRecords');
export const packToFile = later(() => import('./package/pack-file.js'), 'packToFile');
export const verifyPackage = later(verify, 'verifyPackage');
export const verifyPackageFile = later(verify, 'verifyPackageFile');
export const loadCatalogue = later(() => import('./package/load.js'), 'loadCatalogue');
export const isZipFile = later(() => import('./package/load.js'), 'isZipFile');
/** The record indexer of a diff (sync once loaded: it runs for every record a package stream yields). */
export async function recordIndexer(): Promise<typeof import('./package/diff.js').indexRecord> {
  return (await diff()).indexRecord;
}
export const compareIndexes = later(diff, 'compareIndexes');
export const diffAgainst = later(diff, 'diffAgainst');
export const generateKeyPair = later(keys, 'generateKeyPair');
export const parseKey = later(keys, 'parseKey');
export const serializeKey = later(keys, 'serializeKey');
export const keyId = later(keys, 'keyId');

// Export.
export type { Exporter, ExportContext, ExportResult } from './export/index.js';
export const tagIssues = later(() => import('./export/ckan.js'), 'tagIssues');

/** The export formats, by name. */
export async function exportFormats(): Promise<string[]> {
  return Object.keys((await import('./export/index.js')).EXPORTERS);
}

/** The records in another format (one of exportFormats()); the issues name what the format needs but the records lack. */
export async function exportRecords(records: CatalogRecord[], format: string, ctx: ExportContext): Promise<ExportResult> {
  const { EXPORTERS } = await import('./export/index.js');
  return EXPORTERS[format].run(records, ctx);
}

// Publish to a directory centre or CKAN.
export type { PublishOptions, PublishResult, PublishProgress, RejectedRecord, PackageOutcome } from './publish/publish.js';
export type { PublishTarget } from './publish/target.js';
export type { CollectedInput } from './publish/collect.js';
export type { Ledger, LedgerState } from './publish/ledger.js';
export const publish = later(() => import('./publish/publish.js'), 'publish');
export const collectInput = later(() => import('./publish/collect.js'), 'collectInput');
export const centreTarget = later(() => import('./publish/centre.js'), 'centreTarget');
export const ckanTarget = later(() => import('./publish/ckan.js'), 'ckanTarget');
export const defaultLedgerPath = later(ledger, 'defaultLedgerPath');
export const normaliseTargetUrl = later(ledger, 'normaliseTargetUrl');

/** The publish ledger at `file`, opened for appending what the target answers (close it when done). */
export async function openLedger(file: string, header: { target: string; url: string }): Promise<Ledger> {
  return (await ledger()).Ledger.open(file, header);
}

/** What the publish ledger at `file` says the target already has, without opening it for writing. */
export async function peekLedger(file: string): Promise<LedgerState> {
  return (await ledger()).Ledger.peek(file);
}

// The directory centre: store, server, tokens, harvest, tree, migration.
export type { CentreStore, TokenInfo, StoredRecord } from './centre/store.js';
export type { CentreServerOptions, RunningCentre } from './centre/server.js';
export type { CentreLimits } from './centre/limits.js';
export type { AccessLog } from './centre/access-log.js';
export type { HarvestOptions, HarvestResult } from './centre/harvest.js';
export type { HarvestPrefix } from './centre/harvest-foreign.js';
export type { CentreMigrationReport } from './centre/migrate.js';
export type { TreeServeOptions } from './centre/tree/serve.js';
export type { HarvestSource, TreeStore } from './centre/tree/store.js';
export type { CentreRef, LocateAnswer } from './centre/tree/locate.js';
export type { CentreLevel } from './centre/tree/level.js';
export { CENTRE_DB_ENV, isPostgresUrl, redactPgUrl } from './centre/pg-url.js';
export const openCentreStore = later(() => import('./centre/open.js'), 'openCentreStore');
export const openSqliteStore = later(() => import('./centre/sqlite-store.js'), 'openSqliteStore');
export const startCentre = later(() => import('./centre/server.js'), 'startCentre');
export const listenFailure = later(() => import('./centre/listen-error.js'), 'listenFailure');
export const openAccessLog = later(() => import('./centre/access-log.js'), 'openAccessLog');
export const createToken = later(auth, 'createToken');
export const isExpired = later(auth, 'isExpired');
export const parseExpiry = later(auth, 'parseExpiry');
export const harvest = later(harvesting, 'harvest');
/** The OAI-PMH endpoint and fixed arguments of a harvest URL; throws HarvestError for an argument only the harvest sets. */
export const oaiSource = later(harvesting, 'oaiSource');
export const oneLine = later(harvestFetch, 'oneLine');
export const migrateSqliteToPg = later(() => import('./centre/migrate.js'), 'migrateSqliteToPg');
export const sourcesReport = later(() => import('./centre/sources.js'), 'sourcesReport');
export const renderSourcesPage = later(() => import('./centre/sources-page.js'), 'renderSourcesPage');
export const treeStoreOf = later(tree.store, 'treeStoreOf');
export const normalUrl = later(tree.chain, 'normalUrl');
export const parseInterval = later(tree.interval, 'parseInterval');
export const formatInterval = later(tree.interval, 'formatInterval');
export const parseLevel = later(tree.level, 'parseLevel');
export const divisionOf = later(tree.level, 'divisionOf');
export const divisionProblem = later(tree.level, 'divisionProblem');
export const levelName = async (level: import('./centre/tree/level.js').CentreLevel, lang: 'zh' | 'en') => (await tree.level()).LEVELS[level][lang];
export const joinParent = later(tree.join, 'joinParent');
export const fetchPeer = later(tree.join, 'fetchPeer');
export const loopProblem = later(tree.join, 'loopProblem');
export const locate = later(() => import('./centre/tree/locate.js'), 'locate');
export const fetchJson = later(() => import('./centre/tree/fetch-json.js'), 'fetchJson');

/** The centre's defaults, as data: request limits, harvest limits, the tree's harvest interval (as written), metadata prefixes. */
export async function centreDefaults() {
  const [limits, fetch, harvestMod, serve, interval, foreign] = await Promise.all([import('./centre/limits.js'), harvestFetch(), harvesting(), import('./centre/tree/serve.js'), tree.interval(), import('./centre/harvest-foreign.js')]);
  return {
    limits: limits.DEFAULT_LIMITS, fetch: fetch.DEFAULT_FETCH_LIMITS, maxRecords: harvestMod.DEFAULT_MAX_RECORDS,
    harvestEvery: interval.formatInterval(serve.DEFAULT_HARVEST_EVERY_MS), harvestPrefixes: foreign.HARVEST_PREFIXES,
  };
}

// Describing databases and files as catalogue records.
export type { DescribeLimits, TableDescription, DescribeOptions } from './describe/table.js';
export type { RecordContext } from './describe/record.js';
export const describeSource = later(() => import('./describe/source.js'), 'describeSource');
export const tableToRecord = later(() => import('./describe/record.js'), 'tableToRecord');
export const describedWorkbook = later(() => import('./describe/workbook.js'), 'describedWorkbook');
export const describeDefaults = async () => (await import('./describe/table.js')).DEFAULT_DESCRIBE_LIMITS;

// First run: workspace set-up and the demo.
export type { MappingProposal, ColumnAssignment } from './init/propose.js';
export type { InitAnswers, WrittenWorkspace } from './init/config.js';
export type { AnswerCheck } from './init/checks.js';
export type { InitState } from './init/state.js';
export type { Ask, Question, StepContext } from './init/steps.js';
export type { StepOutcome, WizardStep } from './init/wizard.js';
export type { DemoOptions, DemoResult, DemoEvent } from './demo/run.js';

/**
 * The workspace set-up steps (answers checked, config built and written, a cancelled init's answers kept, the
 * wizard's questions and the mapping proposal), sync once loaded: `catalog init` loads them on start, so that other commands do not.
 */
export async function initSteps() {
  const [config, checks, state, steps, wizard, proposal, skipped] = await Promise.all([
    import('./init/config.js'), import('./init/checks.js'), import('./init/state.js'), import('./init/steps.js'), import('./init/wizard.js'),
    propose(), import('./report/skipped.js'),
  ]);
  return { ...config, ...checks, ...state, ...steps, ...wizard, ...proposal, skippedText: skipped.skippedText };
}
export const proposeMapping = later(propose, 'proposeMapping');
export const proposalAsGuess = later(propose, 'proposalAsGuess');
export const applyAssignments = later(propose, 'applyAssignments');
export const describeProposal = later(propose, 'describeProposal');
export const previewRecords = later(propose, 'previewRecords');
export const assignableFields = later(propose, 'assignableFields');
export const runDemo = later(() => import('./demo/run.js'), 'runDemo');
