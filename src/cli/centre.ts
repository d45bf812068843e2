import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { t, tCode } from './text.js';
import { openSqliteStore } from '../index.js';
import { openCentreStore, CENTRE_DB_ENV } from '../index.js';
import { isPostgresUrl, redactPgUrl } from '../index.js';
import type { CentreStore, TokenInfo } from '../index.js';
import { register as registerMigrate } from './centre-migrate.js';
import { register as registerJoin } from './centre-join.js';
import { register as registerSource } from './centre-source.js';
import { addTreeServeOptions, treeServeOptions, type TreeServeFlags } from './centre-tree-options.js';
import { treeStoreOf } from '../index.js';
import { register as registerSources } from './centre-sources.js';
import { startCentre } from '../index.js';
import { listenFailure } from '../index.js';
import { centreDefaults, isCatalogError, type CentreLimits } from '../index.js';
import { openAccessLog, type AccessLog } from '../index.js';
import { createToken, isExpired, parseExpiry } from '../index.js';
import { harvest } from '../index.js';
import { oneLine } from '../index.js';
import type { HarvestPrefix } from '../index.js';
import { serializeKey } from '../index.js';
import { readKeyFile } from './key-file.js';
import { CliError, EXIT, langOf, print, printErr, type GlobalOptions } from './context.js';
import { createProgress, outputMode } from './progress.js';

interface DbFlags extends GlobalOptions { db?: string; format?: string }

interface LimitFlags { maxBody: string; maxField: string; maxRecord: string; maxBatch: string; maxPackage: string; maxListText: string; maxOaiPage: string }

/** The limits of `centre serve` from its flags (each a positive integer). */
function limitOptions(o: LimitFlags, lang: 'zh' | 'en'): CentreLimits {
  return {
    maxBodyBytes: positive(o.maxBody, '--max-body', lang)!,
    maxFieldChars: positive(o.maxField, '--max-field', lang)!,
    maxRecordBytes: positive(o.maxRecord, '--max-record', lang)!,
    maxBatchRecords: positive(o.maxBatch, '--max-batch', lang)!,
    maxPackageBytes: positive(o.maxPackage, '--max-package', lang)!,
    maxListTextChars: positive(o.maxListText, '--max-list-text', lang)!,
    maxOaiPageBytes: positive(o.maxOaiPage, '--max-oai-page', lang)!,
  };
}

/** The access log --access-log names (default standard error), none with --no-access-log. */
async function openLog(target: string | false, lang: 'zh' | 'en'): Promise<AccessLog | undefined> {
  if (target === false) return undefined;
  try {
    return await openAccessLog(target);
  } catch (err) {
    throw new CliError(t('usage-error', lang, { detail: `--access-log ${target}: ${(err as Error).message}` }));
  }
}

/** One token of `token list`: id, provider, role, created, expiry, last use, revocation, label. */
function tokenLine(x: TokenInfo, expired: boolean, lang: 'zh' | 'en'): string {
  const expiry = x.expires ? t(expired ? 'centre.token-line-expired' : 'centre.token-line-expires', lang, { at: x.expires }) : '';
  const used = x.lastUsed ? t('centre.token-line-used', lang, { at: x.lastUsed }) : t('centre.token-line-unused', lang);
  return [x.id, x.provider, x.admin ? 'admin' : '', x.publicKey ? 'signed-packages-only' : '', x.created, expiry, used,
    x.revoked ? t('centre.token-line-revoked', lang, { at: x.revoked }) : '', x.label ?? ''].filter(Boolean).join('  ');
}

function positive(v: string | undefined, name: string, lang: 'zh' | 'en', allowZero = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new CliError(t('usage-error', lang, { detail: `${name} ${v}` }));
  return n;
}

/** A positive number of seconds (fractions allowed), as milliseconds. */
function seconds(v: string, name: string, lang: 'zh' | 'en'): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new CliError(t('usage-error', lang, { detail: `${name} ${v} (seconds, more than 0)` }));
  return Math.round(n * 1000);
}

function checkFormat(format: string | undefined, lang: 'zh' | 'en'): void {
  if (format && !['pretty', 'json'].includes(format)) throw new CliError(t('usage-error', lang, { detail: `--format ${format} (use pretty or json)` }));
}

function ensureDbDir(db: string, lang: 'zh' | 'en'): void {
  const dir = path.dirname(path.resolve(db));
  if (!fs.existsSync(dir)) throw new CliError(t('usage-error', lang, { detail: `--db ${db}: directory ${dir} does not exist` }));
}

/**
 * The store --db (else $CATALOG_DB) names: a postgres:// URL → PostgreSQL (issue 10), else a SQLite file.
 * `mustExist`: a SQLite file must already be there (token revoke/list).
 */
async function openDb(opts: DbFlags, lang: 'zh' | 'en', mustExist = false): Promise<{ store: CentreStore; label: string }> {
  const db = opts.db ?? process.env[CENTRE_DB_ENV];
  if (!db) throw new CliError(t('usage-error', lang, { detail: t('centre.db-required', lang, { env: CENTRE_DB_ENV }) }));
  if (!isPostgresUrl(db)) {
    if (mustExist && !fs.existsSync(db)) throw new CliError(t('centre.db-missing', lang, { db }));
    ensureDbDir(db, lang);
    try {
      return { store: await openSqliteStore(db), label: db };
    } catch (err) {
      // a file that is not a centre database (or not writable) is a usage error, not a crash
      throw new CliError(t('centre.db-unusable', lang, { db, detail: (err as Error).message }));
    }
  }
  try {
    return { store: await openCentreStore(db), label: redactPgUrl(db) };
  } catch (err) {
    throw new CliError(t('centre.pg-failed', lang, { db: redactPgUrl(db), detail: (err as Error).message }), EXIT.REMOTE);
  }
}

export async function register(program: Command): Promise<void> {
  const { limits: DEFAULT_LIMITS, fetch: DEFAULT_FETCH_LIMITS, maxRecords: DEFAULT_MAX_RECORDS, harvestEvery, harvestPrefixes: HARVEST_PREFIXES } = await centreDefaults();
  const centre = program
    .command('centre')
    .description('run a directory centre (目录中心): serve, tokens, harvest')
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre harvest http://district.example:8080 --db city.sqlite`);

  addTreeServeOptions(centre
    .command('serve'), harvestEvery)
    .description('serve the registration API, search, browse page and OAI-PMH / 启动目录中心')
    .option('--db <file|url>', `SQLite database file (created if missing) or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--review', 'department registrations wait for admin review (审核)')
    .option('--max-body <bytes>', 'largest request body in bytes', String(DEFAULT_LIMITS.maxBodyBytes))
    .option('--max-field <chars>', 'longest text of one record field where the profile gives no maxLength', String(DEFAULT_LIMITS.maxFieldChars))
    .option('--max-record <bytes>', 'largest record (bytes of its JSON)', String(DEFAULT_LIMITS.maxRecordBytes))
    .option('--max-batch <n>', 'most records in one POST /api/v1/records', String(DEFAULT_LIMITS.maxBatchRecords))
    .option('--max-package <bytes>', 'largest package, total uncompressed size of its entries', String(DEFAULT_LIMITS.maxPackageBytes))
    .option('--max-list-text <chars>', 'longest text of one field in search results and the browse page (clipped with …)', String(DEFAULT_LIMITS.maxListTextChars))
    .option('--max-oai-page <bytes>', 'largest OAI-PMH list page (ends early with a resumptionToken)', String(DEFAULT_LIMITS.maxOaiPageBytes))
    .option('--base-url <url>', 'public base URL (default: from the Host header)')
    .option('--name <name>', 'repository name shown in OAI-PMH Identify and the browse page')
    .option('--oai-page-size <n>', 'records per OAI-PMH page', '100')
    .option('--fault-every <n>', 'TEST ONLY (needs CATALOG_CENTRE_TEST_FAULTS=1): every Nth write request fails with 503')
    .option('--access-log <file|->', 'one JSON line per request (time, request id, route, token id, provider, status, bytes, ms) to this file, appended, or - for standard error', '-')
    .option('--no-access-log', 'write no access log')
    .addHelpText('after', `
Examples:
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre serve --db city.sqlite --port 8081 --host 0.0.0.0 --review
Stops cleanly on SIGTERM / SIGINT (finishes requests in flight, closes the database).
Exit codes: 2 usage error (bad flag), 3 the centre cannot start (port in use, no permission, unknown --host).
Limits (docs/security.md): each is refused with 413/422 naming the limit and its flag.`)
    .action(async (flags: DbFlags & LimitFlags & TreeServeFlags & { port: string; host: string; review?: boolean; baseUrl?: string; oaiPageSize: string; faultEvery?: string; accessLog: string | false }, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as typeof flags;
      const lang = langOf(opts);
      const port = positive(opts.port, '--port', lang, true)!;
      if (port > 65535) throw new CliError(t('usage-error', lang, { detail: `--port ${opts.port}` }));
      const limits = limitOptions(opts, lang);
      const oaiPageSize = positive(opts.oaiPageSize, '--oai-page-size', lang)!;
      const faultEvery = positive(opts.faultEvery, '--fault-every', lang);
      if (faultEvery !== undefined && process.env.CATALOG_CENTRE_TEST_FAULTS !== '1') throw new CliError(t('centre.faults-need-env', lang));
      const tree = await treeServeOptions(opts, lang);
      const accessLog = await openLog(opts.accessLog, lang);
      const { store, label } = await openDb(opts, lang);
      let running;
      try {
        running = await startCentre({ store, port, host: opts.host, warm: true, review: !!opts.review, limits, baseUrl: opts.baseUrl, repositoryName: opts.name, oaiPageSize, faultEvery, lang, accessLog, tree });
      } catch (err) {
        await store.close();
        await accessLog?.close();
        // The port or address is not ours to take: a failure to start the centre (exit 3), said plainly.
        const why = await listenFailure(err, opts.host, port);
        throw new CliError(tCode(why.code, lang, why.params), EXIT.REMOTE);
      }
      print(t('centre.listening', lang, { url: running.url, db: label, review: opts.review ? t('centre.review-on', lang) : '' }));
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          if (!opts.quiet) printErr(t('centre.stopping', lang));
          void running.close().then(() => accessLog?.close()).then(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
    });

  const token = centre.command('token').description('manage per-department API tokens / 管理部门令牌')
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token list --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite`);
  token
    .command('create')
    .description('create a token for a provider code (printed once, stored as a SHA-256 hash)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('--provider <code>', 'provider code (信息资源提供方代码) the token acts for (required unless --centre)')
    .option('--centre', 'a centre token: a child centre joins this one with it (catalog centre join); it acts for no provider')
    .option('--admin', 'admin token: may review (审核) and act for any provider')
    .option('--label <text>', 'free text to recognise the token by')
    .option('--public-key <file>', 'the token changes records only through packages signed with this key (catalog keygen); its record batches and single withdrawals are refused')
    .option('--expires <when>', 'refuse the token (401 token-expired) after: a duration (90d, 12h, 2w), a date (2027-03-01, from 00:00 UTC) or a UTC time (2027-03-01T08:00:00Z)')
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .addHelpText('after', `
Examples:
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H
  $ catalog centre token create --db centre.sqlite --provider 11330100002482170H --expires 90d
  $ catalog centre token create --db centre.sqlite --provider admin --admin --format json`)
    .action(async (flags: DbFlags & { provider?: string; centre?: boolean; admin?: boolean; label?: string; publicKey?: string; expires?: string }, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as typeof flags;
      const lang = langOf(opts);
      checkFormat(opts.format, lang);
      if (opts.centre ? opts.provider !== undefined || opts.admin : !opts.provider?.trim()) throw new CliError(t('usage-error', lang, { detail: opts.centre ? '--centre takes neither --provider nor --admin' : '--provider must not be empty' }));
      const expires = opts.expires === undefined ? undefined : await parseExpiry(opts.expires);
      if (opts.expires !== undefined && !expires) throw new CliError(t('centre.bad-expiry', lang, { value: opts.expires }));
      const publicKey = opts.publicKey ? await serializeKey(await readKeyFile(opts.publicKey, lang), 'public') : undefined;
      const { store } = await openDb(opts, lang);
      try {
        const { token: secret, info } = await createToken(store, { provider: opts.provider?.trim() ?? '', admin: !!opts.admin, label: opts.label ?? (opts.centre ? 'centre' : undefined), publicKey, expires });
        if (opts.centre) await (await treeStoreOf(store)).markCentreToken(info.id);
        if (opts.format === 'json') print(JSON.stringify({ ...info, token: secret }, null, 2));
        else {
          const expires = info.expires ? t('centre.token-expires', lang, { expires: info.expires }) : '';
          print(t(opts.centre ? 'centre.token-created-centre' : 'centre.token-created', lang, { id: info.id, provider: info.provider, admin: info.admin ? t('centre.admin', lang) : '', expires }));
          print(secret);
        }
      } finally {
        await store.close();
      }
    });
  token
    .command('revoke')
    .description('revoke a token by its id')
    .argument('<id>', 'token id (from token list)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('-f, --format <format>', 'output: pretty | json (the revoked token\'s id, provider, role, times; never the token)', 'pretty')
    .addHelpText('after', `
Examples:
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite
  $ catalog centre token revoke 3f2a9c01b7de --db centre.sqlite --format json
Exit codes: 0 revoked, 1 no live token with that id, 2 usage error, 3 PostgreSQL unreachable.`)
    .action(async (id: string, flags: DbFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DbFlags;
      const lang = langOf(opts);
      checkFormat(opts.format, lang);
      const { store } = await openDb(opts, lang, true);
      try {
        if (!(await store.revokeToken(id))) throw new CliError(t('centre.token-not-found', lang, { id }), EXIT.INVALID);
        if (opts.format === 'json') print(JSON.stringify((await store.listTokens()).find((x) => x.id === id), null, 2));
        else print(t('centre.token-revoked', lang, { id }));
      } finally {
        await store.close();
      }
    });
  token
    .command('list')
    .description('list tokens (ids, providers, roles, expiry, last use; never the tokens themselves)')
    .option('--db <file|url>', `centre database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .addHelpText('after', `
Example:
  $ catalog centre token list --db centre.sqlite`)
    .action(async (flags: DbFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as DbFlags;
      const lang = langOf(opts);
      checkFormat(opts.format, lang);
      const { store } = await openDb(opts, lang, true);
      try {
        const list = await store.listTokens();
        if (opts.format === 'json') print(JSON.stringify(list, null, 2));
        else if (!list.length) print(t('centre.no-tokens', lang));
        else print((await Promise.all(list.map(async (x) => tokenLine(x, await isExpired(x), lang)))).join('\n'));
      } finally {
        await store.close();
      }
    });

  registerMigrate(centre);
  registerJoin(centre, openDb);
  registerSource(centre, openDb);
  registerSources(centre);

  centre
    .command('harvest')
    .description('harvest another centre over OAI-PMH, incrementally (e.g. district → city) / 收割下级目录中心')
    .argument('<url>', 'base URL of the source centre (or its /oai endpoint)')
    .option('--db <file|url>', `this centre's database: SQLite file or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .option('--set <spec>', 'only one OAI set: provider:<code> or class:<code>')
    .option('--from <date>', 'harvest from this datestamp instead of the remembered one')
    .option('--metadata-prefix <prefix>', 'catalog (lossless, this project\'s centres) | gbt21063 (GB/T XML) | iso19139 | oai_dc (another vendor\'s; docs/centre.md); default: the best offered')
    .option('--max-response <bytes>', 'largest answer the source may send, per request', String(DEFAULT_FETCH_LIMITS.maxBytes))
    .option('--connect-timeout <seconds>', 'time to connect to the source', String(DEFAULT_FETCH_LIMITS.connectTimeoutMs / 1000))
    .option('--read-timeout <seconds>', 'time for each whole answer once connected (ends a silent or trickling source)', String(DEFAULT_FETCH_LIMITS.readTimeoutMs / 1000))
    .option('--max-records <n>', 'most records one run takes; a source that sends more is refused', String(DEFAULT_MAX_RECORDS))
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
    .addHelpText('after', `
Examples:
  $ catalog centre harvest http://127.0.0.1:8080 --db city.sqlite
  $ catalog centre harvest http://district.example/oai --db city.sqlite --set provider:11330100002482170H --format json
  $ catalog centre harvest http://district.example --db city.sqlite --max-response 16777216 --read-timeout 30
Each page is stored in one transaction once all of it is checked; the remembered datestamp moves only when
the whole list is stored, so a run that failed is simply run again (stored pages come back unchanged).
Exit codes: 0 done, 2 usage error, 3 the source centre failed, misbehaved or was unreachable.`)
    .action(async (url: string, flags: DbFlags & { set?: string; from?: string; metadataPrefix?: string; maxResponse: string; connectTimeout: string; readTimeout: string; maxRecords: string }, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as typeof flags;
      const lang = langOf(opts);
      checkFormat(opts.format, lang);
      if (opts.from && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(opts.from)) throw new CliError(t('usage-error', lang, { detail: `--from ${opts.from} (use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)` }));
      if (opts.metadataPrefix && !(HARVEST_PREFIXES as readonly string[]).includes(opts.metadataPrefix)) throw new CliError(t('usage-error', lang, { detail: `--metadata-prefix ${opts.metadataPrefix} (use ${HARVEST_PREFIXES.join(', ')})` }));
      const limits = {
        maxBytes: positive(opts.maxResponse, '--max-response', lang)!,
        connectTimeoutMs: seconds(opts.connectTimeout, '--connect-timeout', lang),
        readTimeoutMs: seconds(opts.readTimeout, '--read-timeout', lang),
      };
      const maxRecords = positive(opts.maxRecords, '--max-records', lang)!;
      const { store } = await openDb(opts, lang);
      try {
        // a running count (OAI-PMH lists need not say how long they are): the shared progress display, on stderr
        const progress = createProgress(t('centre.harvest-progress', lang, { source: url }), { mode: outputMode(opts) });
        const r = await harvest(store, url, { set: opts.set, from: opts.from, metadataPrefix: opts.metadataPrefix as HarvestPrefix | undefined, limits, maxRecords, onPage: (received) => progress.update(received) })
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
        if (isCatalogError(err, 'HarvestError')) throw new CliError(t('centre.harvest-failed', lang, { detail: err.render(lang) }), err.code === 'harvest-bad-url' || err.code === 'harvest-url-argument' ? EXIT.USAGE : EXIT.REMOTE);
        throw err;
      } finally {
        await store.close();
      }
    });
}
