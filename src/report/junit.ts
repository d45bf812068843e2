import type { ValidationReport, RuleSummary } from '../validate/report.js';
import { RULES } from '../validate/rules.js';
import { formatLocation } from './pretty.js';
import type { Lang } from '../i18n/lang.js';
import { renderIssue } from '../i18n/render-issue.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)
    // XML 1.0 forbids most control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML for CI: one test case per rule (every rule of the rule table, plus any other rule that
 * fired). A rule with errors fails, listing its issues; warnings and infos go to system-out.
 */
export function formatJunit(report: ValidationReport, o: { lang: Lang; name?: string }): string {
  const byRule = new Map<string, RuleSummary>(report.rules.map((r) => [r.rule, r]));
  const ids = [...new Set([...RULES.map((r) => r.id), ...byRule.keys()])];
  const cases: string[] = [];
  let failures = 0;
  for (const id of ids) {
    const r = byRule.get(id);
    const issues = report.issues.filter((i) => (i.rule ?? i.code) === id);
    const lines = issues.map((i) => `${formatLocation(i, o.lang)} ${i.path}: ${renderIssue(i, o.lang).message}`);
    let body = '';
    if (r && r.errors > 0) {
      failures++;
      body += `<failure message="${esc(`${r.errors} error(s) in ${r.records} record(s)`)}" type="${esc(r.code)}">${esc(lines.join('\n'))}</failure>`;
    } else if (r && lines.length) body += `<system-out>${esc(lines.join('\n'))}</system-out>`;
    cases.push(`    <testcase classname="catalog.validate" name="${esc(id)}">${body}</testcase>`);
  }
  const s = report.stats;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(o.name ?? 'catalog validate')}" tests="${ids.length}" failures="${failures}">`,
    `  <testsuite name="rules (${esc(report.profile)})" tests="${ids.length}" failures="${failures}" errors="0" skipped="0">`,
    '    <properties>',
    ...Object.entries(s).map(([k, v]) => `      <property name="${k}" value="${v}"/>`),
    `      <property name="truncated" value="${report.truncated}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
