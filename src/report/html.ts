import type { ValidationReport } from '../validate/report.js';
import type { Issue } from '../issues/issue.js';
import { t, tCode } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';
import { renderIssue } from '../i18n/render-issue.js';
import { formatLocation } from './pretty.js';
import { RULES } from '../validate/rules.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1d2329;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.meta{color:#5b6570}.cards{display:flex;gap:.75rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:.6rem 1rem;min-width:7rem}
.card .n{font-size:1.6rem;font-weight:600;display:block}.card.bad .n{color:#b3261e}.card.ok .n{color:#1e7a34}.card.warn .n{color:#8a5a00}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #e3e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev-error{color:#b3261e;font-weight:600}.sev-warning{color:#8a5a00;font-weight:600}.sev-info{color:#0b5cad}
.note{background:#fff7e0;border:1px solid #f0d48a;padding:.5rem .75rem;border-radius:6px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
@media (prefers-color-scheme: dark){body{background:#15191d;color:#e3e7eb}th{background:#22282e}th,td{border-color:#2e363d}.card{border-color:#2e363d}}
`;

/** A self-contained HTML report (inline CSS, no scripts, no external assets). */
export function formatHtml(report: ValidationReport, o: { lang: Lang; title?: string }): string {
  const L = (k: string) => esc(tCode(`html.${k}`, o.lang));
  const s = report.stats;
  const card = (id: string, cls: string, n: number) => `<div class="card ${cls}"><span class="n" data-stat="${id}">${n}</span>${L(id)}</div>`;
  const desc = new Map(RULES.map((r) => [r.id, r.description[o.lang]]));
  const ruleRows = report.rules.map((r) => `<tr data-rule="${esc(r.rule)}"><td><code>${esc(r.rule)}</code></td><td>${esc(desc.get(r.rule) ?? '')}</td><td class="num" data-col="records">${r.records}</td><td class="num" data-col="errors">${r.errors}</td><td class="num" data-col="warnings">${r.warnings}</td><td class="num" data-col="infos">${r.infos}</td></tr>`);
  const srcRows = report.sources.map((x) => `<tr data-source="${esc(x.file)}${x.sheet ? '#' + esc(x.sheet) : ''}"><td>${esc(x.file)}</td><td>${esc(x.sheet ?? '')}</td><td class="num" data-col="records">${x.records}</td><td class="num" data-col="valid">${x.valid}</td><td class="num" data-col="invalid">${x.invalid}</td><td class="num" data-col="errors">${x.errors}</td><td class="num" data-col="warnings">${x.warnings}</td></tr>`);
  const issueRows = report.issues.map((i: Issue) => `<tr><td class="sev-${i.severity}">${esc(t(`word.${i.severity}`, o.lang))}</td><td>${i.record === undefined ? '' : '#' + (i.record + 1)}</td><td>${esc(formatLocation(i, o.lang))}</td><td><code>${esc(i.path || '/')}</code></td><td><code>${esc(i.rule ?? i.code)}</code></td><td>${esc(renderIssue(i, o.lang).message)}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(o.title ?? t('html.title', o.lang))}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(o.title ?? t('html.title', o.lang))}</h1>
<p class="meta">${L('profile')}: <code>${esc(report.profile)}</code> · report v${report.version}</p>
<section id="summary" class="cards">
${card('records', '', s.records)}
${card('valid', 'ok', s.valid)}
${card('invalid', s.invalid ? 'bad' : 'ok', s.invalid)}
${card('errors', s.errors ? 'bad' : 'ok', s.errors)}
${card('warnings', s.warnings ? 'warn' : 'ok', s.warnings)}
${card('infos', '', s.infos)}
</section>
${report.truncated ? `<p class="note" id="truncated">${L('truncated')}</p>` : ''}
<h2>${L('byRule')}</h2>
<table id="rules"><thead><tr><th>${L('rule')}</th><th>${L('description')}</th><th>${L('records')}</th><th>${L('errors')}</th><th>${L('warnings')}</th><th>${L('infos')}</th></tr></thead>
<tbody>${ruleRows.join('\n') || `<tr><td colspan="6">${L('none')}</td></tr>`}</tbody></table>
<h2>${L('bySource')}</h2>
<table id="sources"><thead><tr><th>${L('file')}</th><th>${L('sheet')}</th><th>${L('records')}</th><th>${L('valid')}</th><th>${L('invalid')}</th><th>${L('errors')}</th><th>${L('warnings')}</th></tr></thead>
<tbody>${srcRows.join('\n')}</tbody></table>
<h2>${L('issues')}</h2>
<table id="issues"><thead><tr><th>${L('severity')}</th><th>#</th><th>${L('location')}</th><th>${L('field')}</th><th>${L('rule')}</th><th>${L('message')}</th></tr></thead>
<tbody>${issueRows.join('\n') || `<tr><td colspan="6">${L('none')}</td></tr>`}</tbody></table>
</body>
</html>
`;
}
