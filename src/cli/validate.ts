import path from 'node:path';
import type { Command } from 'commander';
import { readRecordFile, InputError, validateRecords, loadRuleConfig, RuleConfigError, UnknownProfileError, loadWorkspaceConfig, formatPretty, renderIssue, renderIssues, writeFileAtomic, skippedText,
  addFileIssues, emptyReport, mapForValidation, formatJunit, formatHtml } from '../index.js';
import type { Lang, ReadOptions, RecordInput, RuleConfig } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, langOf, paintFor, print, useColor, type GlobalOptions } from './context.js';
import { clearedAtEnd, inputProgress, outputMode } from './progress.js';
import { elementsOf } from './elements-option.js';
import { choice, integer, HEADER_ROW, JOBS } from './options.js';

const FORMAT = choice('-f, --format <format>', ['pretty', 'json', 'junit', 'html'] as const);
const DISPUTED = choice('--disputed <mode>', ['required', 'optional'] as const);
const FAIL_ON = choice('--fail-on <level>', ['error', 'warning'] as const);
const MAX_ERRORS = integer('--max-errors <n>');

interface ValidateFlags extends GlobalOptions {
  profile?: string;
  format: string;
  disputed?: 'required' | 'optional';
  maxErrors?: string;
  rules?: string;
  reference?: string[];
  elements?: string;
  failOn: string;
  output?: string;
  mapping?: string;
  sheet?: string;
  encoding?: string;
  headerRow?: string;
  header?: boolean;
  jobs?: string;
}

/** Record files are read as records; anything else (spreadsheet, CSV, XML, other JSON) is mapped first. */
const isRecordFile = (f: string) => /\.(json|jsonl|ndjson)$/i.test(f);

/** The modules validate needs to map spreadsheets, CSV and XML first. */
async function loadMapping() {
  const [cli, hints] = await Promise.all([import('./map.js'), import('./hints.js')]);
  return { cli, hints };
}

/** The codes and identifiers of the records in --reference files: what other records may point to. */
async function referenceCodes(files: string[]): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const file of files)
    for await (const r of readRecordFile(file))
      for (const k of [r.record.resourceCode, r.record.resourceIdentifier, r.record.metadataIdentifier]) if (typeof k === 'string' && k) codes.add(k);
  return codes;
}

const HELP_AFTER = `
Examples:
  $ catalog validate records.jsonl
  $ catalog validate records.jsonl --profile gbt21063-3 --format json --lang en
  $ catalog validate 目录编制表.xlsx --mapping templates/guide2017-sheet.json
  $ catalog validate records.jsonl --rules rules.json --reference province.jsonl --fail-on warning
  $ catalog validate records.jsonl --format html -o report.html
  $ catalog validate records.jsonl --format junit -o validate.xml --max-errors 100
Each issue of a mapped input names the source cell (file › sheet › row › column) and the offending value.
Exit codes: 0 valid, 1 invalid records or rejected rows (or warnings with --fail-on warning),
2 usage error (bad flag, missing file, unreadable input, bad rule config, no --mapping for a spreadsheet).`;

/** The checked flags (usage errors exit 2, before any input is read). */
async function flagsOf(opts: ValidateFlags, lang: Lang) {
  await FORMAT.parse(opts.format, lang);
  await FAIL_ON.parse(opts.failOn, lang);
  await HEADER_ROW.parseOptional(opts.headerRow, lang);
  await JOBS.parseOptional(opts.jobs, lang);
  return { disputed: await DISPUTED.parseOptional(opts.disputed, lang), maxErrors: await MAX_ERRORS.parseOptional(opts.maxErrors, lang) };
}

/** The rule config: --rules, else the workspace config's "rules" (relative to the config file). */
function rulesOf(opts: ValidateFlags, ws: ReturnType<typeof loadWorkspaceConfig>, lang: Lang): RuleConfig | undefined {
  const rulesFile = opts.rules ?? (ws.config.rules && ws.path ? path.resolve(path.dirname(ws.path), ws.config.rules) : undefined);
  if (!rulesFile) return undefined;
  try {
    return loadRuleConfig(rulesFile);
  } catch (err) {
    if (err instanceof RuleConfigError) throw new CliError(t('rules-invalid', lang, { file: err.file, detail: err.detail }));
    throw err;
  }
}

type Mapping = Awaited<ReturnType<typeof loadMapping>>;

/** What mapping an input needs: the modules, the template (--mapping or the config's) and its run report. */
async function mappingSetup(files: string[], opts: ValidateFlags, lang: Lang) {
  const needsMapping = files.filter((f) => !isRecordFile(f));
  // The mapping code (workbook, XML and RDF readers) is loaded only when an input is mapped: fast start-up.
  const mapping = opts.mapping || needsMapping.length ? await loadMapping() : undefined;
  const config = mapping ? mapping.cli.loadConfig(lang) : {};
  // Spreadsheets use --mapping, else the workspace config's default template (catalog.config.json "mapping").
  const tpl = mapping ? await mapping.cli.templateOf(opts.mapping, config, lang) : undefined;
  if (needsMapping.length && !tpl) throw new CliError(t('usage-error', lang, { detail: t('map-needs-mapping', lang, { file: needsMapping[0] }) }));
  const mapReport = tpl && mapping ? await emptyReport(tpl.template) : undefined;
  return { mapping, config, tpl, mapReport };
}

type Setup = Awaited<ReturnType<typeof mappingSetup>>;
type Report = Awaited<ReturnType<typeof validateRecords>>;

/** Nothing mapped, rows skipped, a header that looks like data: said on stderr under a pretty report. */
async function mapNotes(m: { mapping: Mapping; tpl: NonNullable<Setup['tpl']>; mapReport: NonNullable<Setup['mapReport']> }, read: ReadOptions, opts: ValidateFlags, lang: Lang): Promise<void> {
  if (opts.format !== 'pretty') return;
  // Nothing mapped: say whether the header row holds the template's columns at all, and how to fix it.
  if (!m.mapReport.records) for (const h of await m.mapping.hints.headerHints(m.mapReport.files, m.tpl.template, { ...read, onBytes: undefined }, lang)) process.stderr.write(h + '\n');
  const skipped = !opts.quiet ? await skippedText(m.mapReport.skipped, lang) : undefined;
  if (skipped) process.stderr.write(skipped + '\n');
  for (const w of m.mapReport.warnings) if (w.code === 'map-header-looks-like-data') process.stderr.write(`${t('word.warning', lang)} ${w.code}: ${renderIssue(w, lang).message}\n`);
}

/** The report in the asked format, to -o (atomically) or stdout; the exit code from validity and --fail-on. */
async function writeReport(report: Report, setup: Setup, opts: ValidateFlags, lang: Lang): Promise<void> {
  const { mapReport, tpl } = setup;
  const out = mapReport ? { ...report, mapping: { template: tpl!.file, rows: mapReport.rows, records: mapReport.records, rejected: mapReport.rejected, blank: mapReport.blank, warnings: mapReport.warnings.length,
    ...(mapReport.skipped?.length ? { skipped: mapReport.skipped.map((s) => ({ file: s.file, sheet: s.sheet, row: s.row, text: s.text })) } : {}) } } : report;
  const color = !opts.output && useColor();
  const text =
    opts.format === 'json' ? JSON.stringify({ ...out, issues: renderIssues(out.issues, lang) }, null, 2) + '\n'
    : opts.format === 'junit' ? await formatJunit(report, { lang })
    : opts.format === 'html' ? await formatHtml(report, { lang })
    : formatPretty(report, { lang, color: await paintFor(color) }) + '\n';
  if (opts.output) {
    writeFileAtomic(opts.output, text);
    if (!opts.quiet) process.stderr.write(t('report-written', lang, { file: opts.output }) + '\n');
  } else if (opts.format !== 'pretty' || !opts.quiet || !report.valid) print(text);
  const fail = !report.valid || (opts.failOn === 'warning' && report.stats.warnings > 0);
  process.exitCode = fail ? EXIT.INVALID : EXIT.OK;
}

/** `catalog validate`: check the flags, map what needs mapping, validate in one streaming pass, report. */
async function runValidate(files: string[], opts: ValidateFlags): Promise<void> {
  const lang = langOf(opts);
  const { disputed, maxErrors } = await flagsOf(opts, lang);
  const ws = loadWorkspaceConfig();
  const rules = rulesOf(opts, ws, lang);
  const profile = opts.profile ?? ws.config.profile ?? 'guide2017';
  const setup = await mappingSetup(files, opts, lang);
  const { mapping, config, tpl, mapReport } = setup;
  // A bar by bytes of the inputs read (the readers tell each chunk), on stderr as every long command's.
  const { progress, onBytes } = inputProgress(t('progress.validating', lang), files, outputMode(opts));
  const read = mapping && { ...(await mapping.cli.readOptionsOf(opts, lang)), onBytes };
  const jobs = mapping ? await mapping.cli.jobsOf(opts.jobs, lang) : 1;
  const check = { profile, lang, disputed, rules, elements: elementsOf(opts.elements, lang) };

  // One streaming pass: each row is mapped, then validated; rejected rows become issues of their own.
  async function* inputs(): AsyncGenerator<RecordInput> {
    for (const file of files) {
      // --mapping maps every input; the config's default template only what is not already records (issue-3m).
      if (tpl && mapReport && mapping && (opts.mapping || !isRecordFile(file))) yield* mapForValidation(file, tpl.template, { config, read: read || undefined, jobs }, mapReport, check);
      else for await (const r of readRecordFile(file, onBytes)) yield { record: r.record, file: r.file, line: r.line };
    }
  }
  let report;
  try {
    const reference = opts.reference?.length ? await referenceCodes(opts.reference) : undefined;
    report = await validateRecords(clearedAtEnd(inputs(), progress), { ...check, maxErrors, reference });
  } catch (err) {
    if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
    if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
    throw mapping?.cli.usageErrorOf(err, lang) ?? err;
  }
  if (mapReport && mapping && tpl) {
    report = addFileIssues(report, mapReport.rejects);
    await mapNotes({ mapping, tpl, mapReport }, read || {}, opts, lang);
  }
  await writeReport(report, setup, opts, lang);
}

export function register(program: Command): void {
  const cmd = program
    .command('validate')
    .description('validate catalogue records against a profile')
    .argument('<files...>', 'records as .json or .jsonl; or spreadsheets/CSV/XML with --mapping')
    .option('-p, --profile <id>', 'profile: guide2017 | gbt21063-3 (default: workspace config, else guide2017)')
    .addOption(FORMAT.option('output: pretty | json | junit | html', 'pretty'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(DISPUTED.option('GB/T 21063.3 disputed elements: required | optional'))
    .addOption(MAX_ERRORS.option('list at most N errors (checking and counting go on)'))
    .option('--rules <file>', 'rule config: severity per rule or "off" (default: workspace config "rules")')
    .option('--reference <file...>', 'reference catalogue(s) (.json/.jsonl) that 关联资源代码 may point to')
    .option('--elements <file>', 'own data-element dictionary (standards/common/data-elements.schema.json), matched before the common one')
    .addOption(FAIL_ON.option('exit 1 on: error | warning', 'error'))
    .option('-m, --mapping <template>', 'map inputs with this template first (required for non-.json/.jsonl inputs and for JSON that is not records)')
    .option('--sheet <name>', 'with --mapping: only this sheet')
    .option('--encoding <enc>', 'with --mapping: text encoding of CSV inputs')
    .addOption(HEADER_ROW.option('with --mapping: 1-based header row'))
    .option('--no-header', 'with --mapping: the file has no header row (columns are named 1, 2, …)')
    .addOption(JOBS.option('with --mapping: worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)'));
  cmd.addHelpText('after', HELP_AFTER)
    .action(async (files: string[], flags: ValidateFlags, c: Command) => runValidate(files, { ...c.optsWithGlobals(), ...flags } as ValidateFlags));
}
