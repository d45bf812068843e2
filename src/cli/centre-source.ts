import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { fetchPeer, formatInterval, renderStoredError, loopProblem, normalUrl, oaiSource, treeStoreOf, type HarvestSource } from '../index.js';
import { isCatalogError } from '../index.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import type { CentreStore } from '../index.js';
import type { OpenDb } from './centre-join.js';
import { FORMAT, interval } from './options.js';

const EVERY = interval('--every <interval>');

interface SourceFlags extends GlobalOptions { db?: string; every?: string; format?: string }

const DB_HELP = 'this centre\'s database: SQLite file or postgres:// URL (default: $CATALOG_DB)';

async function sourceLine(s: HarvestSource, lang: 'zh' | 'en'): Promise<string> {
  const every = s.everyMs ? await formatInterval(s.everyMs) : t('centre.source-default-every', lang);
  const status = s.failures > 0 ? `${t('tree.health-unhealthy', lang)}: ${await renderStoredError(s.lastError ?? '', lang)}` : s.lastSuccess ? `${t('tree.health-ok', lang)} ${s.lastSuccess}` : t('tree.health-pending', lang);
  return [s.url, s.kind, s.name ?? '', every, status].filter(Boolean).join('  ');
}

/**
 * A source must not be this centre or one of its ancestors: when it is a centre of this project (it answers
 * GET /api/v1/centre) its id is compared too; another vendor's OAI-PMH provider is compared by URL only.
 */
async function checkNotLoop(db: CentreStore, url: string): Promise<void> {
  const tree = await treeStoreOf(db);
  const me = await tree.identity();
  const self = me.url ? [me.url] : [];
  const byUrl = await loopProblem(me, self, { url });
  if (byUrl) throw byUrl;
  const peer = await fetchPeer(url).catch(() => undefined);
  const byId = peer && await loopProblem(me, self, { id: peer.id, url });
  if (byId) throw byId;
}

/** `catalog centre source add|list|remove`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command, openDb: OpenDb): void {
  const source = centre.command('source').description('harvest sources besides member centres')
    .addHelpText('after', `
Examples:
  $ catalog centre source add http://vendor.example/oai --every 1h --db city.sqlite
  $ catalog centre source list --db city.sqlite
  $ catalog centre source remove http://vendor.example --db city.sqlite`);
  source.command('add')
    .description('harvest this OAI-PMH source on a schedule (also: change a member centre\'s interval)')
    .argument('<url>', 'base URL of the source (or its /oai endpoint)')
    .option('--db <file|url>', DB_HELP)
    .addOption(EVERY.option('its own harvest interval (15m, 1h; at least 1s); default: centre serve --harvest-every'))
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .action(async (url: string, flags: SourceFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as SourceFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format ?? 'pretty', lang);
      const everyMs = await EVERY.parseOptional(opts.every, lang);
      const norm = await normalUrl(url);
      if (!norm) throw new CliError(t('tree.join-bad-url', lang, { url }));
      // the scheduled harvest would refuse it on every run (an OAI-PMH argument only the harvest sets)
      try {
        await oaiSource(norm);
      } catch (err) {
        if (isCatalogError(err, 'HarvestError')) throw new CliError(tCode(err.code, lang, err.params));
        throw err;
      }
      const { store } = await openDb(opts, lang);
      try {
        const tree = await treeStoreOf(store);
        const old = await tree.getSource(norm);
        if (!old) await checkNotLoop(store, norm);
        // a member keeps its kind and description; only its interval changes
        const s = await tree.putSource(old ? { ...old, everyMs: everyMs ?? old.everyMs } : { url: norm, kind: 'source', everyMs });
        if (opts.format === 'json') print(JSON.stringify(s, null, 2));
        else print(t('centre.source-added', lang, { url: s.url, every: s.everyMs ? await formatInterval(s.everyMs) : t('centre.source-default-every', lang) }));
      } catch (err) {
        if (isCatalogError(err, 'TreeError')) throw new CliError(tCode(err.code, lang, err.params), EXIT.INVALID);
        throw err;
      } finally {
        await store.close();
      }
    });
  source.command('list')
    .description('member centres and sources, with their health')
    .option('--db <file|url>', DB_HELP)
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .action(async (flags: SourceFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as SourceFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format ?? 'pretty', lang);
      const { store } = await openDb(opts, lang, true);
      try {
        const list = await (await treeStoreOf(store)).listSources();
        if (opts.format === 'json') print(JSON.stringify(list, null, 2));
        else print(list.length ? (await Promise.all(list.map((s) => sourceLine(s, lang)))).join('\n') : t('centre.no-sources', lang));
      } finally {
        await store.close();
      }
    });
  source.command('remove')
    .description('stop harvesting a source or member centre (its records stay)')
    .argument('<url>', 'base URL of the source')
    .option('--db <file|url>', DB_HELP)
    .addHelpText('after', '\nExit codes: 0 removed, 1 no such source, 2 usage error, 3 PostgreSQL unreachable.')
    .action(async (url: string, flags: SourceFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as SourceFlags;
      const lang = langOf(opts);
      const norm = (await normalUrl(url)) ?? url;
      const { store } = await openDb(opts, lang, true);
      try {
        if (!(await (await treeStoreOf(store)).removeSource(norm))) throw new CliError(t('centre.source-not-found', lang, { url: norm }), EXIT.INVALID);
        print(t('centre.source-removed', lang, { url: norm }));
      } finally {
        await store.close();
      }
    });
}
