import path from 'node:path';
import type { Command } from 'commander';
import { readRecordFile, InputError, validateRecords, loadRuleConfig, RuleConfigError, UnknownProfileError, loadWorkspaceConfig, formatPretty, renderIssue, renderIssues, writeFileAtomic, skippedText,
  addFileIssues, emptyReport, mapForValidation, formatJunit, formatHtml } from '../index.js';
import type { RecordInput, RuleConfig } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, langOf, paintFor, print, useColor, type GlobalOptions } from './context.js';
import { clearedAtEnd, inputProgress, outputMode } from './progress.js';
import { elementsOf } from './elements-option.js';

const FORMATS = ['pretty', 'json', 'junit', 'html'];

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

export function register(program: Command): void {
  program
    .command('validate')
    .description('validate catalogue records against a profile / 按规范校验目录记录')
    .argument('<files...>', 'records as .json or .jsonl; or spreadsheets/CSV/XML with --mapping')
    .option('-p, --profile <id>', 'profile: guide2017 | gbt21063-3 (default: workspace config, else guide2017)')
    .option('-f, --format <format>', 'output: pretty | json | junit | html', 'pretty')
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--disputed <mode>', 'GB/T 21063.3 disputed elements: required | optional')
    .option('--max-errors <n>', 'list at most N errors (checking and counting go on)')
    .option('--rules <file>', 'rule config: severity per rule or "off" (default: workspace config "rules")')
    .option('--reference <file...>', 'reference catalogue(s) (.json/.jsonl) that 关联资源代码 may point to')
    .option('--elements <file>', 'own data-element dictionary (standards/common/data-elements.schema.json), matched before the common one')
    .option('--fail-on <level>', 'exit 1 on: error | warning', 'error')
    .option('-m, --mapping <template>', 'map inputs with this template first (required for non-.json/.jsonl inputs and for JSON that is not records)')
    .option('--sheet <name>', 'with --mapping: only this sheet')
    .option('--encoding <enc>', 'with --mapping: text encoding of CSV inputs')
    .option('--header-row <n>', 'with --mapping: 1-based header row')
    .option('--no-header', 'with --mapping: the file has no header row (columns are named 1, 2, …)')
    .option('-j, --jobs <n>', 'with --mapping: worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)')
    .addHelpText('after', `
Examples:
  $ catalog validate records.jsonl
  $ catalog validate records.jsonl --profile gbt21063-3 --format json --lang en
  $ catalog validate 目录编制表.xlsx --mapping templates/guide2017-sheet.json
  $ catalog validate records.jsonl --rules rules.json --reference province.jsonl --fail-on warning
  $ catalog validate records.jsonl --format html -o report.html
  $ catalog validate records.jsonl --format junit -o validate.xml --max-errors 100
Each issue of a mapped input names the source cell (file › sheet › row › column) and the offending value.
Exit codes: 0 valid, 1 invalid records or rejected rows (or warnings with --fail-on warning),
2 usage error (bad flag, missing file, unreadable input, bad rule config, no --mapping for a spreadsheet).`)
    .action(async (files: string[], flags: ValidateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ValidateFlags;
      const lang = langOf(opts);
      const usage = (detail: string) => new CliError(t('usage-error', lang, { detail }));
      if (!FORMATS.includes(opts.format)) throw usage(`--format ${opts.format} (use ${FORMATS.join(', ')})`);
      if (opts.disputed && !['required', 'optional'].includes(opts.disputed)) throw usage(`--disputed ${opts.disputed} (use required or optional)`);
      if (!['error', 'warning'].includes(opts.failOn)) throw usage(`--fail-on ${opts.failOn} (use error or warning)`);
      const maxErrors = opts.maxErrors === undefined ? undefined : Number(opts.maxErrors);
      if (maxErrors !== undefined && !(Number.isInteger(maxErrors) && maxErrors > 0)) throw usage(`--max-errors ${opts.maxErrors}`);

      const ws = loadWorkspaceConfig();
      let rules: RuleConfig | undefined;
      const rulesFile = opts.rules ?? (ws.config.rules && ws.path ? path.resolve(path.dirname(ws.path), ws.config.rules) : undefined);
      if (rulesFile) {
        try {
          rules = loadRuleConfig(rulesFile);
        } catch (err) {
          if (err instanceof RuleConfigError) throw new CliError(t('rules-invalid', lang, { file: err.file, detail: err.detail }));
          throw err;
        }
      }
      const profile = opts.profile ?? ws.config.profile ?? 'guide2017';

      const needsMapping = files.filter((f) => !isRecordFile(f));
      // The mapping code (workbook, XML and RDF readers) is loaded only when an input is mapped: fast start-up.
      const mapping = opts.mapping || needsMapping.length ? await loadMapping() : undefined;
      const config = mapping ? mapping.cli.loadConfig(lang) : {};
      // Spreadsheets use --mapping, else the workspace config's default template (catalog.config.json "mapping").
      const tpl = mapping ? await mapping.cli.templateOf(opts.mapping, config, lang) : undefined;
      if (needsMapping.length && !tpl) throw usage(t('map-needs-mapping', lang, { file: needsMapping[0] }));
      const mapReport = tpl && mapping ? await emptyReport(tpl.template) : undefined;
      // A bar by bytes of the inputs read (the readers tell each chunk), on stderr as every long command's.
      const { progress, onBytes } = inputProgress(t('progress.validating', lang), files, outputMode(opts));
      const read = mapping && { ...mapping.cli.readOptionsOf(opts, lang), onBytes };
      const jobs = mapping ? await mapping.cli.jobsOf(opts.jobs, lang) : 1;

      // One streaming pass: each row is mapped, then validated; rejected rows become issues of their own.
      async function* inputs(): AsyncGenerator<RecordInput> {
        for (const file of files) {
          // --mapping maps every input; the config's default template only what is not already records (issue-3m).
          if (tpl && mapReport && mapping && (opts.mapping || !isRecordFile(file))) yield* mapForValidation(file, tpl.template, { config, read, jobs }, mapReport, check);
          else for await (const r of readRecordFile(file, onBytes)) yield { record: r.record, file: r.file, line: r.line };
        }
      }
      const check = { profile, lang, disputed: opts.disputed, rules, elements: elementsOf(opts.elements, lang) };
      let report;
      try {
        const reference = opts.reference?.length ? await referenceCodes(opts.reference) : undefined;
        report = await validateRecords(clearedAtEnd(inputs(), progress), { ...check, maxErrors, reference });
      } catch (err) {
        if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
        if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
        throw mapping?.cli.usageErrorOf(err, lang) ?? err;
      }
      if (mapReport && mapping) report = addFileIssues(report, mapReport.rejects);
      // Nothing mapped: say whether the header row holds the template's columns at all, and how to fix it.
      if (tpl && mapReport && mapping && !mapReport.records && opts.format === 'pretty') for (const h of await mapping.hints.headerHints(mapReport.files, tpl.template, { ...read!, onBytes: undefined }, lang)) process.stderr.write(h + '\n');
      const skipped = mapReport && opts.format === 'pretty' && !opts.quiet ? await skippedText(mapReport.skipped, lang) : undefined;
      if (skipped) process.stderr.write(skipped + '\n');
      if (mapReport && opts.format === 'pretty') for (const w of mapReport.warnings) if (w.code === 'map-header-looks-like-data') process.stderr.write(`${t('word.warning', lang)} ${w.code}: ${renderIssue(w, lang).message}\n`);
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
    });
}
