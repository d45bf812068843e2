import type { Command } from 'commander';
import { readRecordFile, InputError } from '../model/jsonl.js';
import { validateRecords, type RecordInput } from '../validate/records.js';
import { UnknownProfileError } from '../profiles/load.js';
import { formatPretty } from '../report/pretty.js';
import { t } from '../i18n/messages.js';
import { CliError, EXIT, langOf, print, useColor, type GlobalOptions } from './context.js';

interface ValidateFlags extends GlobalOptions {
  profile: string;
  format: string;
  disputed?: 'required' | 'optional';
  maxErrors?: string;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('validate catalogue records against a profile / 按规范校验目录记录')
    .argument('<files...>', 'records as .json or .jsonl')
    .option('-p, --profile <id>', 'profile: guide2017 | gbt21063-3', 'guide2017')
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .option('--disputed <mode>', 'GB/T 21063.3 disputed elements: required | optional')
    .option('--max-errors <n>', 'stop after N errors')
    .addHelpText('after', `
Examples:
  $ catalog validate records.jsonl
  $ catalog validate records.jsonl --profile gbt21063-3 --format json --lang en
Exit codes: 0 valid, 1 invalid records, 2 usage error (bad flag, missing file, unreadable JSON).`)
    .action(async (files: string[], flags: ValidateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ValidateFlags;
      const lang = langOf(opts);
      if (!['pretty', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use pretty or json)` }));
      if (opts.disputed && !['required', 'optional'].includes(opts.disputed)) throw new CliError(t('usage-error', lang, { detail: `--disputed ${opts.disputed} (use required or optional)` }));
      const maxErrors = opts.maxErrors === undefined ? undefined : Number(opts.maxErrors);
      if (maxErrors !== undefined && !(Number.isInteger(maxErrors) && maxErrors > 0)) throw new CliError(t('usage-error', lang, { detail: `--max-errors ${opts.maxErrors}` }));

      async function* inputs(): AsyncGenerator<RecordInput> {
        for (const file of files) for await (const r of readRecordFile(file)) yield { record: r.record, file: r.file, line: r.line };
      }
      let report;
      try {
        report = await validateRecords(inputs(), { profile: opts.profile, lang, disputed: opts.disputed, maxErrors });
      } catch (err) {
        if (err instanceof InputError) throw new CliError(t(err.code, lang, err.params));
        if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
        throw err;
      }
      if (opts.format === 'json') print(JSON.stringify(report, null, 2));
      else if (!opts.quiet || !report.valid) print(formatPretty(report, { lang, color: useColor() }));
      process.exitCode = report.valid ? EXIT.OK : EXIT.INVALID;
    });
}
