import type { Command } from 'commander';
import { allocateResourceCodes, IdAllocationError } from '../id/allocate.js';
import { t, defineMessages } from '../i18n/messages.js';
import { CliError, langOf, print, type GlobalOptions } from './context.js';

defineMessages({
  'class-code-invalid': { zh: '分类码“{value}”无效：应为 类(1 位 1–3)+项(2 位)+目(3 位)[+细目]，如 301002', en: 'class code "{value}" is invalid: expected class (1 digit, 1–3) + item (2) + heading (3) [+ subheading], e.g. 301002' },
  'ledger-locked': { zh: '顺序码台账被占用（{lock}），请稍后重试；如无其他进程在运行，可删除该锁文件', en: 'the sequence ledger is locked ({lock}); try again, or remove the lock file if no other catalog process is running' },
  'ledger-corrupt': { zh: '顺序码台账 {file} 已损坏：{detail}', en: 'sequence ledger {file} is corrupt: {detail}' },
});

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
    .action((flags: IdFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as IdFlags;
      const lang = langOf(opts);
      const count = Number(opts.count), width = Number(opts.width);
      if (!(Number.isInteger(count) && count > 0)) throw new CliError(t('usage-error', lang, { detail: `--count ${opts.count}` }));
      if (!(Number.isInteger(width) && width > 0 && width <= 12)) throw new CliError(t('usage-error', lang, { detail: `--width ${opts.width}` }));
      if (!['text', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use text or json)` }));
      let codes: string[];
      try {
        codes = allocateResourceCodes(opts.class, { workspace: opts.workspace, count, width });
      } catch (err) {
        if (err instanceof IdAllocationError) throw new CliError(t(err.code, lang, err.params));
        throw err;
      }
      print(opts.format === 'json' ? JSON.stringify({ class: opts.class, codes }) : codes.join('\n'));
    });
}
