import fs from 'node:fs';
import type { Command } from 'commander';
import { chooseImporter, importCatalogue, importErrorRef, importFormats, renderIssues, writeJsonl } from '../index.js';
import { t, tCode } from './text.js';
import { CliError, EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { createProgress, outputMode, withProgress } from './progress.js';
import { FORMAT, choice } from './options.js';

interface ImportFlags extends GlobalOptions {
  from: string;
  output: string;
  format: string;
}

export async function register(program: Command): Promise<void> {
  const formats = await importFormats();
  const FROM = choice('--from <format>', ['auto', ...formats]);
  program
    .command('import')
    .description('import a data.json, DCAT (JSON-LD or RDF/XML) or CKAN catalogue as records')
    .argument('<file>', 'source catalogue file')
    .addOption(FROM.option(`source format: auto | ${formats.join(' | ')} (auto: detected from the content)`, 'auto'))
    .requiredOption('-o, --output <file>', 'records to write (.jsonl)')
    .addOption(FORMAT.option('report output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog import data.json -o records.jsonl                 # kind detected from the content
  $ catalog import dataset.rdf --from dcat -o records.jsonl
  $ catalog import csw-response.xml --from iso19139 -o records.jsonl
Exit codes: 0 written, 2 usage error (unknown format, a --from the content does not match, missing or unparsable file).`)
    .action(async (file: string, flags: ImportFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as ImportFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      await FROM.parse(opts.from, lang);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(t('file-not-found', lang, { file }));
      const bytes = new Uint8Array(fs.readFileSync(file));
      let result, from;
      const progress = createProgress(t('progress.importing', lang), { mode: outputMode(opts) });
      try {
        from = await chooseImporter(bytes, file, opts.from, formats);
        result = await importCatalogue(bytes, from, { file });
      } catch (err) {
        const m = await importErrorRef(err);
        if (m) throw new CliError(tCode(m.msg, lang, m.params));
        throw err;
      }
      const issues = renderIssues(result.issues, lang);
      await writeJsonl(opts.output, withProgress((async function* () { yield* result.records; })(), progress));
      if (opts.format === 'json') print(JSON.stringify({ file, from, output: opts.output, records: result.records.length, fields: result.fields ?? {}, issues }, null, 2));
      else {
        for (const i of issues) if (i.severity !== 'info' || opts.verbose) printErr(`${i.severity} ${i.code}: ${i.message}`);
        if (opts.verbose && result.fields) {
          printErr(t('import.fields', lang));
          for (const [field, f] of Object.entries(result.fields)) printErr(t('import.field', lang, { field, count: f.count, to: f.to }));
        }
        if (!opts.quiet) print(t('import.done', lang, { file, records: result.records.length, format: from, output: opts.output }));
      }
      process.exitCode = EXIT.OK;
    });
}
