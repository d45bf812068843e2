import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { joinParent, normalUrl, treeStoreOf } from '../index.js';
import { isCatalogError } from '../index.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import type { CentreStore } from '../index.js';
import { FORMAT } from './options.js';

/** How the `centre` command opens --db (src/cli/centre.ts openDb), passed in so this file does not import it back. */
export type OpenDb = (opts: GlobalOptions & { db?: string }, lang: 'zh' | 'en', mustExist?: boolean) => Promise<{ store: CentreStore; label: string }>;

interface JoinFlags extends GlobalOptions { db?: string; token: string; url?: string; format?: string }

/** `catalog centre join <parent-url>`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command, openDb: OpenDb): void {
  centre
    .command('join')
    .description('join a parent centre as a member it harvests (district → city → province)')
    .argument('<parent-url>', 'base URL of the parent centre')
    .requiredOption('--token <token>', 'a centre token the parent\'s admin created (catalog centre token create --centre)')
    .option('--db <file|url>', 'this centre\'s database: SQLite file or postgres:// URL (default: $CATALOG_DB)')
    .option('--url <url>', 'this centre\'s public base URL, as the parent reaches it (default: the URL centre serve last listened on)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Run it while this centre is serving: the parent reads this centre's self-description (GET /api/v1/centre)
from its URL before it takes it as a member.
Examples:
  $ catalog centre join http://city.example:8080 --db district.sqlite --token cat_…
  $ catalog centre join http://city.example:8080 --db district.sqlite --token cat_… --url http://district.example:8080
Exit codes: 0 joined, 1 the parent refused (a loop, a level or division that does not fit, a department token),
2 usage error, 3 the parent (or this centre, as seen from the parent) could not be reached.`)
    .action(async (parentUrl: string, flags: JoinFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as JoinFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format ?? 'pretty', lang);
      const parent = await normalUrl(parentUrl);
      if (!parent) throw new CliError(t('tree.join-bad-url', lang, { url: parentUrl }));
      if (opts.url !== undefined && !(await normalUrl(opts.url))) throw new CliError(t('tree.join-bad-url', lang, { url: opts.url }));
      const { store } = await openDb(opts, lang);
      try {
        const own = opts.url ?? (await (await treeStoreOf(store)).identity()).url;
        if (!own) throw new CliError(t('centre.join-no-url', lang));
        const answer = await joinParent(store, parentUrl, opts.token, own);
        if (opts.format === 'json') print(JSON.stringify(answer, null, 2));
        else print(t('centre.join-ok', lang, { parent, name: answer.parent?.name ?? '', url: answer.member?.url ?? own }));
      } catch (err) {
        if (!(isCatalogError(err, 'TreeError'))) throw err;
        // the parent answered and refused (4xx): invalid input; it could not be reached or failed: remote failure
        const refused = err.code === 'tree.join-refused' && err.status >= 400 && err.status < 500;
        throw new CliError(t('centre.join-failed', lang, { detail: tCode(err.code, lang, err.params) }), refused ? EXIT.INVALID : err.code === 'tree.join-bad-url' ? EXIT.USAGE : EXIT.REMOTE);
      } finally {
        await store.close();
      }
    });
}
