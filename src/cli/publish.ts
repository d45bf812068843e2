import path from 'node:path';
import type { Command } from 'commander';
import { InputError, isCatalogError, loadWorkspaceConfig, collectInput, openLedger, peekLedger, defaultLedgerPath, normaliseTargetUrl, publish, centreTarget, ckanTarget, tagIssues, listProfiles } from '../index.js';
import type { Lang, PublishProgress, PublishResult, PublishTarget, RejectedRecord } from '../index.js';
import './hints.js';
import { t, tCode } from './text.js';
import { CliError, EXIT, langOf, type GlobalOptions } from './context.js';

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

function positiveInt(v: string, flag: string, lang: Lang, min = 1): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CliError(t('usage-error', lang, { detail: `${flag} ${v}` }));
  return n;
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

function where(r: RejectedRecord, lang: Lang): string {
  const s = r.source;
  if (!s) return '';
  const parts = [s.file];
  if (s.sheet) parts.push(lang === 'zh' ? `工作表 ${s.sheet}` : `sheet ${s.sheet}`);
  if (s.row !== undefined) parts.push(lang === 'zh' ? `第 ${s.row} 行` : `row ${s.row}`);
  else if (s.line !== undefined) parts.push(lang === 'zh' ? `第 ${s.line} 行` : `line ${s.line}`);
  return parts.join(' › ');
}

/** Keys listed per kind in a dry run (all with --verbose; all in --format json). */
const LIST_LIMIT = 20;

/** The human summary printed at the end (stdout). */
function formatSummary(r: PublishResult, lang: Lang, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(t('publish.header', lang, { kind: tCode(`publish.kind.${r.target.kind}`, lang), url: r.target.url, dry: r.dryRun ? t('publish.dry', lang) : '' }));
  lines.push(t('publish.plan', lang, { added: r.plan.added.length, changed: r.plan.changed.length, unchanged: r.plan.unchanged, withdraw: r.plan.withdraw.length }));
  if (r.dryRun) {
    const list = (mark: string, keys: string[]) => {
      const shown = verbose ? keys : keys.slice(0, LIST_LIMIT);
      for (const k of shown) lines.push(`  ${mark} ${k}`);
      if (shown.length < keys.length) lines.push(`  ${mark} ${t('publish.more', lang, { n: keys.length - shown.length })}`);
    };
    list('+', r.plan.added);
    list('~', r.plan.changed);
    list('-', r.plan.withdraw);
  } else {
    const added = r.accepted.filter((a) => a.change === 'added').length;
    lines.push(t('publish.summary', lang, { accepted: r.accepted.length, added, changed: r.accepted.length - added, rejected: r.rejected.length, unchanged: r.unchanged, withdrawn: r.withdrawn.length, pending: r.pending.length }));
  }
  if (r.packages.length) {
    lines.push(t('publish.packages', lang));
    for (const p of r.packages) {
      const via = tCode(`publish.package.via.${p.via}${p.via === 'package' && r.dryRun ? '-dry' : ''}`, lang);
      const status = p.status && p.via === 'package' ? ` (${tCode(`publish.package.status.${p.status}`, lang)})` : '';
      lines.push(`  ${p.file}  ${p.packageId.slice(0, 12)}…  ${t(`publish.package.${p.signed ? 'signed' : 'unsigned'}`, lang)}, ${p.records}: ${via}${status}`);
      if (p.fallback) lines.push(`    ${p.fallback.code}: ${p.fallback.message}`);
      if (p.status === 'refused') {
        lines.push(`    ${t('publish.package.refused', lang)}`);
        for (const why of p.reasons ?? []) lines.push(`      ${why.code}${why.path ? ` ${why.path}` : ''}: ${why.message}`);
      }
    }
  }
  if (r.rejected.length) {
    lines.push(t('publish.rejected', lang));
    for (const x of r.rejected) {
      const loc = where(x, lang);
      lines.push(`  ${x.key ?? '?'}${loc ? `  ${loc}` : ''}`);
      for (const why of x.reasons) lines.push(`    ${why.code}${why.path ? ` ${why.path}` : ''}: ${why.message}`);
    }
  }
  if (r.errors.length) {
    lines.push(t('publish.errors', lang));
    for (const e of r.errors) lines.push(`  ${e.code}: ${e.message}`);
    if (r.errors.some((e) => e.code === 'unreachable')) lines.push(t('hint.centre-unreachable', lang, { url: r.target.url }));
    if (r.errors.some((e) => e.code === 'signature-required')) {
      // the records API was refused because the token takes only signed packages: say why we were using it
      const tooLarge = r.packages.filter((p) => p.fallback?.code === 'body-too-large');
      for (const p of tooLarge) lines.push(t('publish.hint.too-large-signed', lang, { file: p.file }));
      if (!tooLarge.length) lines.push(t('publish.hint.signature-required', lang));
    }
  }
  if (r.interrupted) lines.push(t('publish.interrupted', lang));
  else if (r.pending.length) lines.push(t('publish.pending-hint', lang, { pending: r.pending.length }));
  return lines.join('\n');
}

/** Progress on stderr: a redrawn bar on a TTY, a plain line per 10 % otherwise, nothing when quiet (--quiet, or CI without --verbose). */
function progressReporter(lang: Lang, quiet: boolean, write: (s: string) => void): { update: (p: PublishProgress) => void; end: () => void } {
  if (quiet) return { update: () => {}, end: () => {} };
  const tty = !!process.stderr.isTTY;
  let lastStep = -1;
  let lastPhase = '';
  let drawn = false;
  const text = (p: PublishProgress) => t('publish.progress', lang, { ...p, phase: t(`publish.phase.${p.phase}`, lang) });
  return {
    update(p) {
      if (!p.total) return;
      if (tty) {
        const width = 24;
        const filled = Math.round((p.done / p.total) * width);
        write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text(p)}\x1b[K`);
        drawn = true;
        return;
      }
      const step = Math.floor((p.done / p.total) * 10);
      if (step === lastStep && p.phase === lastPhase) return;
      lastStep = step;
      lastPhase = p.phase;
      write(text(p) + '\n');
    },
    end() {
      if (tty && drawn) write('\n');
    },
  };
}

export function register(program: Command): void {
  program
    .command('publish')
    .description('publish records or a registration package to a directory centre (or CKAN) / 将目录记录或注册包发布到目录中心（或 CKAN）')
    .argument('<inputs...>', 'records (.json, .jsonl) or registration packages (.catpkg.zip)')
    .option('--centre <url>', 'directory centre URL (default: centre.url in catalog.config.json)')
    .option('--target <target>', 'centre | ckan', 'centre')
    .option('--ckan-url <url>', 'CKAN portal URL (with --target ckan)')
    .option('--ckan-org <org>', 'CKAN owner_org for new packages (with --target ckan; default: export.ckanOwnerOrg in catalog.config.json)')
    .option('--dry-run', 'show what would be added/changed/withdrawn; send no writes')
    .option('--withdraw-missing', 'withdraw records published before (per the ledger) that are not in the inputs')
    .option('--unpack', 'send a package\'s records through the records API in --batch-size batches instead of uploading the package whole (the centre then checks no signature; tokens bound to a key refuse this)')
    .option('-p, --profile <id>', 'profile of record files, sent with every batch: guide2017 | gbt21063-3 (default: workspace config, else guide2017; a package\'s records go under its manifest\'s profile)')
    .option('--batch-size <n>', 'records per request', '200')
    .option('--concurrency <n>', 'requests in flight at once', '2')
    .option('--retries <n>', 'retries per request on network errors, 5xx and 429', '6')
    .option('--timeout <seconds>', 'per-request timeout', '60')
    .option('--ledger <file>', 'publish ledger file (default .catalog/publish/<target>-<url hash>.jsonl next to catalog.config.json)')
    .option('-f, --format <format>', 'output: pretty | json', 'pretty')
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
    .action(async (inputs: string[], flags: PublishFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as PublishFlags;
      const lang = langOf(opts);
      if (!['pretty', 'json'].includes(opts.format)) throw new CliError(t('usage-error', lang, { detail: `--format ${opts.format} (use pretty or json)` }));
      if (!['centre', 'ckan'].includes(opts.target)) throw new CliError(t('usage-error', lang, { detail: `--target ${opts.target} (use centre or ckan)` }));
      const batchSize = positiveInt(opts.batchSize, '--batch-size', lang);
      const concurrency = positiveInt(opts.concurrency, '--concurrency', lang);
      const retries = positiveInt(opts.retries, '--retries', lang, 0);
      const timeoutMs = positiveInt(opts.timeout, '--timeout', lang) * 1000;

      const { config, path: configPath } = loadWorkspaceConfig();
      const ckan = opts.target === 'ckan';
      const url = ckan ? opts.ckanUrl : (opts.centre ?? config.centre?.url);
      if (!url) throw new CliError(t(ckan ? 'publish.no-ckan-url' : 'publish.no-url', lang));
      checkUrl(url, lang);
      const token = (ckan ? process.env.CKAN_API_TOKEN || process.env.CATALOG_TOKEN : process.env.CATALOG_TOKEN) || config.centre?.token || undefined;
      if (!token && !opts.dryRun) throw new CliError(t('publish.no-token', lang, { env: ckan ? 'CKAN_API_TOKEN' : 'CATALOG_TOKEN' }));

      // Every line we print goes through here: the token can never reach the terminal or a log.
      const redact = (s: string) => (token ? s.split(token).join('***') : s);
      const out = (s: string) => process.stdout.write(redact(s.endsWith('\n') ? s : s + '\n'));
      const err = (s: string) => process.stderr.write(redact(s));

      const profile = opts.profile ?? config.profile ?? 'guide2017';
      const available = listProfiles().map((p) => p.id);
      if (!available.includes(profile)) throw new CliError(t('unknown-profile', lang, { profile, available: available.join(', ') }));

      let collected;
      try {
        collected = await collectInput(inputs, { lang, profile });
      } catch (e) {
        if (e instanceof InputError) throw new CliError(t(e.code, lang, e.params));
        if (isCatalogError(e, 'PackageInvalidError')) {
          // A tampered or broken package: invalid input (exit 1), nothing sent.
          if (opts.format === 'json') out(JSON.stringify({ ok: false, package: e.file, issues: e.issues }, null, 2));
          else err(t('publish.package-invalid', lang, { file: e.file }) + '\n' + e.issues.map((i) => `  ${i.code}: ${i.message}`).join('\n') + '\n');
          process.exitCode = EXIT.INVALID;
          return;
        }
        throw e;
      }

      // A package's records go under the profile it was packed for; an explicit --profile that says otherwise is a mistake.
      const clash = opts.profile ? collected.packages.find((p) => p.profile !== opts.profile) : undefined;
      if (clash) throw new CliError(t('publish.profile-clash', lang, { file: clash.file, packed: clash.profile, profile: profile }));

      const ckanOrg = opts.ckanOrg ?? config.export?.ckanOwnerOrg;
      // CKAN's tag rules change some keywords: one warning each, never a silent drop.
      if (ckan && !opts.quiet) for (const it of collected.items) for (const i of await tagIssues(it.record, lang)) err(`warning ${i.code}: ${i.message}\n`);
      const target: PublishTarget = ckan ? await ckanTarget({ url, token, org: ckanOrg, timeoutMs }) : await centreTarget({ url, token, timeoutMs, lang });
      const targetUrl = await normaliseTargetUrl(url);
      const ledgerFile = opts.ledger ?? await defaultLedgerPath(configPath ? path.dirname(configPath) : process.cwd(), target.kind, targetUrl);
      const ledger = opts.dryRun ? await peekLedger(ledgerFile) : await openLedger(ledgerFile, { target: target.kind, url: targetUrl });
      if (opts.verbose) err(t('publish.ledger', lang, { file: ledgerFile }) + '\n');
      if (ledger.skippedLines && !opts.quiet) err(t('publish.ledger-torn', lang, { n: ledger.skippedLines }) + '\n');

      const controller = new AbortController();
      const onSigint = () => controller.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      process.once('SIGTERM', onSigint);
      // issue 7: a bar on a TTY, plain lines otherwise; issue 8: quiet in CI (where --verbose brings the lines back)
      const inCi = !!process.env.CI && process.env.CI !== '0' && process.env.CI !== 'false';
      const progress = progressReporter(lang, !!opts.quiet || (inCi && !opts.verbose && !process.stderr.isTTY), err);
      let result: PublishResult;
      try {
        result = await publish({
          target,
          items: collected.items,
          refused: collected.refused,
          packages: collected.packages,
          unpack: !!opts.unpack,
          lang,
          ledger,
          withdrawMissing: opts.withdrawMissing,
          withdrawKeys: collected.withdrawn,
          batchSize,
          concurrency,
          dryRun: opts.dryRun,
          retry: { retries },
          signal: controller.signal,
          onProgress: opts.dryRun ? undefined : progress.update,
          onLog: opts.verbose ? (line) => err(line + '\n') : undefined,
        });
      } finally {
        progress.end();
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigint);
        if ('close' in ledger) ledger.close();
      }

      if (opts.format === 'json') out(JSON.stringify(result, null, 2));
      else if (!opts.quiet || !result.ok) out(formatSummary(result, lang, !!opts.verbose));

      const remoteFailed = result.errors.length > 0 || result.rejected.length > result.refused || result.packages.some((p) => p.status === 'refused');
      process.exitCode = result.interrupted ? 130 : remoteFailed ? EXIT.REMOTE : result.refused ? EXIT.INVALID : result.ok ? EXIT.OK : EXIT.REMOTE;
    });
}
