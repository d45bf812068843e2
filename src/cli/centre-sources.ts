import type { Command } from 'commander';
import fs from 'node:fs';
import { CENTRE_DB_ENV, isPostgresUrl, loadElements, openCentreStore, redactPgUrl, renderSourcesPage, sourcesReport, writeFileAtomic, type CentreStore, type Lang } from '../index.js';
import { t } from './text.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { choice, usageError } from './options.js';

const FORMAT = choice('-f, --format <format>', ['json', 'html'] as const);

interface SourcesFlags extends GlobalOptions {
  db?: string;
  format: string;
  output?: string;
}

interface AuthorityFlags extends GlobalOptions {
  db?: string;
  provider?: string;
  resource?: string;
}

/** An existing centre database (these commands never create one); PostgreSQL unreachable is exit 3. */
async function openDb(o: { db?: string }, lang: Lang): Promise<{ store: CentreStore }> {
  const db = o.db ?? process.env[CENTRE_DB_ENV];
  if (!db) throw usageError('centre.db-required', lang, { env: CENTRE_DB_ENV });
  if (!isPostgresUrl(db) && !fs.existsSync(db)) throw new CliError(t('centre.db-missing', lang, { db }));
  try {
    return { store: await openCentreStore(db) };
  } catch (err) {
    const pg = isPostgresUrl(db);
    throw new CliError(t(pg ? 'centre.pg-failed' : 'centre.db-unusable', lang, { db: redactPgUrl(db), detail: (err as Error).message }), pg ? EXIT.REMOTE : EXIT.USAGE);
  }
}

const DB_HELP = 'the centre database: SQLite file or postgres:// URL (default: $CATALOG_DB)';

/** `catalog centre sources` and `catalog centre authority set|remove`: registered on `centre` by src/cli/centre.ts. */
export function register(centre: Command): void {
  centre
    .command('sources')
    .description('一数一源 report: which providers register each data element, its authority, conflicts')
    .option('--db <file|url>', DB_HELP)
    .addOption(FORMAT.option('output format: json | html', 'json'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  $ catalog centre sources --db centre.sqlite
  $ catalog centre sources --db centre.sqlite --format html -o sources.html --lang zh
The centre serves the same report at GET /api/v1/reports/sources and the page at /reports/sources.
Exit codes: 0 written, 2 usage error, 3 PostgreSQL unreachable.`)
    .action(async (flags: SourcesFlags, cmd: Command) => {
      const o = { ...cmd.optsWithGlobals(), ...flags } as SourcesFlags;
      const lang = langOf(o);
      await FORMAT.parse(o.format, lang);
      const { store } = await openDb(o, lang);
      try {
        const report = await sourcesReport(store);
        const text = o.format === 'html' ? await renderSourcesPage(report, lang) : JSON.stringify(report, null, 2) + '\n';
        if (o.output) writeFileAtomic(o.output, text);
        else print(text.trimEnd());
      } finally {
        await store.close();
      }
    });

  const authority = centre.command('authority').description('designate the authoritative provider (权威来源) of a data element')
    .addHelpText('after', `
Examples:
  $ catalog centre authority set 统一社会信用代码 --provider 11330100002482170H --db centre.sqlite
  $ catalog centre authority remove uscc --db centre.sqlite`);
  authority
    .command('set')
    .description('designate the authoritative provider of a data element')
    .argument('<element>', 'data element: id or name (standards/common/data-elements.json), e.g. uscc or 统一社会信用代码')
    .requiredOption('--provider <code>', '信息资源提供方代码 of the authoritative provider')
    .option('--resource <key>', 'its resource holding the element (default: the first of its records that holds it)')
    .option('--db <file|url>', DB_HELP)
    .addHelpText('after', `
Example:
  $ catalog centre authority set 统一社会信用代码 --provider 11330100002482170H --db centre.sqlite
Exit codes: 0 set, 2 usage error (unknown element), 3 PostgreSQL unreachable.`)
    .action(onAuthority(async ({ store, el, o, lang }) => {
      await store.setAuthority({ element: el.id, provider: o.provider!, ...(o.resource ? { resourceKey: o.resource } : {}), setBy: 'cli', setAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
      if (!o.quiet) print(t('authority-set', lang, { element: el.id, name: el.name, provider: o.provider, resource: o.resource ? ` (${o.resource})` : '' }));
    }));
  authority
    .command('remove')
    .description('remove the authoritative provider of a data element')
    .argument('<element>', 'data element: id or name')
    .option('--db <file|url>', DB_HELP)
    .addHelpText('after', `
Example:
  $ catalog centre authority remove uscc --db centre.sqlite
Exit codes: 0 removed (or there was none), 2 usage error (unknown element), 3 PostgreSQL unreachable.`)
    .action(onAuthority(async ({ store, el, lang }) => {
      const removed = await store.removeAuthority(el.id);
      print(t(removed ? 'authority-removed' : 'authority-none', lang, { element: el.id }));
    }));
}

/** An authority subcommand's action: its element looked up and the centre's store open around `fn`. */
function onAuthority(fn: (a: { store: CentreStore; el: ReturnType<typeof elementNamed>; o: AuthorityFlags; lang: Lang }) => Promise<void>) {
  return async (element: string, flags: AuthorityFlags, cmd: Command): Promise<void> => {
    const o = { ...cmd.optsWithGlobals(), ...flags } as AuthorityFlags;
    const lang = langOf(o);
    const el = elementNamed(element, lang);
    const { store } = await openDb(o, lang);
    try {
      await fn({ store, el, o, lang });
    } finally {
      await store.close();
    }
  };
}

/** The data element an authority command names (id or name); an unknown one is a usage error. */
function elementNamed(element: string, lang: Lang) {
  const el = loadElements().elements.find((e) => e.id === element || e.name === element);
  if (!el) throw new CliError(t('centre-api.unknown-element', lang, { element }));
  return el;
}
