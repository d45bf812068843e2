import type { Command } from 'commander';
import type { Lang } from '../index.js';
import { runDemo, type DemoEvent, type DemoResult } from '../index.js';
import { formatLocation } from '../index.js';
import { renderIssue } from '../index.js';
import { renderReport } from '../index.js';
import { t, tCode } from './text.js';
import { EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { createProgress, outputMode } from './progress.js';
import { FORMAT } from './options.js';

interface DemoFlags extends GlobalOptions {
  dir?: string;
  keep?: boolean;
  keyword?: string;
  format: string;
}

const STEPS = 9;

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on bundled sample data, with an embedded centre')
    .option('--dir <dir>', 'workspace directory (kept); default a temp directory, removed afterwards')
    .option('--keep', 'keep the temp workspace')
    .option('--keyword <word>', 'keyword to search on the centre', '就业')
    .addOption(FORMAT.option('output: pretty | json (the run result)', 'pretty'))
    .addHelpText('after', `
Examples:
  $ npm run demo
  $ catalog demo --lang zh
  $ catalog demo --dir demo-workspace --keyword 社会保险
Exit codes: 0 the pipeline ran as expected, 1 it did not, 3 the embedded centre failed.`)
    .action(async (flags: DemoFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DemoFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      const mode = outputMode(opts);
      const talk = !mode.quiet && !mode.json;
      const progress = createProgress(t('publish.phase.send', lang), { mode });
      const onEvent = (e: DemoEvent) => {
        if (e.kind === 'progress') return progress.update(e.progress.done, e.progress.total);
        progress.done();
        if (!talk) return;
        if (e.kind === 'step') print(`\n[${e.step}/${STEPS}] ${tCode(e.code, lang, e.params)}`);
        else if (e.kind === 'issue') print(`    ${t(e.issue.severity === 'error' ? 'word.error' : 'word.warning', lang)} ${e.issue.rule ?? e.issue.code}  ${formatLocation(e.issue, lang)}${e.issue.path ? ` ${e.issue.path}` : ''}\n      ${renderIssue(e.issue, lang).message}`);
        else if (e.code === 'demo.done' || e.code === 'demo.failed') print(`\n${t(e.code, lang, e.params)}`);
        else print(`    ${tCode(e.code, lang, e.params)}`);
      };
      if (talk) print(t('demo.title', lang));
      let result;
      try {
        result = await runDemo({ pageLanguage: lang, dir: opts.dir, keep: opts.keep, keyword: opts.keyword, onEvent });
      } catch (err) {
        progress.done();
        const e = err as Error & { code?: string };
        printErr(`catalog demo: ${e.message}`);
        process.exitCode = e.code === 'ECONNREFUSED' || e.name === 'RemoteError' ? EXIT.REMOTE : EXIT.INVALID;
        return;
      }
      if (mode.json) print(JSON.stringify(await renderDemo(result, lang), null, 2));
      else if (talk && result.kept) print(t('demo.kept', lang, { dir: result.workspace }));
      process.exitCode = result.ok ? EXIT.OK : EXIT.INVALID;
    });
}

/** The demo's result for --json: both validation reports with their messages in `lang`. */
async function renderDemo(r: DemoResult, lang: Lang): Promise<DemoResult> {
  return { ...r, withErrors: { ...r.withErrors, validation: await renderReport(r.withErrors.validation, lang) }, corrected: { ...r.corrected, validation: await renderReport(r.corrected.validation, lang) } };
}
