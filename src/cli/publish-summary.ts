import type { PublishResult, RejectedRecord } from '../index.js';
import type { Lang } from '../index.js';
import { t, tCode } from './text.js';

type Worded = { message?: string; wording?: { msg: string; params?: Record<string, unknown> } };

/** A reason or fallback with its text: the target's own words, else publish's code worded in `lang`. */
function worded<T extends Worded>(x: T, lang: Lang): Omit<T, 'wording'> {
  const { wording, ...rest } = x;
  return wording ? { ...rest, message: tCode(wording.msg, lang, wording.params) } : rest;
}

/** The result as people and JSON readers see it: every reason and fallback of publish's own worded in `lang`. */
export function renderPublishResult(r: PublishResult, lang: Lang): PublishResult {
  return {
    ...r,
    rejected: r.rejected.map((x) => ({ ...x, reasons: x.reasons.map((w) => worded(w, lang)) })),
    packages: r.packages.map((p) => ({ ...p, ...(p.fallback ? { fallback: worded(p.fallback, lang) } : {}), ...(p.reasons ? { reasons: p.reasons.map((w) => worded(w, lang)) } : {}) })),
  };
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

/** The human summary printed at the end of `catalog publish` (stdout). */
export function formatSummary(result: PublishResult, lang: Lang, verbose: boolean): string {
  const r = renderPublishResult(result, lang);
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
