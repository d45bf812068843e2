import type { Command } from 'commander';
import { t } from './text.js';
import { CENTRE_DB_ENV, createToken, isExpired, serializeKey, treeStoreOf, type TokenInfo } from '../index.js';
import { readKeyFile } from './key-file.js';
import { CliError, EXIT, langOf, print } from './context.js';
import { withDb, type DbFlags } from './centre-db.js';
import { FORMAT, expiry, usageError } from './options.js';

const EXPIRES = expiry('--expires <when>');

/** One token of `token list`: id, provider, role, created, expiry, last use, revocation, label. */
function tokenLine(x: TokenInfo, expired: boolean, lang: 'zh' | 'en'): string {
  const expiryText = x.expires ? t(expired ? 'centre.token-line-expired' : 'centre.token-line-expires', lang, { at: x.expires }) : '';
  const used = x.lastUsed ? t('centre.token-line-used', lang, { at: x.lastUsed }) : t('centre.token-line-unused', lang);
  return [x.id, x.provider, x.admin ? 'admin' : '', x.publicKey ? 'signed-packages-only' : '', x.created, expiryText, used,
    x.revoked ? t('centre.token-line-revoked', lang, { at: x.revoked }) : '', x.label ?? ''].filter(Boolean).join('  ');
}

/** `centre token create`: a token printed once, stored as a hash. */
function registerCreate(token: Command): void {
  token
    .command('create')
    .description('create a token for a provider code (printed once, stored as a SHA-256 hash)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('--provider <code>', 'provider code (信息资源提供方代码) the token acts for (required unless --centre)')
    .option('--centre', 'a centre token: a child centre joins this one with it (catalog centre join); it acts for no provider')
    .option('--admin', 'admin token: may review (审核) and act for any provider')
    .option('--label <text>', 'free text to recognise the token by')
    .option('--public-key <file>', 'the token changes records only through packages signed with this key (catalog keygen); its record batches and single withdrawals are refused')
    .addOption(EXPIRES.option('refuse the token (401 token-expired) after: a duration (90d, 12h, 2w), a date (2027-03-01, from 00:00 UTC) or a UTC time (2027-03-01T08:00:00Z)'))
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H --expires 90d
  $ catalog centre token create --db centre.sqlite --provider admin --admin --format json`)
    .action(async (flags: DbFlags & { provider?: string; centre?: boolean; admin?: boolean; label?: string; publicKey?: string; expires?: string }, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as typeof flags;
      const lang = langOf(opts);
      await FORMAT.parseOptional(opts.format, lang);
      const expires = await EXPIRES.parseOptional(opts.expires, lang);
      if (opts.centre ? opts.provider !== undefined || opts.admin : !opts.provider?.trim()) throw usageError(opts.centre ? 'usage.centre-token-roles' : 'usage.provider-empty', lang);
      const publicKey = opts.publicKey ? await serializeKey(await readKeyFile(opts.publicKey, lang), 'public') : undefined;
      await withDb(opts, lang, async (store) => {
        const { token: secret, info } = await createToken(store, { provider: opts.provider?.trim() ?? '', admin: !!opts.admin, label: opts.label ?? (opts.centre ? 'centre' : undefined), publicKey, expires });
        if (opts.centre) await (await treeStoreOf(store)).markCentreToken(info.id);
        if (opts.format === 'json') print(JSON.stringify({ ...info, token: secret }, null, 2));
        else {
          const expires = info.expires ? t('centre.token-expires', lang, { expires: info.expires }) : '';
          print(t(opts.centre ? 'centre.token-created-centre' : 'centre.token-created', lang, { id: info.id, provider: info.provider, admin: info.admin ? t('centre.admin', lang) : '', expires }));
          print(secret);
        }
      });
    });
}

/** `centre token revoke <id>`. */
function registerRevoke(token: Command): void {
  token
    .command('revoke')
    .description('revoke a token by its id')
    .argument('<id>', 'token id (from token list)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .addOption(FORMAT.option('output: pretty | json (the revoked token\'s id, provider, role, times; never the token)', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite --format json
Exit codes: 0 revoked, 1 no live token with that id, 2 usage error, 3 PostgreSQL unreachable.`)
    .action(async (id: string, flags: DbFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DbFlags;
      const lang = langOf(opts);
      await FORMAT.parseOptional(opts.format, lang);
      await withDb(opts, lang, async (store) => {
        if (!(await store.revokeToken(id))) throw new CliError(t('centre.token-not-found', lang, { id }), EXIT.INVALID);
        if (opts.format === 'json') print(JSON.stringify((await store.listTokens()).find((x) => x.id === id), null, 2));
        else print(t('centre.token-revoked', lang, { id }));
      }, true);
    });
}

/** `centre token list`: never the tokens themselves. */
function registerList(token: Command): void {
  token
    .command('list')
    .description('list tokens (ids, providers, roles, expiry, last use; never the tokens themselves)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Example:
  $ catalog centre token list --db centre.sqlite`)
    .action(async (flags: DbFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DbFlags;
      const lang = langOf(opts);
      await FORMAT.parseOptional(opts.format, lang);
      await withDb(opts, lang, async (store) => {
        const list = await store.listTokens();
        if (opts.format === 'json') print(JSON.stringify(list, null, 2));
        else if (!list.length) print(t('centre.no-tokens', lang));
        else print((await Promise.all(list.map(async (x) => tokenLine(x, await isExpired(x), lang)))).join('\n'));
      }, true);
    });
}

/** `catalog centre token create|revoke|list`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command): void {
  const token = centre.command('token').description('manage per-department API tokens')
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token list --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite`);
  registerCreate(token);
  registerRevoke(token);
  registerList(token);
}
