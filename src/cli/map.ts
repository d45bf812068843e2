import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { loadWorkspaceConfig, type WorkspaceConfig } from '../index.js';
import { isCatalogError } from '../index.js';
import type { ReadOptions } from '../index.js';
import { loadTemplate, type MappingTemplate } from '../index.js';
import { mapSourcesJsonl, emptyReport, type MapReport } from '../index.js';
import { defaultJobs } from '../index.js';
import { fieldLabel, guessTemplate } from '../index.js';
import { proposeMapping, proposalAsGuess } from '../index.js';
import { sniffFormat } from '../index.js';
import { detectCatalogue } from '../index.js';
import { writeJsonl } from '../index.js';
import { writeFileAtomic, writeLinesAtomic } from '../index.js';
import { TEMPLATES_DIR } from '../index.js';
import { importerOfTemplate, importFiles } from '../index.js';
import { importErrorRef, renderIssues } from '../index.js';
import { formatLocation } from '../index.js';
import { t, tCode } from './text.js';
import type { Lang } from '../index.js';
import { CliError, EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { headerHints } from './hints.js';
import { skippedText } from '../index.js';
import { headerLooksLikeData } from '../index.js';
import { clearedAtEnd, inputProgress, outputMode } from './progress.js';
import { FORMAT, HEADER_ROW, JOBS, usageError } from './options.js';

interface MapFlags extends GlobalOptions {
  mapping?: string;
  output?: string;
  format: string;
  sheet?: string;
  encoding?: string;
  headerRow?: string;
  header?: boolean;
  guess?: boolean;
  saveTemplate?: string;
  jobs?: string;
}

/** Turn library errors met while reading inputs or templates into one-line usage errors (exit 2). */
export function usageErrorOf(err: unknown, lang: Lang): CliError | undefined {
  if (isCatalogError(err, 'ReadError')) return new CliError(tCode(err.code, lang, err.params));
  if (isCatalogError(err, 'TemplateError')) return new CliError(t(err.code, lang, { ...err.params, pointer: err.params.pointer || '/' }));
  return undefined;
}

export function loadConfig(lang: Lang): WorkspaceConfig {
  try {
    return loadWorkspaceConfig().config;
  } catch (err) {
    throw usageError('usage.config-invalid', lang, { file: 'catalog.config.json', detail: (err as Error).message });
  }
}

/** A template path as given, or a bundled template named without its path (--mapping guide2017-sheet, import/datajson). */
function resolveTemplatePath(file: string | undefined): string {
  if (!file || fs.existsSync(file)) return file ?? '';
  const bundled = path.join(TEMPLATES_DIR, file.endsWith('.json') ? file : `${file}.json`);
  return /^[\w.-]+(\/[\w.-]+)?$/.test(file) && fs.existsSync(bundled) ? bundled : file;
}

/** Catalogues in another standard (data.json, DCAT, CKAN, GB/T XML) go through an importer, not column rules. */
async function runImport(inputs: string[], importer: string, opts: MapFlags, lang: Lang): Promise<void> {
  let result;
  try {
    result = await importFiles(inputs, importer);
  } catch (err) {
    const m = await importErrorRef(err);
    if (m) throw new CliError(tCode(m.msg, lang, m.params));
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(t('file-not-found', lang, { file: (err as NodeJS.ErrnoException).path }));
    throw err;
  }
  if (opts.output) await writeJsonl(opts.output, result.records);
  else for (const r of result.records) print(JSON.stringify(r));
  const report = renderedMapReport(result.report, lang);
  const text = opts.format === 'json' ? JSON.stringify(report, null, 2) : await formatMapReport(report, lang, opts.verbose);
  if (!opts.quiet || report.rejected) (opts.output ? print : printErr)(text);
  process.exitCode = report.rejected ? EXIT.INVALID : EXIT.OK;
}

/** The template named by --mapping, or the workspace config's `mapping`. */
export async function templateOf(flag: string | undefined, config: WorkspaceConfig, lang: Lang): Promise<{ template: MappingTemplate; file: string } | undefined> {
  const given = flag ?? config.mapping;
  if (!given) return undefined;
  const file = resolveTemplatePath(given);
  try {
    return { template: await loadTemplate(file), file };
  } catch (err) {
    throw usageErrorOf(err, lang) ?? err;
  }
}

/** --jobs: worker threads for large CSV inputs (default: one per core). */
export async function jobsOf(flag: string | undefined, lang: Lang): Promise<number> {
  return flag === undefined ? defaultJobs() : JOBS.parse(flag, lang);
}

export async function readOptionsOf(flags: { sheet?: string; encoding?: string; headerRow?: string; header?: boolean }, lang: Lang): Promise<ReadOptions> {
  const headerRow = await HEADER_ROW.parseOptional(flags.headerRow, lang);
  return { sheet: flags.sheet, encoding: flags.encoding, headerRow, ...(flags.header === false ? { header: false } : {}) };
}

/** The run report with its rejects and warnings worded in `lang` (the mapping step leaves them as codes + params). */
const renderedMapReport = (report: MapReport, lang: Lang): MapReport => ({ ...report, rejects: renderIssues(report.rejects, lang), warnings: renderIssues(report.warnings, lang) });

const LOUD_WARNINGS = new Set(['map-header-looks-like-data']);

/** Human summary of a map run: counts, then each reject with its cell. */
export async function formatMapReport(mapped: MapReport, lang: Lang, verbose = false): Promise<string> {
  const report = renderedMapReport(mapped, lang);
  const lines: string[] = [];
  for (const r of report.rejects) lines.push(`${t('word.error', lang)} ${r.code} ${formatLocation(r, lang)}\n  ${r.message}`);
  // Warnings that change what the whole run means are shown even without --verbose.
  if (!verbose) for (const w of report.warnings) if (LOUD_WARNINGS.has(w.code)) lines.push(`${t('word.warning', lang)} ${w.code}\n  ${w.message}`);
  if (verbose) for (const w of report.warnings) lines.push(`${t('word.warning', lang)} ${w.code} ${formatLocation(w, lang)}\n  ${w.message}`);
  else if (report.warnings.length) lines.push(t('map-warnings-hidden', lang, { n: report.warnings.length }));
  const skipped = await skippedText(report.skipped, lang);
  if (skipped) lines.push(skipped);
  lines.push(t('map-summary', lang, { ...report }));
  return lines.join('\n');
}

/**
 * A foreign catalogue (data.json, DCAT, CKAN, GB/T XML, ISO 19139) has an importer that reads its structure; a
 * mapping guessed from its leaf paths would not (one ISO record's 36 links, its role codes as "columns"). Say so,
 * and with --save-template write the import template instead. Returns whether it answered.
 */
async function guessKnownCatalogue(inputs: string[], opts: MapFlags, lang: Lang): Promise<boolean> {
  if (inputs.length !== 1 || !['json', 'xml'].includes(await sniffFormat(inputs[0]))) return false;
  const found = await detectCatalogue(new Uint8Array(fs.readFileSync(inputs[0])));
  if (!found.kind) return false;
  const template = { importer: found.kind };
  if (opts.saveTemplate) writeFileAtomic(opts.saveTemplate, JSON.stringify(template, null, 2) + '\n');
  if (opts.format === 'json') print(JSON.stringify({ looks: found.looks[lang], template }, null, 2));
  else print(t('guess-known-catalogue', lang, { file: inputs[0], looks: found.looks[lang], kind: found.kind }));
  return true;
}

/** A guessed column's label: the field's, else (a field the model does not name) the meaning the guess saw. */
function guessLabel(field: string, meaning: string | undefined, lang: Lang): string {
  const label = fieldLabel(field, lang);
  return label === field && meaning ? meaning : label;
}

async function runGuess(inputs: string[], opts: MapFlags, lang: Lang): Promise<void> {
  if (await guessKnownCatalogue(inputs, opts, lang)) return;
  const input = inputs.join(' ');
  let result;
  try {
    const read = await readOptionsOf(opts, lang);
    const name = path.basename(inputs[0]).replace(/\.[^.]+$/, '');
    // One spreadsheet: the very proposal `catalog init` makes (bundled template or guess, 信息项 sheet joined).
    result = inputs.length === 1 && ['xls', 'xlsx', 'html', 'csv'].includes(await sniffFormat(inputs[0]))
      ? await proposalAsGuess(await proposeMapping(inputs[0], { read }), name)
      : await guessTemplate(inputs, { read, name });
  } catch (err) {
    throw usageErrorOf(err, lang) ?? err;
  }
  if (opts.saveTemplate) writeFileAtomic(opts.saveTemplate, JSON.stringify({ $schema: 'https://catalog.example/standards/mapping-template.schema.json', ...result.template }, null, 2) + '\n');
  // each placed column labelled here, in the user's language (the library gives the field's pointer)
  const columns = result.columns.map((c) => (c.field ? { ...c, label: guessLabel(c.field, (c as { meaning?: string }).meaning, lang) } : c));
  if (opts.format === 'json') {
    print(JSON.stringify({ columns, unplaced: result.unplaced, template: result.template }, null, 2));
    return;
  }
  const lines = columns.filter((c) => c.field).map((c) => '  ' + t('guess-mapped', lang, { ...c }));
  if (opts.header !== false && (await headerLooksLikeData(columns.map((c) => c.column)))) lines.push(t('guess-headerless', lang));
  for (const c of columns) if ('runnerUpOf' in c && c.runnerUpOf) lines.push('  ' + t('guess-runner-up', lang, { column: c.column, other: c.runnerUpOf }));
  if (!columns.length) lines.push(t('guess-no-columns', lang));
  else lines.push(result.unplaced.length ? t('guess-unplaced', lang, { columns: result.unplaced.join(lang === 'zh' ? '、' : ', ') }) : t('guess-none', lang));
  if (opts.saveTemplate) lines.push(t('guess-saved', lang, { file: opts.saveTemplate, input }));
  print(lines.join('\n'));
}

export function register(program: Command): void {
  program
    .command('map')
    .description('map department spreadsheets, CSV, XML or JSON to catalogue records')
    .argument('<inputs...>', 'source files (.xls .xlsx .csv .xml .json .jsonl; format sniffed by content)')
    .option('-m, --mapping <template>', 'mapping template (JSON file, or the name of a bundled one: guide2017-sheet, songjiang-form, putuo-sheet-per-resource); default: "mapping" in catalog.config.json')
    .option('-o, --output <file>', 'write records as JSONL to this file (atomically); default stdout')
    .addOption(FORMAT.option('run report: pretty | json', 'pretty'))
    .option('--sheet <name>', 'only this sheet (name or 1-based index)')
    .option('--encoding <enc>', 'text encoding of CSV/text inputs (utf-8, gb18030, big5…)')
    .addOption(HEADER_ROW.option('1-based header row (default: detected)'))
    .option('--no-header', 'the file has no header row: columns are named 1, 2, … (headerless CSV exports)')
    .option('--guess', 'propose a template from the headers (of all inputs) instead of mapping')
    .option('--save-template <file>', 'with --guess: write the proposed template here')
    .addOption(JOBS.option('worker threads for CSV inputs of 16 MB or more (default: one per core; 1: none)'))
    .addHelpText('after', `
Examples:
  $ catalog map 目录编制表.xlsx --mapping templates/guide2017-sheet.json -o records.jsonl
  $ catalog map songjiang.xls --mapping templates/songjiang-form.json --format json -o records.jsonl
  $ catalog map portal.json --guess --save-template portal-template.json
  $ catalog map data.json --mapping import/datajson -o records.jsonl     (also import/dcat, import/ckan, import/gbt-xml)
The run report goes to stdout when -o is given, else to stderr (records go to stdout).
Exit codes: 0 every row mapped, 1 some rows rejected (records still written), 2 usage error (bad flag, missing or unreadable file, invalid template).`)
    .action(async (inputs: string[], flags: MapFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as MapFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      const read = await readOptionsOf(opts, lang), jobs = await jobsOf(opts.jobs, lang);
      if (opts.guess) return runGuess(inputs, opts, lang);
      if (opts.saveTemplate) throw usageError('map-save-needs-guess', lang);
      const config = loadConfig(lang);
      const importer = await importerOfTemplate(resolveTemplatePath(opts.mapping ?? config.mapping));
      if (importer) return runImport(inputs, importer, opts, lang);
      const tpl = await templateOf(opts.mapping, config, lang);
      if (!tpl) throw usageError('map-no-template', lang);
      if (opts.output && !fs.existsSync(path.dirname(path.resolve(opts.output)))) throw usageError('map-output-folder-missing', lang, { file: opts.output });
      const report = await emptyReport(tpl.template);
      // A bar by bytes of the inputs read, on stderr (TTY only; lines with --verbose; never with --quiet or --format json).
      const { progress, onBytes } = inputProgress(t('progress.mapping', lang), inputs, outputMode(opts));
      const lines = clearedAtEnd(mapSourcesJsonl(inputs, tpl.template, { config, read: { ...read, onBytes }, jobs }, report), progress);
      try {
        if (opts.output) await writeLinesAtomic(opts.output, lines);
        else {
          for await (const line of lines) {
            if (!process.stdout.write(line + '\n')) await new Promise<void>((res) => process.stdout.once('drain', () => res()));
          }
        }
      } catch (err) {
        throw usageErrorOf(err, lang) ?? err;
      }
      const text = opts.format === 'json' ? JSON.stringify(renderedMapReport(report, lang), null, 2) : await formatMapReport(report, lang, opts.verbose);
      // Nothing mapped: say whether the header row holds the template's columns at all, and how to fix it.
      if (!report.records && opts.format !== 'json') for (const h of await headerHints(inputs, tpl.template, read, lang)) printErr(h);
      const failed = report.rejected || report.rejects.length;
      if (opts.output) {
        if (!opts.quiet || failed) print(text);
      } else if (!opts.quiet || failed) printErr(text);
      process.exitCode = report.rejected || report.rejects.length ? EXIT.INVALID : EXIT.OK;
    });
}
