import type { Command } from 'commander';
import { t } from './text.js';
import { migrateSqliteToPg, type CentreMigrationReport } from '../index.js';
import { isCatalogError } from '../index.js';
import { isPostgresUrl, redactPgUrl } from '../index.js';
import { CliError, EXIT, langOf, print, type GlobalOptions } from './context.js';
import { createProgress, outputMode } from './progress.js';
import { FORMAT, usageError } from './options.js';

interface MigrateFlags extends GlobalOptions { from: string; to: string; format?: string }

/** Terminal columns of a string: CJK characters take two. */
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\uffef]/.test(c) ? 2 : 1), 0);
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

function formatReport(r: CentreMigrationReport, lang: 'zh' | 'en'): string {
  const row = (cells: string[]) => padEnd(cells[0], 20) + cells.slice(1).map((c) => padStart(c, 10)).join('');
  const lines = [row(t('centre.migrate-columns', lang).split('|'))];
  for (const x of r.tables) lines.push(row([x.table, ...[x.source, x.copied, x.present, x.target, x.mismatched].map(String)]));
  for (const m of r.mismatches) lines.push(`  ${m.table} ${m.id}: ${m.fields.join(', ')}`);
  lines.push(r.ok ? t('centre.migrate-ok', lang, { records: r.recordsCompared, from: r.from, to: r.to }) : t('centre.migrate-failed', lang, { count: r.tables.reduce((n, x) => n + x.mismatched, 0) }));
  const extra = r.tables.reduce((n, x) => n + Math.max(0, x.target - x.source), 0);
  if (r.ok && extra > 0) lines.push(t('centre.migrate-extra', lang, { count: extra }));
  return lines.join('\n');
}

/** `catalog centre migrate`: registered on the `centre` command by src/cli/centre.ts. */
export function register(centre: Command): void {
  centre
    .command('migrate')
    .description('move an embedded (SQLite) centre to PostgreSQL without loss, verified row by row')
    .requiredOption('--from <file>', 'the SQLite centre database (stop its centre first)')
    .requiredOption('--to <url>', 'postgres:// URL of the target database (schema created if missing)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Example:
  $ catalog centre migrate --from centre.sqlite --to postgres://catalog@127.0.0.1:5432/centre
Copies every table in one transaction, compares every row (records by content hash) and commits only
when all match; re-running copies nothing and verifies again.
Exit codes: 0 migrated and verified, 1 verification failed (rolled back), 2 usage error, 3 PostgreSQL unreachable or failed.`)
    .action(async (flags: MigrateFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as MigrateFlags;
      const lang = langOf(opts);
      await FORMAT.parseOptional(opts.format, lang);
      if (!isPostgresUrl(opts.to)) throw usageError('usage.postgres-url', lang, { flag: '--to', value: opts.to });
      let report: CentreMigrationReport;
      try {
        const progress = createProgress(t('centre.migrate-progress', lang, { table: '' }).trim(), { mode: outputMode(opts) });
        let current = '';
        try {
          report = await migrateSqliteToPg(opts.from, opts.to, (table, rows, total) => {
            if (table !== current) { current = table; progress.phase(t('centre.migrate-progress', lang, { table }), total); }
            progress.update(rows, total);
          });
        } finally {
          progress.done();
        }
      } catch (err) {
        if (isCatalogError(err, 'CentreMigrationError')) throw new CliError(t('usage-error', lang, { detail: err.message }));
        throw new CliError(t('centre.migrate-pg-failed', lang, { db: redactPgUrl(opts.to), detail: (err as Error).message }), EXIT.REMOTE);
      }
      print(opts.format === 'json' ? JSON.stringify(report, null, 2) : formatReport(report, lang));
      if (!report.ok) process.exitCode = EXIT.INVALID;
    });
}
