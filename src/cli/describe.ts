import path from 'node:path';
import type { Command } from 'commander';
import { checkDataElements, describeDefaults, describedWorkbook, describeSource, loadWorkspaceConfig, tableToRecord, writeFileAtomic, writeLinesAtomic, type DescribeLimits, type Lang, type RecordContext, type TableDescription } from '../index.js';
import { isCatalogError } from '../index.js';
import { t, tCode } from './text.js';
import { CliError, langOf, print, printErr, type GlobalOptions } from './context.js';
import { elementsOf } from './elements-option.js';
import { integer, usageError } from './options.js';

interface DescribeFlags extends GlobalOptions {
  table?: string[];
  schema?: string;
  output?: string;
  providerName?: string;
  providerCode?: string;
  elements?: string;
  encoding?: string;
  maxTables: string;
  maxColumns: string;
  sampleRows: string;
  timeout: string;
}

const MAX_TABLES = integer('--max-tables <n>');
const MAX_COLUMNS = integer('--max-columns <n>');
const SAMPLE_ROWS = integer('--sample-rows <n>');
const TIMEOUT = integer('--timeout <seconds>');

async function limitsOf(o: DescribeFlags, lang: Lang): Promise<Partial<DescribeLimits>> {
  return {
    maxTables: await MAX_TABLES.parse(o.maxTables, lang), maxColumns: await MAX_COLUMNS.parse(o.maxColumns, lang),
    sampleRows: await SAMPLE_ROWS.parse(o.sampleRows, lang), statementTimeoutMs: (await TIMEOUT.parse(o.timeout, lang)) * 1000,
  };
}

/** The provider of the drafts: the flags, else the workspace config's department. */
function contextOf(o: DescribeFlags): RecordContext {
  const dept = loadWorkspaceConfig().config.department ?? {};
  const name = o.providerName ?? dept.name;
  const code = o.providerCode ?? dept.code;
  return { ...(name ? { provider: { name, ...(code ? { code } : {}) } } : {}), ...(dept.division ? { division: dept.division } : {}) };
}

/** One line per table, then the element warnings and what is left to fill in (stderr: stdout holds the records). */
async function summarise(tables: TableDescription[], ctx: RecordContext, o: DescribeFlags, lang: Lang): Promise<void> {
  const elements = elementsOf(o.elements, lang);
  for (const table of tables) {
    const hint = table.updateHint ? t('describe-hint', lang, { cycle: table.updateHint.updateCycle, column: table.updateHint.column }) : '';
    printErr(t('describe-table-line', lang, { name: table.name, rows: table.rows, columns: table.columns.length, hint }));
    if (table.truncated) printErr(`  ${t('describe-truncated', lang, { name: table.name, columns: table.truncated.columns })}`);
    for (const issue of checkDataElements(await tableToRecord(table, ctx), elements)) printErr(`  ${t('word.warning', lang)} ${issue.code}: ${tCode(issue.code, lang, issue.params)}`);
  }
  const records = await Promise.all(tables.map((x) => tableToRecord(x, ctx)));
  const todo = new Set(records.flatMap((r) => (r.extensions as { describe: { todo: string[] } }).describe.todo));
  if (todo.size) printErr(t('describe-todo', lang, { fields: [...todo].join(', ') }));
}

function cliErrorOf(err: unknown, lang: Lang): unknown {
  if (isCatalogError(err, 'DescribeError')) return new CliError(t(err.code, lang, err.params), err.exit);
  if (isCatalogError(err, 'ReadError')) return new CliError(tCode(err.code, lang, err.params));
  return err;
}

export async function register(program: Command): Promise<void> {
  const DEFAULT_DESCRIBE_LIMITS = await describeDefaults();
  program
    .command('describe')
    .description('draft catalogue records (信息项, types, lengths, counts) from data files or databases')
    .argument('<source>', 'CSV/XLSX/XLS file (each sheet a table), SQLite file, or postgres:// | mysql:// | mariadb:// URL')
    .option('--table <name...>', 'only these tables (or sheets); default: all')
    .option('--schema <name>', 'PostgreSQL schema (default public) or MySQL/MariaDB database (default: the URL\'s)')
    .option('-o, --output <file>', 'write records (.jsonl) or a filled 目录编制表 (.xlsx) instead of JSONL on stdout')
    .option('--provider-name <name>', '信息资源提供方 (default: workspace config department.name)')
    .option('--provider-code <code>', '信息资源提供方代码 (default: workspace config department.code)')
    .option('--elements <file>', 'own data-element dictionary, matched before standards/common/data-elements.json')
    .option('--encoding <enc>', 'text encoding of a CSV (default: detected)')
    .addOption(MAX_TABLES.option('refuse a source with more tables than this (pick some with --table)', String(DEFAULT_DESCRIBE_LIMITS.maxTables)))
    .addOption(MAX_COLUMNS.option('describe at most this many columns per table', String(DEFAULT_DESCRIBE_LIMITS.maxColumns)))
    .addOption(SAMPLE_ROWS.option('rows per sheet whose values infer types and lengths (the whole file is still read, every row counted)', String(DEFAULT_DESCRIBE_LIMITS.sampleRows)))
    .addOption(TIMEOUT.option('per-statement timeout on PostgreSQL/MySQL/MariaDB', String(DEFAULT_DESCRIBE_LIMITS.statementTimeoutMs / 1000)))
    .addHelpText('after', `
Examples:
  $ catalog describe 企业登记.xlsx -o drafts.jsonl
  $ catalog describe registry.sqlite --table enterprise -o 目录编制表.xlsx
  $ catalog describe postgres://reader@db.example/registry --schema public --table enterprise
  $ catalog describe mysql://reader@127.0.0.1:3306/registry -o drafts.jsonl
Only structure and counts are read out: no data value is written. Databases are read in a READ ONLY transaction.
Then fill in what describe cannot know and run: catalog validate drafts.jsonl
Exit codes: 0 described, 2 usage error, unreadable file or unknown table, 3 database unreachable.`)
    .action(async (source: string, flags: DescribeFlags, cmd: Command) => {
      const o = { ...cmd.optsWithGlobals(), ...flags } as DescribeFlags;
      const lang = langOf(o);
      const ext = o.output ? path.extname(o.output).toLowerCase() : '.jsonl';
      if (!['.jsonl', '.xlsx'].includes(ext)) throw usageError('usage.output-extension', lang, { flag: '-o', file: o.output, extensions: '.jsonl, .xlsx' });
      const limits = await limitsOf(o, lang);
      const ctx = contextOf(o);
      let tables: TableDescription[];
      try {
        tables = await describeSource(source, { tables: o.table, schema: o.schema, encoding: o.encoding, limits });
      } catch (err) {
        throw cliErrorOf(err, lang);
      }
      const lines = (await Promise.all(tables.map((x) => tableToRecord(x, ctx)))).map((r) => JSON.stringify(r));
      if (ext === '.xlsx') writeFileAtomic(o.output!, await describedWorkbook(tables, ctx));
      else if (o.output) await writeLinesAtomic(o.output, lines);
      else for (const line of lines) print(line);
      if (!o.quiet) {
        await summarise(tables, ctx, o, lang);
        if (o.output) printErr(t('describe-written', lang, { tables: tables.length, file: o.output }));
      }
    });
}
