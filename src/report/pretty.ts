import type { ValidationReport } from '../validate/report.js';
import type { Issue } from '../issues/issue.js';
import { t } from '../i18n/t.js';
import { renderIssue } from '../i18n/render-issue.js';
import type { Lang } from '../i18n/lang.js';

export interface PrettyOptions {
  lang: Lang;
  /**
   * Colour: decided by the caller (TTY and NO_COLOR), never by this function: `false`, or the styles to paint
   * with (the CLI passes a chalk instance, loaded only when colour is on, so plain runs do not pay for it).
   */
  color: false | Paint;
}

/** The six styles the report paints with (a chalk instance has them all). */
export type Paint = Record<'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green', (s: string) => string>;

const plain = (s: string) => s;
const PLAIN: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain, green: plain };

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

/** Where the record as a whole sits: file › sheet › row (no column). */
function recordLocation(i: Issue, lang: Lang): string {
  const p: any = i.provenance ?? {};
  return formatLocation({ ...i, provenance: { file: p.file, sheet: p.sheet, row: p.row, line: p.line } } as Issue, lang);
}

/** Render a validation report for a terminal, grouped per record. Returns text; printing is the CLI's job. */
export function formatPretty(report: ValidationReport, o: PrettyOptions): string {
  const c = o.color || PLAIN;
  const lines: string[] = [];
  let current: number | undefined | null = null;
  for (const i of report.issues) {
    if (i.record !== current) {
      current = i.record;
      if (lines.length) lines.push('');
      const head = i.record === undefined ? t('summary.general', o.lang) : `${t('word.record', o.lang)} #${i.record + 1}`;
      const where = i.record === undefined ? '' : recordLocation(i, o.lang);
      lines.push(c.bold(head) + (where ? ' ' + c.dim(where) : ''));
    }
    const sev = i.severity === 'error' ? c.red(t('word.error', o.lang)) : i.severity === 'warning' ? c.yellow(t('word.warning', o.lang)) : c.cyan(t('word.info', o.lang));
    const col = (i.provenance as any)?.column;
    const cell = col ? c.dim(` [${t('word.column', o.lang)} ${col}]`) : '';
    lines.push(`  ${sev} ${c.dim(i.rule ?? i.code)} ${c.dim(i.path || '/')}${cell}`);
    lines.push(`    ${renderIssue(i, o.lang).message}`);
  }
  const s = report.stats;
  const summary = report.valid && s.warnings === 0
    ? c.green(t('summary.valid', o.lang, { records: s.records }))
    : (report.valid ? c.yellow : c.red)(t('summary.invalid', o.lang, { records: s.records, invalid: s.invalid, errors: s.errors, warnings: s.warnings }));
  if (lines.length) lines.push('');
  lines.push(summary);
  if (report.truncated) lines.push(c.dim(t('summary.truncated', o.lang, { shown: report.issues.filter((i) => i.severity === 'error').length })));
  return lines.join('\n');
}
