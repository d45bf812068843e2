import type { Command } from 'commander';
import { headerLooksLikeData } from '../index.js';
import { isCatalogError } from '../index.js';
import { inspectSource, type SourceInspection } from '../index.js';
import type { ReadOptions } from '../index.js';
import { t, tCode } from './text.js';
import type { Lang } from '../index.js';
import { CliError, langOf, print, type GlobalOptions } from './context.js';
import { FORMAT, HEADER_ROW } from './options.js';

interface InspectFlags extends GlobalOptions {
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  header: boolean;
  headerRow?: string;
  recordPath?: string;
  format: string;
}

const DELIM_NAMES: Record<string, string> = { ',': '","', '\t': 'tab', ';': '";"', '|': '"|"' };

/** Human-readable summary, one line per fact, columns listed with their letters. */
export async function formatInspection(r: SourceInspection, lang: Lang): Promise<string> {
  const out: string[] = [r.file, '  ' + t('inspect.format', lang, { format: r.format })];
  if (r.encoding) out.push('  ' + t('inspect.encoding', lang, { encoding: r.encoding, confidence: r.confidence, source: r.encodingSource ? t(`inspect.source.${r.encodingSource}`, lang) : '-' }));
  if (r.delimiter) out.push('  ' + t('inspect.delimiter', lang, { delimiter: DELIM_NAMES[r.delimiter] ?? JSON.stringify(r.delimiter) }));
  if (r.recordPath) out.push('  ' + t('inspect.recordPath', lang, { recordPath: r.recordPath }));
  if (r.nulChars) out.push('  ' + t('inspect.nul', lang, { count: r.nulChars }));
  for (const s of r.sheets) {
    const params = { index: s.index, name: s.name, headerRow: s.headerRow, columns: s.columns.length, rows: s.rows };
    const line = s.name !== undefined ? 'inspect.sheet' : r.format === 'json' || r.format === 'jsonl' || r.format === 'xml' ? 'inspect.records' : s.headerRow ? 'inspect.table' : 'inspect.headerless';
    out.push('  ' + t(line, lang, params));
    if (s.merges) out.push('    ' + t('inspect.merges', lang, { count: s.merges }));
    if (r.format === 'csv' && s.headerRow && (await headerLooksLikeData(s.columns))) out.push('    ' + t('inspect.headerless-hint', lang));
    if (s.skipped?.length) out.push('    ' + t('inspect.skipped', lang, { rows: s.skipped.join(lang === 'zh' ? '、' : ', ') }));
    if (s.warnings) out.push('    ' + t('inspect.ragged', lang, { count: s.warnings }));
    const shown = s.columns.slice(0, 60);
    out.push(...shown.map((c, i) => `    ${String(i + 1).padStart(3)}  ${c}`));
    if (s.columns.length > shown.length) out.push(`    … +${s.columns.length - shown.length}`);
  }
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('show a source file\'s format, encoding, sheets, header rows, columns and row counts')
    .argument('<file>', 'CSV/TSV, XLSX, XLS, HTML-table, XML, JSON or JSONL file (format is sniffed from content)')
    .option('--sheet <name|n>', 'only this sheet (name or 1-based index)')
    .option('--encoding <enc>', 'text encoding: utf-8 | gb18030 (GBK) | big5 | utf-16le | utf-16be | latin1 (default: detected)')
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed among , ; tab |)')
    .option('--no-header', 'the file has no header row: columns are named 1, 2, …')
    .addOption(HEADER_ROW.option('1-based header row (default: detected)'))
    .option('--record-path <path>', 'XML record element path, e.g. catalog/record (default: the repeated record element under the root and its wrappers, else the root itself)')
    .addOption(FORMAT.option('output: pretty | json', 'pretty'))
    .addHelpText('after', `
Examples:
  $ catalog inspect 目录.xls
  $ catalog inspect yilan.csv --encoding big5 --format json
  $ catalog inspect export.xml --record-path catalog/record
Exit codes: 0 ok, 2 usage error or unreadable file (the message says how to fix it).`)
    .action(async (file: string, flags: InspectFlags, cmd: Command) => {
      const opts = { ...cmd.optsWithGlobals(), ...flags } as InspectFlags;
      const lang = langOf(opts);
      await FORMAT.parse(opts.format, lang);
      const headerRow = await HEADER_ROW.parseOptional(opts.headerRow, lang);
      const options: ReadOptions = { sheet: opts.sheet, encoding: opts.encoding, delimiter: opts.delimiter, header: opts.header, headerRow, recordPath: opts.recordPath };
      let result: SourceInspection;
      try {
        result = await inspectSource(file, options);
      } catch (err) {
        if (isCatalogError(err, 'ReadError')) throw new CliError(tCode(err.code, lang, err.params));
        throw err;
      }
      print(opts.format === 'json' ? JSON.stringify(result, null, 2) : await formatInspection(result, lang));
    });
}
