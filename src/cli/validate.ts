import type { Command } from 'commander';
import { readRecordFile, InputError } from '../model/jsonl.js';
import { validateRecords, type RecordInput } from '../validate/records.js';
import { UnknownProfileError } from '../profiles/load.js';
import { formatPretty } from '../report/pretty.js';
import { buildReport } from '../report/report.js';
import { t } from '../i18n/messages.js';
import { mapFile, emptyReport } from '../mapping/run.js';
import { CliError, EXIT, langOf, print, useColor, type GlobalOptions } from './context.js';
import { loadConfig, readOptionsOf, templateOf, usageErrorOf } from './map.js';

interface ValidateFlags extends GlobalOptions {
  profile: string;
  format: string;
  disputed?: 'required' | 'optional';
  maxErrors?: string;
  mapping?: string;
  sheet?: string;
  encoding?: string;
  headerRow?: string;
}

/** Record files are read as records; anything else (spreadsheet, CSV, XML, other JSON) is mapped first. */
const isRecordFile = (f: string) => /\.(json|jsonl|ndjson)$/i.test(f);

export function register(program: Command): void {
  program
    .command('validate')
    .description('validate catalogue records against a profile / 按规范校验目录记录')
    .argument('<files...>', 'records as .json or .jsonl; or spreadsheets/CSV/XML with --mapping')
    .option('-p, --profile <id>', 'profile: guide2017 | gbt21063-3', 'guide2017')
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .option('--disputed <mode>', 'GB/T 21063.3 disputed elements: required | optional')
    .option('--max-errors <n>', 'stop after N errors')
    .option('-m, --mapping <template>', 'map inputs with this template first (required for non-.json/.jsonl inputs and for JSON that is not records)')
    .option('--sheet <name>', 'with --mapping: only this sheet')
    .option('--encoding <enc>', 'with --mapping: text encoding of CSV inputs')
    .option('--header-row <n>', 'with --mapping: 1-based header row')
    .addHelpText('after', `
Examples:
  $ catalog validate records.jsonl
  $ catalog validate records.jsonl --profile gbt21063-3 --format json --lang en
  $ catalog validate 目录编制表.xlsx --mapping templates/guide2017-sheet.json
Each issue of a mapped input names the source cell (file › sheet › row › column) and the offending value.
Exit codes: 0 valid, 1 invalid records (or rejected rows), 2 usage error (bad flag, missing file, unreadable input, no --mapping for a spreadsheet).`)
    .action(async (files: string[], flags: ValidateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ValidateFlags;
      const lang = langOf(opts);
      if (!['pretty', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use pretty or json)` }));
      if (opts.disputed && !['required', 'optional'].includes(opts.disputed)) throw new CliError(t('usage-error', lang, { detail: `--disputed ${opts.disputed} (use required or optional)` }));
      const maxErrors = opts.maxErrors === undefined ? undefined : Number(opts.maxErrors);
      if (maxErrors !== undefined && !(Number.isInteger(maxErrors) && maxErrors > 0)) throw new CliError(t('usage-error', lang, { detail: `--max-errors ${opts.maxErrors}` }));

      const needsMapping = files.filter((f) => !isRecordFile(f));
      const config = opts.mapping || needsMapping.length ? loadConfig(lang) : {};
      // Spreadsheets use --mapping, else the workspace config's default template (catalog.config.json "mapping").
      const tpl = opts.mapping || needsMapping.length ? templateOf(opts.mapping, config, lang) : undefined;
      if (needsMapping.length && !tpl) throw new CliError(t('usage-error', lang, { detail: `${needsMapping[0]} is not a .json/.jsonl record file: pass --mapping <template.json> to map it first` }));
      const mapReport = tpl ? emptyReport(tpl.template) : undefined;
      const read = readOptionsOf(opts, lang);

      // One streaming pass: each row is mapped, then validated; rejected rows become issues of their own.
      async function* inputs(): AsyncGenerator<RecordInput> {
        for (const file of files) {
          if (tpl && mapReport) {
            mapReport.files.push(file);
            for await (const ev of mapFile(file, tpl.template, { config, lang, read }, mapReport)) {
              if (ev.kind === 'blank') {
                mapReport.blank++;
                continue;
              }
              mapReport.rows++;
              if (ev.kind === 'reject') {
                mapReport.rejected++;
                mapReport.rejects.push(ev.reject);
              } else {
                mapReport.records++;
                yield { record: ev.record, file };
              }
            }
          } else for await (const r of readRecordFile(file)) yield { record: r.record, file: r.file, line: r.line };
        }
      }
      let report;
      try {
        report = await validateRecords(inputs(), { profile: opts.profile, lang, disputed: opts.disputed, maxErrors });
      } catch (err) {
        if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
        if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
        throw usageErrorOf(err, lang) ?? err;
      }
      if (mapReport && mapReport.rejects.length) {
        report = { ...buildReport(report.profile, report.stats.records, [...mapReport.rejects, ...report.issues], report.truncated) };
      }
      const out = mapReport ? { ...report, mapping: { template: tpl!.file, rows: mapReport.rows, records: mapReport.records, rejected: mapReport.rejected, blank: mapReport.blank, warnings: mapReport.warnings.length } } : report;
      if (opts.format === 'json') print(JSON.stringify(out, null, 2));
      else if (!opts.quiet || !report.valid) print(formatPretty(report, { lang, color: useColor() }));
      process.exitCode = report.valid ? EXIT.OK : EXIT.INVALID;
    });
}
