import { Chalk } from 'chalk';
import type { ValidationReport } from './report.js';
import type { Issue } from './issue.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';

export interface PrettyOptions {
  lang: Lang;
  /** Colour: decided by the caller (TTY and NO_COLOR), never by this function. */
  color: boolean;
}

/** "file › sheet › row 5 › column C" in the user's language. */
export function formatLocation(i: Issue, lang: Lang): string {
  const p: any = i.provenance ?? {};
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.sheet) parts.push(lang === 'zh' ? `工作表 ${p.sheet}` : `sheet ${p.sheet}`);
  if (p.row !== undefined) parts.push(lang === 'zh' ? `第 ${p.row} 行` : `row ${p.row}`);
  else if (p.line !== undefined) parts.push(lang === 'zh' ? `第 ${p.line} 行` : `line ${p.line}`);
  if (p.column) parts.push(lang === 'zh' ? `${p.column} 列` : `column ${p.column}`);
  return parts.join(' › ');
}

/** Render a validation report for a terminal. Returns text; printing is the CLI's job. */
export function formatPretty(report: ValidationReport, o: PrettyOptions): string {
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const lines: string[] = [];
  for (const i of report.issues) {
    const sev = i.severity === 'error' ? c.red(t('word.error', o.lang)) : i.severity === 'warning' ? c.yellow(t('word.warning', o.lang)) : c.cyan(t('word.info', o.lang));
    const where = formatLocation(i, o.lang);
    lines.push(`${sev} ${c.dim(i.code)} ${where ? c.bold(where) + ' ' : ''}${c.dim(i.path || '/')}`);
    lines.push(`  ${i.message}`);
  }
  const s = report.stats;
  const summary = report.valid && s.warnings === 0
    ? c.green(t('summary.valid', o.lang, { records: s.records }))
    : (report.valid ? c.yellow : c.red)(t('summary.invalid', o.lang, { records: s.records, invalid: s.invalid, errors: s.errors, warnings: s.warnings }));
  if (lines.length) lines.push('');
  lines.push(summary);
  return lines.join('\n');
}
