import type { Command } from 'commander';
import { t, tCode } from './text.js';
import { CENTRE_DB_ENV, startCentre, listenFailure, openAccessLog, type AccessLog, type CentreLimits } from '../index.js';
import { addTreeServeOptions, treeServeOptions, type TreeServeFlags } from './centre-tree-options.js';
import { CliError, EXIT, langOf, print, printErr } from './context.js';
import { openDb, type DbFlags } from './centre-db.js';
import { integer, port, usageError } from './options.js';

const PORT = port('--port <n>');
const LIMITS = {
  maxBodyBytes: integer('--max-body <bytes>'),
  maxFieldChars: integer('--max-field <chars>'),
  maxRecordBytes: integer('--max-record <bytes>'),
  maxBatchRecords: integer('--max-batch <n>'),
  maxPackageBytes: integer('--max-package <bytes>'),
  maxListTextChars: integer('--max-list-text <chars>'),
  maxOaiPageBytes: integer('--max-oai-page <bytes>'),
} as const;
const OAI_PAGE_SIZE = integer('--oai-page-size <n>');
const FAULT_EVERY = integer('--fault-every <n>');

interface LimitFlags { maxBody: string; maxField: string; maxRecord: string; maxBatch: string; maxPackage: string; maxListText: string; maxOaiPage: string }
type ServeFlags = DbFlags & LimitFlags & TreeServeFlags & { port: string; host: string; review?: boolean; baseUrl?: string; oaiPageSize: string; faultEvery?: string; accessLog: string | false };

/** The limits of `centre serve` from its flags (each a positive integer). */
async function limitOptions(o: LimitFlags, lang: 'zh' | 'en'): Promise<CentreLimits> {
  return {
    maxBodyBytes: await LIMITS.maxBodyBytes.parse(o.maxBody, lang),
    maxFieldChars: await LIMITS.maxFieldChars.parse(o.maxField, lang),
    maxRecordBytes: await LIMITS.maxRecordBytes.parse(o.maxRecord, lang),
    maxBatchRecords: await LIMITS.maxBatchRecords.parse(o.maxBatch, lang),
    maxPackageBytes: await LIMITS.maxPackageBytes.parse(o.maxPackage, lang),
    maxListTextChars: await LIMITS.maxListTextChars.parse(o.maxListText, lang),
    maxOaiPageBytes: await LIMITS.maxOaiPageBytes.parse(o.maxOaiPage, lang),
  };
}

/** The access log --access-log names (default standard error), none with --no-access-log. */
async function openLog(target: string | false, lang: 'zh' | 'en'): Promise<AccessLog | undefined> {
  if (target === false) return undefined;
  try {
    return await openAccessLog(target);
  } catch (err) {
    throw usageError('usage.access-log', lang, { file: target, detail: (err as Error).message });
  }
}

/** `catalog centre serve`: check the flags, open the store, listen until SIGTERM / SIGINT. */
async function serve(opts: ServeFlags): Promise<void> {
  const lang = langOf(opts);
  const port = await PORT.parse(opts.port, lang);
  const limits = await limitOptions(opts, lang);
  const oaiPageSize = await OAI_PAGE_SIZE.parse(opts.oaiPageSize, lang);
  const faultEvery = await FAULT_EVERY.parseOptional(opts.faultEvery, lang);
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
}

/** `catalog centre serve`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command, defaults: { limits: CentreLimits; harvestEvery: string }): void {
  const DEFAULT_LIMITS = defaults.limits;
  addTreeServeOptions(centre
    .command('serve'), defaults.harvestEvery)
    .description('serve the registration API, search, browse page and OAI-PMH')
    .option('--db <file|url>', `SQLite database file (created if missing) or postgres:// URL (default: $${CENTRE_DB_ENV})`)
    .addOption(PORT.option('TCP port (0 = any free port)', '8080'))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--review', 'department registrations wait for admin review (审核)')
    .addOption(LIMITS.maxBodyBytes.option('largest request body in bytes', String(DEFAULT_LIMITS.maxBodyBytes)))
    .addOption(LIMITS.maxFieldChars.option('longest text of one record field where the profile gives no maxLength', String(DEFAULT_LIMITS.maxFieldChars)))
    .addOption(LIMITS.maxRecordBytes.option('largest record (bytes of its JSON)', String(DEFAULT_LIMITS.maxRecordBytes)))
    .addOption(LIMITS.maxBatchRecords.option('most records in one POST /api/v1/records', String(DEFAULT_LIMITS.maxBatchRecords)))
    .addOption(LIMITS.maxPackageBytes.option('largest package, total uncompressed size of its entries', String(DEFAULT_LIMITS.maxPackageBytes)))
    .addOption(LIMITS.maxListTextChars.option('longest text of one field in search results and the browse page (clipped with …)', String(DEFAULT_LIMITS.maxListTextChars)))
    .addOption(LIMITS.maxOaiPageBytes.option('largest OAI-PMH list page (ends early with a resumptionToken)', String(DEFAULT_LIMITS.maxOaiPageBytes)))
    .option('--base-url <url>', 'public base URL (default: from the Host header)')
    .option('--name <name>', 'repository name shown in OAI-PMH Identify and the browse page')
    .addOption(OAI_PAGE_SIZE.option('records per OAI-PMH page', '100'))
    .addOption(FAULT_EVERY.option('TEST ONLY (needs CATALOG_CENTRE_TEST_FAULTS=1): every Nth write request fails with 503'))
    .option('--access-log <file|->', 'one JSON line per request (time, request id, route, token id, provider, status, bytes, ms) to this file, appended, or - for standard error', '-')
    .option('--no-access-log', 'write no access log')
    .addHelpText('after', `
Examples:
  $ catalog centre serve --db centre.sqlite --port 8080
  $ catalog centre serve --db city.sqlite --port 8081 --host 0.0.0.0 --review
Stops cleanly on SIGTERM / SIGINT (finishes requests in flight, closes the database).
Exit codes: 2 usage error (bad flag), 3 the centre cannot start (port in use, no permission, unknown --host).
Limits (docs/security.md): each is refused with 413/422 naming the limit and its flag.`)
    .action(async (flags: ServeFlags, cmd: Command) => serve({ ...cmd.optsWithGlobals(), ...flags } as ServeFlags));
}
