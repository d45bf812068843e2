import type { Command } from 'commander';
import { exportFormats, exportRecords, loadWorkspaceConfig, renderIssues, writeFileAtomic } from '../index.js';
import { t } from './text.js';
import { EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { streamInputs } from './records-input.js';
import { createProgress, outputMode } from './progress.js';
import type { CatalogRecord } from '../index.js';
import { FORMAT, choice } from './options.js';

interface ExportFlags extends GlobalOptions {
  to: string;
  output: string;
  format: string;
}

export async function register(program: Command): Promise<void> {
  const formats = await exportFormats();
  const TO = choice('--to <format>', formats);
  program
    .command('export')
    .description('export records: GB/T XML, DCAT-AP, data.json, CKAN, 目录清单')
    .argument('<records...>', 'records as .json, .jsonl or a package')
    .addOption(TO.option(`target: ${formats.join(' | ')}`).makeOptionMandatory())
    .requiredOption('-o, --output <file>', 'file to write')
    .addOption(FORMAT.option('report output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog export records.jsonl --to gbt-xml -o catalog.xml
  $ catalog export dept.catpkg.zip --to datajson -o data.json    # bureauCode/programCode/contactEmail from catalog.config.json export.*
  $ catalog export records.jsonl --to listing-xlsx -o 目录清单.xlsx
Warnings name what the target format requires but the records or config lack.
Exit codes: 0 written (warnings go to stderr), 1 invalid package input, 2 usage error.`)
    .action(async (files: string[], flags: ExportFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ExportFlags;
      const lang = langOf(opts);
      await TO.parse(opts.to, lang);
      await FORMAT.parse(opts.format, lang);
      const progress = createProgress(t('progress.reading', lang), { mode: outputMode(opts) });
      const records: CatalogRecord[] = [];
      try {
        for await (const r of streamInputs(files, lang)) {
          records.push(r);
          progress.tick();
        }
      } finally {
        progress.done();
      }
      const { config } = loadWorkspaceConfig();
      const result = await exportRecords(records, opts.to, { config });
      const issues = renderIssues(result.issues, lang);
      writeFileAtomic(opts.output, result.content);
      if (opts.format === 'json') print(JSON.stringify({ file: opts.output, format: opts.to, records: records.length, issues }, null, 2));
      else {
        for (const i of issues) if (i.severity !== 'info' || opts.verbose) printErr(`${i.severity} ${i.code}: ${i.message}`);
        if (!opts.quiet) print(t('export.done', lang, { records: records.length, format: opts.to, file: opts.output }));
      }
      process.exitCode = EXIT.OK;
    });
}
