import fs from 'node:fs';
import type { Command } from 'commander';
import { IMPORTERS, ImportParseError } from '../import/index.js';
import { writeJsonl } from '../model/jsonl.js';
import { t, defineMessages } from '../i18n/messages.js';
import { CliError, EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { createProgress, outputMode, withProgress } from './progress.js';

defineMessages({
  'import.done': { zh: '已从 {file} 导入 {records} 条记录（{format}）→ {output}', en: 'imported {records} records from {file} ({format}) → {output}' },
});

interface ImportFlags extends GlobalOptions {
  from: string;
  output: string;
  format: string;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import a data.json, DCAT (JSON-LD or RDF/XML) or CKAN catalogue as records / 导入外部目录')
    .argument('<file>', 'source catalogue file')
    .requiredOption('--from <format>', `source format: ${Object.keys(IMPORTERS).join(' | ')}`)
    .requiredOption('-o, --output <file>', 'records to write (.jsonl)')
    .option('-f, --format <format>', 'report output: pretty | json', 'pretty')
    .addHelpText('after', `
Examples:
  $ catalog import data.json --from datajson -o records.jsonl
  $ catalog import dataset.rdf --from dcat -o records.jsonl
Exit codes: 0 written, 2 usage error (unknown format, missing or unparsable file).`)
    .action(async (file: string, flags: ImportFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ImportFlags;
      const lang = langOf(opts);
      const importer = IMPORTERS[opts.from];
      if (!importer) throw new CliError(t('import-unknown-format', lang, { format: opts.from, available: Object.keys(IMPORTERS).join(', ') }));
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(t('file-not-found', lang, { file }));
      const progress = createProgress(lang === 'zh' ? '导入记录' : 'importing records', { mode: outputMode(opts) });
      let result;
      try {
        result = await importer.run(new Uint8Array(fs.readFileSync(file)), { file, lang });
      } catch (err) {
        if (err instanceof ImportParseError) throw new CliError(t('import-parse-error', lang, { file: err.file, format: err.format, detail: err.detail }));
        throw err;
      }
      await writeJsonl(opts.output, withProgress((async function* () { yield* result.records; })(), progress));
      if (opts.format === 'json') print(JSON.stringify({ file, from: opts.from, output: opts.output, records: result.records.length, issues: result.issues }, null, 2));
      else {
        for (const i of result.issues) if (i.severity !== 'info' || opts.verbose) printErr(`${i.severity} ${i.code}: ${i.message}`);
        if (!opts.quiet) print(t('import.done', lang, { file, records: result.records.length, format: opts.from, output: opts.output }));
      }
      process.exitCode = EXIT.OK;
    });
}
