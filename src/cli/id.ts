import type { Command } from 'commander';
import { allocateResourceCodes } from '../index.js';
import { isCatalogError } from '../index.js';
import { t } from './text.js';
import { CliError, langOf, print, type GlobalOptions } from './context.js';

interface IdFlags extends GlobalOptions {
  class: string;
  workspace?: string;
  count: string;
  width: string;
  format: string;
}

export function register(program: Command): void {
  const id = program.command('id').description('resource identifiers / 信息资源代码');
  id.command('next')
    .description('allocate the next free 顺序码 for a classification code / 分配下一个顺序码')
    .requiredOption('--class <code>', '分类码: class+item+heading[+subheading], e.g. 301002')
    .option('--workspace <dir>', 'workspace holding the ledger .catalog/ids.json', '.')
    .option('-n, --count <n>', 'how many codes to allocate', '1')
    .option('--width <n>', 'digits of the 顺序码 (zero-padded)', '5')
    .option('-f, --format <format>', 'output: text | json', 'text')
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
      const count = Number(opts.count), width = Number(opts.width);
      if (!(Number.isInteger(count) && count > 0)) throw new CliError(t('usage-error', lang, { detail: `--count ${opts.count}` }));
      if (!(Number.isInteger(width) && width > 0 && width <= 12)) throw new CliError(t('usage-error', lang, { detail: `--width ${opts.width}` }));
      if (!['text', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use text or json)` }));
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
