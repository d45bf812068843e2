import type { Command } from 'commander';
import path from 'node:path';
import { writeFileAtomic } from '../index.js';
import { blankSheets, blankCsv, blankWorkbook } from '../index.js';
import { t } from './text.js';
import { CliError, langOf, print, type GlobalOptions } from './context.js';
import { FORMAT, usageError } from './options.js';

interface TemplateFlags extends GlobalOptions {
  profile: string;
  output: string;
  format: string;
}

export function register(program: Command): void {
  program
    .command('template')
    .description('write a blank compilation sheet for departments to fill in')
    .option('-p, --profile <id>', 'profile of the sheet: guide2017', 'guide2017')
    .requiredOption('-o, --output <file>', 'output file: .xlsx (with drop-down lists and the 信息项 sheet) or .csv (main sheet only)')
    .addOption(FORMAT.option('output: pretty | json (what was written: file, sheets, headers)', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog template --profile guide2017 -o 目录编制表.xlsx
  $ catalog template -o 目录编制表.csv
  $ catalog template -o 目录编制表.xlsx --format json
Fill it in, then: catalog map 目录编制表.xlsx --mapping templates/guide2017-sheet.json -o records.jsonl
Exit codes: 0 written, 2 usage error (unknown profile, unsupported extension).`)
    .action(async (flags: TemplateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as TemplateFlags;
      const lang = langOf(opts);
      const { sheets, profiles } = await blankSheets(opts.profile);
      if (!sheets) throw new CliError(t('unknown-profile', lang, { profile: opts.profile, available: profiles.join(', ') }));
      await FORMAT.parse(opts.format, lang);
      const ext = path.extname(opts.output).toLowerCase();
      if (ext === '.xlsx') writeFileAtomic(opts.output, await blankWorkbook(sheets));
      else if (ext === '.csv') writeFileAtomic(opts.output, await blankCsv(sheets));
      else throw usageError('usage.output-extension', lang, { flag: '-o', file: opts.output, extensions: '.xlsx, .csv' });
      if (opts.format === 'json') {
        // a .csv holds the first sheet only
        const written = ext === '.csv' ? sheets.slice(0, 1) : sheets;
        print(JSON.stringify({
          file: opts.output, profile: opts.profile, format: ext.slice(1), columns: sheets[0].columns.length,
          sheets: written.map((s) => ({ name: s.name, headers: s.columns.map((c) => c.header), ...(ext === '.xlsx' ? { dropDowns: s.columns.filter((c) => c.list).map((c) => c.header) } : {}) })),
        }, null, 2));
      } else if (!opts.quiet) print(t('template-written', lang, { file: opts.output, columns: sheets[0].columns.length }));
    });
}
