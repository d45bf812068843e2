import type { Command } from 'commander';
import { allocateResourceCodes } from '../index.js';
import { isCatalogError } from '../index.js';
import { t } from './text.js';
import { CliError, langOf, print, type GlobalOptions } from './context.js';
import { choice, integer } from './options.js';

const COUNT = integer('-n, --count <n>');
const WIDTH = integer('--width <n>', 1, 12);
const FORMAT = choice('-f, --format <format>', ['text', 'json'] as const);

interface IdFlags extends GlobalOptions {
  class: string;
  workspace?: string;
  count: string;
  width: string;
  format: string;
}

export function register(program: Command): void {
  const id = program.command('id').description('resource identifiers');
  id.command('next')
    .description('allocate the next free 顺序码 for a classification code')
    .requiredOption('--class <code>', '分类码: class+item+heading[+subheading], e.g. 301002')
    .option('--workspace <dir>', 'workspace holding the ledger .catalog/ids.json', '.')
    .addOption(COUNT.option('how many codes to allocate', '1'))
    .addOption(WIDTH.option('digits of the 顺序码 (zero-padded)', '5'))
    .addOption(FORMAT.option('output: text | json', 'text'))
    .addHelpText('after', `
Examples:
  $ catalog id next --class 301002
  301002/00001
  $ catalog id next --class 301002 --count 2 --workspace ~/catalogue --format json
Concurrent runs on one workspace never hand out the same code (lock file + atomic ledger write).
Exit codes: 0 allocated, 2 usage error (bad class code, locked or corrupt ledger).`)
    .action(async (flags: IdFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as IdFlags;
      const lang = langOf(opts);
      const count = await COUNT.parse(opts.count, lang), width = await WIDTH.parse(opts.width, lang);
      await FORMAT.parse(opts.format, lang);
      let codes: string[];
      try {
        codes = await allocateResourceCodes(opts.class, { workspace: opts.workspace, count, width });
      } catch (err) {
        if (isCatalogError(err, 'IdAllocationError')) throw new CliError(t(err.code, lang, err.params));
        throw err;
      }
      print(opts.format === 'json' ? JSON.stringify({ class: opts.class, codes }) : codes.join('\n'));
    });
}
