import type { Command } from 'commander';
import { compareIndexes, recordIndexer, type CatalogDiff } from '../index.js';
import { isZipFile } from '../index.js';
import { verifyPackageFile } from '../index.js';
import type { Lang } from '../index.js';
import type { Progress } from './progress.js';
import { t } from './text.js';
import { EXIT, langOf, print, type GlobalOptions } from './context.js';
import { invalidPackage, streamInputs } from './records-input.js';
import { createProgress, outputMode } from './progress.js';
import { FORMAT } from './options.js';

interface DiffFlags extends GlobalOptions {
  format: string;
}

function pretty(d: CatalogDiff, lang: 'zh' | 'en', files: [string, string]): string {
  const lines = [
    ...d.added.map((c) => `+ ${c.key}  ${c.title}`),
    ...d.changed.map((c) => `~ ${c.key}  ${c.title}`),
    ...d.withdrawn.map((c) => `- ${c.key}  ${c.title}`),
    ...d.unkeyed.map((u) => `! ${t('diff.unkeyed', lang, { ...u, side: u.side === 'old' ? files[0] : files[1] })}`),
  ];
  lines.push(t('diff.summary', lang, { added: d.added.length, changed: d.changed.length, withdrawn: d.withdrawn.length, unchanged: d.unchanged }));
  return lines.join('\n');
}

type Index = Map<string, { hash: string; title: string }>;

/** One side of the diff as key → content hash: a package is verified as a stream, records are read line by line. */
async function indexInput(file: string, side: 'old' | 'new', unkeyed: CatalogDiff['unkeyed'], lang: Lang, progress: Progress): Promise<Index> {
  const m: Index = new Map();
  const indexRecord = await recordIndexer();
  if (await isZipFile(file)) {
    const v = await verifyPackageFile(file, { revalidate: false, onRecord: (r, line) => { indexRecord(m, unkeyed, r, side, line - 1); progress.tick(); } });
    if (!v.valid) {
      throw invalidPackage(file, v.issues, lang);
    }
    return m;
  }
  let i = 0;
  for await (const r of streamInputs([file], lang)) {
    indexRecord(m, unkeyed, r, side, i++);
    progress.tick();
  }
  return m;
}

export function register(program: Command): void {
  program
    .command('diff')
    .description('added / changed / withdrawn records between two catalogues or packages')
    .argument('<old>', 'old catalogue: .json, .jsonl or package')
    .argument('<new>', 'new catalogue: .json, .jsonl or package')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog diff dept-2023.catpkg.zip records.jsonl
  $ catalog diff old.jsonl new.jsonl --format json
Records are matched by key (resource code, else metadata identifier, else resource identifier) and compared by content hash.
Exit codes: 0 compared (whether or not there are differences), 1 invalid package, 2 usage error.`)
    .action(async (oldFile: string, newFile: string, flags: DiffFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DiffFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      // Both sides are streamed into key → hash indexes: memory holds keys and hashes, not records.
      const progress = createProgress(t('progress.comparing', lang), { mode: outputMode(opts) });
      let d: CatalogDiff;
      try {
        const unkeyed: CatalogDiff['unkeyed'] = [];
        const before = await indexInput(oldFile, 'old', unkeyed, lang, progress);
        d = await compareIndexes(before, await indexInput(newFile, 'new', unkeyed, lang, progress), unkeyed);
      } finally {
        progress.done();
      }
      print(opts.format === 'json' ? JSON.stringify({ old: oldFile, new: newFile, ...d }, null, 2) : pretty(d, lang, [oldFile, newFile]));
      process.exitCode = EXIT.OK;
    });
}
