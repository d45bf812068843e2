import path from 'node:path';
import type { Command } from 'commander';
import { InputError, isCatalogError, loadWorkspaceConfig, collectInput, openLedger, peekLedger, defaultLedgerPath, normaliseTargetUrl, publish, centreTarget, ckanTarget, tagIssues, listProfiles, renderIssues } from '../index.js';
import type { Lang, PublishResult, PublishTarget, WorkspaceConfig } from '../index.js';
import './hints.js';
import { t, tCode } from './text.js';
import { CliError, EXIT, langOf, type GlobalOptions } from './context.js';
import { outputMode } from './progress.js';
import { publishProgress } from './publish-progress.js';
import { formatSummary, renderPublishResult } from './publish-summary.js';
import { publishExitCode, withInterruptSignal } from './publish-signal.js';
import { FORMAT, choice, integer } from './options.js';

const TARGET = choice('--target <target>', ['centre', 'ckan'] as const);
const BATCH_SIZE = integer('--batch-size <n>');
const CONCURRENCY = integer('--concurrency <n>');
const RETRIES = integer('--retries <n>', 0);
const TIMEOUT = integer('--timeout <seconds>');

type Collected = Awaited<ReturnType<typeof collectInput>>;

interface PublishFlags extends GlobalOptions {
  centre?: string;
  target: string;
  ckanUrl?: string;
  ckanOrg?: string;
  dryRun?: boolean;
  withdrawMissing?: boolean;
  unpack?: boolean;
  profile?: string;
  batchSize: string;
  concurrency: string;
  retries: string;
  timeout: string;
  ledger?: string;
  format: string;
}

function checkUrl(url: string, lang: Lang): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return url;
  } catch {
    throw new CliError(t('publish.bad-url', lang, { url }));
  }
}

export function register(program: Command): void {
  program
    .command('publish')
    .description('publish records or a registration package to a directory centre (or CKAN)')
    .argument('<inputs...>', 'records (.json, .jsonl) or registration packages (.catpkg.zip)')
    .option('--centre <url>', 'directory centre URL (default: centre.url in catalog.config.json)')
    .addOption(TARGET.option('centre | ckan', 'centre'))
    .option('--ckan-url <url>', 'CKAN portal URL (with --target ckan)')
    .option('--ckan-org <org>', 'CKAN owner_org for new packages (with --target ckan; default: export.ckanOwnerOrg in catalog.config.json)')
    .option('--dry-run', 'show what would be added/changed/withdrawn; send no writes')
    .option('--withdraw-missing', 'withdraw records published before (per the ledger) that are not in the inputs')
    .option('--unpack', 'send a package\'s records through the records API in --batch-size batches instead of uploading the package whole (the centre then checks no signature; tokens bound to a key refuse this)')
    .option('-p, --profile <id>', 'profile of record files, sent with every batch: guide2017 | gbt21063-3 (default: workspace config, else guide2017; a package\'s records go under its manifest\'s profile)')
    .addOption(BATCH_SIZE.option('records per request', '200'))
    .addOption(CONCURRENCY.option('requests in flight at once', '2'))
    .addOption(RETRIES.option('retries per request on network errors, 5xx and 429', '6'))
    .addOption(TIMEOUT.option('per-request timeout', '60'))
    .option('--ledger <file>', 'publish ledger file (default .catalog/publish/<target>-<url hash>.jsonl next to catalog.config.json)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
The token comes from the CATALOG_TOKEN environment variable (CKAN: CKAN_API_TOKEN, else CATALOG_TOKEN)
or centre.token in catalog.config.json; it is never taken on the command line and never printed.

Examples:
  $ CATALOG_TOKEN=… catalog publish records.jsonl --centre http://127.0.0.1:8080
  $ catalog publish out/dept.catpkg.zip --dry-run
  $ CATALOG_TOKEN=… catalog publish out/dept.catpkg.zip --centre http://127.0.0.1:8080   # uploaded whole: the centre checks the signature
  $ catalog publish records.jsonl --withdraw-missing --format json
  $ CKAN_API_TOKEN=… catalog publish records.jsonl --target ckan --ckan-url https://data.example.gov.cn --ckan-org dept
A registration package is uploaded whole (POST /api/v1/packages) so the centre verifies its checksums and
signature; only when the centre finds it too large (413) or with --unpack do its records go in batches.
Exit codes: 0 all accepted or unchanged, 1 records refused locally (no key, duplicate key) or a package
that fails local verification, 2 usage error (bad flag, missing file, no URL or token), 3 centre unreachable,
records rejected or a package refused by the centre,
130 interrupted (Ctrl-C; re-run to resume).`)
    .action((inputs: string[], flags: PublishFlags, cmd: Command) => runPublish(inputs, { ...cmd.optsWithGlobals(), ...flags } as PublishFlags));
}

/** Flags checked and resolved against the workspace config: where to publish, with what token, in what steps. */
interface PublishSettings {
  lang: Lang;
  ckan: boolean;
  url: string;
  token?: string;
  profile: string;
  batchSize: number;
  concurrency: number;
  retries: number;
  timeoutMs: number;
  config: WorkspaceConfig;
  configPath?: string;
}

/** Check the flags (usage errors exit 2) and resolve URL, token and profile from the flags, environment and config. */
async function settingsOf(opts: PublishFlags): Promise<PublishSettings> {
  const lang = langOf(opts);
  await FORMAT.parse(opts.format, lang);
  await TARGET.parse(opts.target, lang);
  const batchSize = await BATCH_SIZE.parse(opts.batchSize, lang);
  const concurrency = await CONCURRENCY.parse(opts.concurrency, lang);
  const retries = await RETRIES.parse(opts.retries, lang);
  const timeoutMs = (await TIMEOUT.parse(opts.timeout, lang)) * 1000;

  const { config, path: configPath } = loadWorkspaceConfig();
  const ckan = opts.target === 'ckan';
  const url = ckan ? opts.ckanUrl : (opts.centre ?? config.centre?.url);
  if (!url) throw new CliError(t(ckan ? 'publish.no-ckan-url' : 'publish.no-url', lang));
  checkUrl(url, lang);
  const token = (ckan ? process.env.CKAN_API_TOKEN || process.env.CATALOG_TOKEN : process.env.CATALOG_TOKEN) || config.centre?.token || undefined;
  if (!token && !opts.dryRun) throw new CliError(t('publish.no-token', lang, { env: ckan ? 'CKAN_API_TOKEN' : 'CATALOG_TOKEN' }));

  const profile = opts.profile ?? config.profile ?? 'guide2017';
  const available = listProfiles().map((p) => p.id);
  if (!available.includes(profile)) throw new CliError(t('unknown-profile', lang, { profile, available: available.join(', ') }));
  return { lang, ckan, url, token, profile, batchSize, concurrency, retries, timeoutMs, config, configPath: configPath ?? undefined };
}

/** Where publish writes: every line goes through here, so the token can never reach the terminal or a log. */
interface Printer {
  out: (s: string) => void;
  err: (s: string) => void;
}

function printerOf(token: string | undefined): Printer {
  const redact = (s: string) => (token ? s.split(token).join('***') : s);
  return { out: (s) => process.stdout.write(redact(s.endsWith('\n') ? s : s + '\n')), err: (s) => process.stderr.write(redact(s)) };
}

/**
 * Read the inputs. A tampered or broken package is invalid input: reported (exit 1), nothing sent, undefined
 * returned. A package's records go under the profile it was packed for; an explicit --profile that says otherwise
 * is a usage error.
 */
async function collectOrReport(inputs: string[], opts: PublishFlags, s: PublishSettings, p: Printer): Promise<Collected | undefined> {
  let collected: Collected;
  try {
    collected = await collectInput(inputs, { profile: s.profile });
  } catch (e) {
    if (e instanceof InputError) throw new CliError(t(e.code, s.lang, e.params));
    if (!isCatalogError(e, 'PackageInvalidError')) throw e;
    if (opts.format === 'json') p.out(JSON.stringify({ ok: false, package: e.file, issues: renderIssues(e.issues, s.lang) }, null, 2));
    else p.err(t('publish.package-invalid', s.lang, { file: e.file }) + '\n' + renderIssues(e.issues, s.lang).map((i) => `  ${i.code}: ${i.message}`).join('\n') + '\n');
    process.exitCode = EXIT.INVALID;
    return undefined;
  }
  const clash = opts.profile ? collected.packages.find((x) => x.profile !== opts.profile) : undefined;
  if (clash) throw new CliError(t('publish.profile-clash', s.lang, { file: clash.file, packed: clash.profile, profile: s.profile }));
  return collected;
}

/** The target (centre or CKAN) and the ledger of what was published to it before (only peeked at in a dry run). */
async function targetAndLedger(opts: PublishFlags, s: PublishSettings, collected: Collected, p: Printer) {
  const ckanOrg = opts.ckanOrg ?? s.config.export?.ckanOwnerOrg;
  // CKAN's tag rules change some keywords: one warning each, never a silent drop.
  if (s.ckan && !opts.quiet) for (const it of collected.items) for (const i of await tagIssues(it.record)) p.err(`warning ${i.code}: ${tCode(i.code, s.lang, i.params)}\n`);
  const target: PublishTarget = s.ckan ? await ckanTarget({ url: s.url, token: s.token, org: ckanOrg, timeoutMs: s.timeoutMs }) : await centreTarget({ url: s.url, token: s.token, timeoutMs: s.timeoutMs, acceptLanguage: s.lang });
  const targetUrl = await normaliseTargetUrl(s.url);
  const ledgerFile = opts.ledger ?? (await defaultLedgerPath(s.configPath ? path.dirname(s.configPath) : process.cwd(), target.kind, targetUrl));
  const ledger = opts.dryRun ? await peekLedger(ledgerFile) : await openLedger(ledgerFile, { target: target.kind, url: targetUrl });
  if (opts.verbose) p.err(t('publish.ledger', s.lang, { file: ledgerFile }) + '\n');
  if (ledger.skippedLines && !opts.quiet) p.err(t('publish.ledger-torn', s.lang, { n: ledger.skippedLines }) + '\n');
  return { target, ledger };
}

/** `catalog publish`: check, collect, send (Ctrl-C stops it cleanly), print the summary, set the exit code. */
async function runPublish(inputs: string[], opts: PublishFlags): Promise<void> {
  const s = await settingsOf(opts);
  const p = printerOf(s.token);
  const collected = await collectOrReport(inputs, opts, s, p);
  if (!collected) return;
  const { target, ledger } = await targetAndLedger(opts, s, collected, p);
  const progress = publishProgress(s.lang, outputMode(opts));
  let result: PublishResult;
  try {
    result = await withInterruptSignal((signal) => publish({
      target, items: collected.items, refused: collected.refused, packages: collected.packages, unpack: !!opts.unpack, ledger,
      withdrawMissing: opts.withdrawMissing, withdrawKeys: collected.withdrawn, batchSize: s.batchSize, concurrency: s.concurrency, dryRun: opts.dryRun,
      retry: { retries: s.retries }, signal,
      onProgress: opts.dryRun ? undefined : progress.update,
      onLog: opts.verbose ? (line) => p.err(line + '\n') : undefined,
    }));
  } finally {
    progress.end();
    if ('close' in ledger) ledger.close();
  }
  if (opts.format === 'json') p.out(JSON.stringify(renderPublishResult(result, s.lang), null, 2));
  else if (!opts.quiet || !result.ok) p.out(formatSummary(result, s.lang, !!opts.verbose));
  process.exitCode = publishExitCode(result);
}
