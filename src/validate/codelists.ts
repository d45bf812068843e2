import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import { issue } from '../issues/make.js';
import { ref } from '../issues/text.js';
import { loadCodeList, lookupCode, suggestCode, editDistance, type CodeList, type CodeListEntry } from '../profiles/codelist.js';

/** The "did you mean …" tail of a message, or nothing. */
const didYouMean = (s: string | undefined) => (s ? ref('word.didYouMean', { value: s }) : '' as const);

/** Every label of a two-level list (top level and children), for the subject classification. */
function allLabels(list: CodeList): string[] {
  const out: string[] = [];
  const walk = (es: (CodeListEntry | string)[]) => {
    for (const e of es) {
      if (typeof e === 'string') out.push(e);
      else {
        out.push(e.label, ...(e.aliases ?? []));
        if (e.children) walk(e.children);
      }
    }
  };
  walk(list.entries);
  return out;
}

let subjectLabels: Set<string> | undefined;
function subjectSet(): Set<string> {
  return (subjectLabels ??= new Set(allLabels(loadCodeList('subject-classification'))));
}

function nearest(labels: Iterable<string>, value: string): string | undefined {
  let best: { d: number; l: string } | undefined;
  for (const l of labels) {
    const d = editDistance(value, l);
    if (!best || d < best.d) best = { d, l };
  }
  return best && best.d <= Math.max(1, Math.floor([...value].length / 3)) ? best.l : undefined;
}

/**
 * Classification code lists that a JSON Schema keyword cannot express: 行业分类 codes against
 * GB/T 4754-2017 (门类/大类, or a longer code whose first two digits are a 大类), and 主题分类
 * names against the two-level GB/T 21063.4 subject table.
 */
export function checkClassifications(record: CatalogRecord): Issue[] {
  const issues: Issue[] = [];
  const cs = record.classifications;
  if (!Array.isArray(cs)) return issues;
  cs.forEach((c, i) => {
    if (!c || typeof c !== 'object') return;
    if (c.scheme === '行业分类' && typeof c.code === 'string' && c.code !== '') {
      const list = loadCodeList('industry');
      // Accept "C", "39", "C39", "3911" (a 小类 under a known 大类).
      const m = /^([A-T])?(\d{2})?\d*$/.exec(c.code.trim().toUpperCase());
      const ok = !!m && (m[2] ? !!lookupCode(list, m[2]) && (!m[1] || lookupCode(list, m[2])!.parent === m[1]) : !!m[1]);
      if (!ok) {
        const s = suggestCode(list, c.code);
        issues.push(issue('industry-code-unknown', { value: c.code, suggestion: s, didYouMean: didYouMean(s) },
          { rule: 'industry-code-unknown', severity: 'warning', path: `/classifications/${i}/code`, value: c.code }));
      }
    }
    if (c.scheme === '主题分类' && typeof c.name === 'string' && c.name !== '' && !subjectSet().has(c.name.trim())) {
      const s = nearest(subjectSet(), c.name.trim());
      issues.push(issue('subject-class-unknown', { value: c.name, suggestion: s, didYouMean: didYouMean(s) },
        { rule: 'subject-class-unknown', severity: 'warning', path: `/classifications/${i}/name`, value: c.name }));
    }
  });
  return issues;
}
