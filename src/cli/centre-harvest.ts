import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { CENTRE_DB_ENV, harvest, isCatalogError, oneLine, type HarvestPrefix } from '../index.js';
import { CliError, EXIT, langOf, print } from './context.js';
import { createProgress, outputMode } from './progress.js';
import { openDb, type DbFlags } from './centre-db.js';
import { FORMAT, choice, date, integer, seconds } from './options.js';

const FROM = date('--from <date>');
const MAX_RESPONSE = integer('--max-response <bytes>');
const CONNECT_TIMEOUT = seconds('--connect-timeout <seconds>');
const READ_TIMEOUT = seconds('--read-timeout <seconds>');
const MAX_RECORDS = integer('--max-records <n>');

type HarvestFlags = DbFlags & { set?: string; from?: string; metadataPrefix?: string; maxResponse: string; connectTimeout: string; readTimeout: string; maxRecords: string };

/** `catalog centre harvest <url>`: the flags checked, then one incremental OAI-PMH harvest into this centre. */
async function runHarvest(url: string, opts: HarvestFlags, prefix: ReturnType<typeof choice<HarvestPrefix>>): Promise<void> {
  const lang = langOf(opts);
  await FORMAT.parseOptional(opts.format, lang);
  await FROM.parseOptional(opts.from, lang);
  const metadataPrefix = await prefix.parseOptional(opts.metadataPrefix, lang);
  const limits = {
    maxBytes: await MAX_RESPONSE.parse(opts.maxResponse, lang),
    connectTimeoutMs: await CONNECT_TIMEOUT.parse(opts.connectTimeout, lang),
    readTimeoutMs: await READ_TIMEOUT.parse(opts.readTimeout, lang),
  };
  const maxRecords = await MAX_RECORDS.parse(opts.maxRecords, lang);
  const { store } = await openDb(opts, lang);
  try {
    // a running count (OAI-PMH lists need not say how long they are): the shared progress display, on stderr
    const progress = createProgress(t('centre.harvest-progress', lang, { source: url }), { mode: outputMode(opts) });
    const r = await harvest(store, url, { set: opts.set, from: opts.from, metadataPrefix, limits, maxRecords, onPage: (received) => progress.update(received) })
      .finally(() => progress.done());
    // each skipped record's reason worded here, in the user's language (the library gives code + params)
    if (opts.format === 'json') print(JSON.stringify({ ...r, skipped: r.skipped.map(({ params, ...s }) => ({ ...s, message: tCode(s.code, lang, params) })) }, null, 2));
    else {
      print(t('centre.harvest-summary', lang, { source: r.source, received: r.received, created: r.created.length, updated: r.updated.length, unchanged: r.unchanged, withdrawn: r.withdrawn.length, skipped: r.skipped.length }));
      for (const s of r.skipped) {
        const key = await oneLine(s.key, 120);
        print(`  ${key}: ${s.code}: ${tCode(s.code, lang, { key })}`);
      }
    }
  } catch (err) {
    if (isCatalogError(err, 'HarvestError')) throw new CliError(t('centre.harvest-failed', lang, { detail: tCode(err.code, lang, err.params) }), err.code === 'harvest-bad-url' || err.code === 'harvest-url-argument' ? EXIT.USAGE : EXIT.REMOTE);
    throw err;
  } finally {
    await store.close();
  }
}

/** `catalog centre harvest`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command, defaults: { fetch: { maxBytes: number; connectTimeoutMs: number; readTimeoutMs: number }; maxRecords: number; harvestPrefixes: readonly HarvestPrefix[] }): void {
  const PREFIX = choice('--metadata-prefix <prefix>', defaults.harvestPrefixes);
  centre
    .command('harvest')
    .description('harvest another centre over OAI-PMH, incrementally (e.g. district → city)')
    .argument('<url>', 'base URL of the source centre (or its /oai endpoint)')
    .option('--db <file|url>', `this centre's database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('--set <spec>', 'only one OAI set: provider:<code> or class:<code>')
    .addOption(FROM.option('harvest from this datestamp instead of the remembered one'))
    .addOption(PREFIX.option('catalog (lossless, this project\'s centres) | gbt21063 (GB/T XML) | iso19139 | oai_dc (another vendor\'s; docs/centre.md); default: the best offered'))
    .addOption(MAX_RESPONSE.option('largest answer the source may send, per request', String(defaults.fetch.maxBytes)))
    .addOption(CONNECT_TIMEOUT.option('time to connect to the source', String(defaults.fetch.connectTimeoutMs / 1000)))
    .addOption(READ_TIMEOUT.option('time for each whole answer once connected (ends a silent or trickling source)', String(defaults.fetch.readTimeoutMs / 1000)))
    .addOption(MAX_RECORDS.option('most records one run takes; a source that sends more is refused', String(defaults.maxRecords)))
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog centre harvest http://127.0.0.1:8080 --db city.sqlite
  $ catalog centre harvest http://district.example/oai --db city.sqlite --set provider:11330100002482170H --format json
  $ catalog centre harvest http://district.example --db city.sqlite --max-response 16777216 --read-timeout 30
Each page is stored in one transaction once all of it is checked; the remembered datestamp moves only when
the whole list is stored, so a run that failed is simply run again (stored pages come back unchanged).
Exit codes: 0 done, 2 usage error, 3 the source centre failed, misbehaved or was unreachable.`)
    .action(async (url: string, flags: HarvestFlags, cmd: Command) => runHarvest(url, { ...cmd.optsWithGlobals(), ...flags } as HarvestFlags, PREFIX));
}
