import type { ValidationReport } from '../validate/report.js';
import type { Lang } from '../i18n/lang.js';
import { renderIssues } from '../i18n/render-issue.js';

/** The report as JSON readers get it: every issue with its message (and params) in `lang`. */
export function renderReport(report: ValidationReport, lang: Lang): ValidationReport {
  return { ...report, issues: renderIssues(report.issues, lang) };
}
