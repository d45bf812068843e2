import fs from 'node:fs';
import type { Command } from 'commander';
import type { CatalogRecord } from '../index.js';
import { isCatalogError } from '../index.js';
import { recordKey } from '../index.js';
import type { Lang } from '../index.js';
import { type PackOptions } from '../index.js';
import { packToFile, type PackFileOptions } from '../index.js';
import { renderIssue, verifyPackageFile } from '../index.js';
import { diffAgainst, recordIndexer, type CatalogDiff } from '../index.js';
import { validateRecords } from '../index.js';
import { UnknownProfileError } from '../index.js';
import { loadWorkspaceConfig } from '../index.js';
import { formatPretty } from '../index.js';
import { renderReport } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, langOf, paintFor, print, useColor, type GlobalOptions } from './context.js';
import { streamInputs } from './records-input.js';
import { createProgress, outputMode, type Progress } from './progress.js';
import { readKeyFile } from './key-file.js';
import { FORMAT } from './options.js';

interface PackFlags extends GlobalOptions {
  output: string;
  providerFromConfig?: boolean;
  since?: string;
  sign?: string;
  created?: string;
  profile: string;
  id?: string;
  validate: boolean;
  format: string;
}

async function validateInputs(files: string[], opts: PackFlags, lang: Lang, progress: Progress): Promise<void> {
  try {
    async function* inputs() {
      for await (const r of streamInputs(files, lang)) {
        progress.tick();
        yield { record: r, file: r.provenance?.file, line: r.provenance?.line };
      }
    }
    const report = await validateRecords(inputs(), { profile: opts.profile });
    if (!report.valid) {
      progress.done();
      print(opts.format === 'json' ? JSON.stringify(await renderReport(report, lang), null, 2) : formatPretty(report, { lang, color: await paintFor(useColor()) }));
      throw new CliError(t('pack.invalid', lang), EXIT.INVALID);
    }
  } catch (err) {
    if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
    throw err;
  }
}

/** --since: what changed against the previous package; the package carries the added and changed records. */
async function sinceDiff(since: string, files: string[], lang: Lang, progress: Progress) {
  if (!fs.existsSync(since)) throw new CliError(t('file-not-found', lang, { file: since }));
  progress.phase(t('pack.phase.since', lang));
  const before = new Map<string, { hash: string; title: string }>();
  const unkeyed: CatalogDiff['unkeyed'] = [];
  const indexRecord = await recordIndexer();
  const old = await verifyPackageFile(since, { revalidate: false, onRecord: (r, line) => indexRecord(before, unkeyed, r, 'old', line - 1) });
  if (!old.valid || !old.manifest) {
    const first = old.issues.find((i) => i.severity === 'error');
    throw new CliError(t('pack.since-invalid', lang, { file: since, detail: first ? renderIssue(first, lang).message : '' }), EXIT.INVALID);
  }
  const diff = await diffAgainst(before, unkeyed, streamInputs(files, lang));
  const keep = new Set([...diff.added, ...diff.changed].map((c) => c.key));
  const options: PackOptions = { previousPackageId: old.manifest.packageId, withdrawn: diff.withdrawn.map((w) => w.key), incremental: true };
  return { keep, options, oldProvider: old.manifest.provider, summary: { added: diff.added.length, changed: diff.changed.length, withdrawn: diff.withdrawn.length, previous: old.manifest.packageId } };
}

async function* filterKeys(records: AsyncIterable<CatalogRecord>, keep: Set<string>): AsyncGenerator<CatalogRecord> {
  for await (const r of records) {
    const k = await recordKey(r);
    if (k !== undefined && keep.has(k)) yield r;
  }
}

async function packOrExplain(records: AsyncIterable<CatalogRecord>, output: string, options: PackFileOptions, lang: Lang) {
  try {
    return await packToFile(records, output, options);
  } catch (err) {
    if (isCatalogError(err, 'PackError')) throw new CliError(t(`pack-${err.code}`, lang, err.params), err.code === 'created-invalid' ? EXIT.USAGE : EXIT.INVALID);
    if (err instanceof UnknownProfileError) throw new CliError(t('unknown-profile', lang, { profile: err.profile, available: err.available.join(', ') }));
    throw err;
  }
}

export function register(program: Command): void {
  program
    .command('pack')
    .description('build a registration package (注册包)')
    .argument('<records...>', 'records as .json or .jsonl')
    .requiredOption('-o, --output <file>', 'package file to write (e.g. dept.catpkg.zip)')
    .option('-p, --profile <id>', 'profile the records follow: guide2017 | gbt21063-3', 'guide2017')
    .option('--provider-from-config', 'take the package provider from catalog.config.json department')
    .option('--since <package>', 'incremental package against a previous package (added + changed records, withdrawn keys)')
    .option('--sign <keyfile>', 'sign manifest.json with this private key (catalog keygen)')
    .option('--created <iso>', 'creation time in the manifest (default SOURCE_DATE_EPOCH, else now)')
    .option('--id <packageId>', 'package id (default SHA-256 of records.jsonl)')
    .option('--no-validate', 'do not validate the records before packing')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog pack records.jsonl -o dept.catpkg.zip --created 2024-03-01T00:00:00Z
  $ catalog pack records.jsonl -o update.catpkg.zip --since dept.catpkg.zip --sign key.pem
Same records and options give a byte-identical zip (fixed --created or SOURCE_DATE_EPOCH; SM2 signatures are randomised).
Exit codes: 0 packed, 1 invalid records or --since package, 2 usage error.`)
    .action(async (files: string[], flags: PackFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as PackFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      const options: PackFileOptions = { profile: opts.profile, created: opts.created, packageId: opts.id };
      if (opts.providerFromConfig) {
        const { config, path } = loadWorkspaceConfig();
        if (!config.department?.name) throw new CliError(t('pack.no-department', lang, { config: path ?? 'catalog.config.json (not found)' }));
        options.provider = config.department.code ? { name: config.department.name, code: config.department.code } : { name: config.department.name };
      }
      if (opts.sign) options.signWith = await readKeyFile(opts.sign, lang);
      if (options.signWith && !options.signWith.privateKey) throw new CliError(t('key.unreadable', lang, { file: opts.sign, detail: 'no private key in it' }));
      const progress = createProgress(t('pack.phase.validate', lang), { mode: outputMode(opts) });
      try {
        // Inputs are streamed (twice when validating): a catalogue of any size packs in bounded memory.
        if (opts.validate) await validateInputs(files, opts, lang, progress);
        const since = opts.since ? await sinceDiff(opts.since, files, lang, progress) : undefined;
        if (since) Object.assign(options, since.options, !options.provider && !since.keep.size ? { provider: since.oldProvider } : {});
        progress.phase(t('pack.phase.read', lang));
        options.onProgress = (phase, done, total) => {
          if (phase === 'write' && done === 1) progress.phase(t('pack.phase.write', lang), total);
          progress.update(done, total);
        };
        const records = since ? filterKeys(streamInputs(files, lang), since.keep) : streamInputs(files, lang);
        const { manifest, bytes } = await packOrExplain(records, opts.output, options, lang);
        progress.done();
        const incremental = since?.summary;
        if (opts.format === 'json') print(JSON.stringify({ file: opts.output, bytes, manifest, incremental: incremental ?? null }, null, 2));
        else if (!opts.quiet) print(t('pack.done', lang, { records: manifest.recordCount, file: opts.output, id: manifest.packageId, incremental: incremental ? t('pack.incremental', lang, incremental) : '' }));
      } finally {
        progress.done();
      }
      process.exitCode = EXIT.OK;
    });
}
