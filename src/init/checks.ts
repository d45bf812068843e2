import { loadCodeList, lookupCode, type CodeList } from '../profiles/codelist.js';
import { checkProviderCode } from '../validate/identifiers.js';
import { ref } from '../issues/text.js';

/** Outcome of checking one answer of `catalog init`: message code + params when it is not acceptable. */
export interface AnswerCheck {
  valid: boolean;
  /** i18n message code (init.*) explaining the fault. */
  reason?: string;
  params?: Record<string, unknown>;
  /** What the value stands for (e.g. the division's name), for echoing back to the user. */
  label?: string;
}

let divisions: CodeList | undefined;

/** A GB/T 2260 administrative division code: 6 digits and present in standards/common/codelists/division.json. */
export function checkDivision(code: string): AnswerCheck {
  const c = code.trim();
  if (!/^\d{6}$/.test(c)) return { valid: false, reason: 'init.division-format', params: { value: code } };
  divisions ??= loadCodeList('division');
  const hit = lookupCode(divisions, c);
  if (!hit) return { valid: false, reason: 'init.division-unknown', params: { value: c } };
  return { valid: true, label: hit.label };
}

/**
 * The department's 统一社会信用代码 (GB 32100: 18 characters, mod-31 check character) or legacy 组织机构代码
 * (GB 11714: 9 characters, mod-11 check digit), checked by validate/identifiers.ts. The reason
 * of a bad code travels as a nested message (`detail`), rendered at the edge.
 */
export function checkDepartmentCode(code: string): AnswerCheck {
  const c = code.trim().toUpperCase();
  if (!c) return { valid: false, reason: 'init.code-empty', params: {} };
  const r = checkProviderCode(c);
  if (r.valid) return { valid: true, label: r.kind };
  return { valid: false, reason: 'init.code-invalid', params: { value: c, detail: ref(r.reason ?? 'usage-error', r.params) } };
}

/** A centre URL: http(s) only. Empty is allowed (no centre yet). */
export function checkCentreUrl(url: string): AnswerCheck {
  if (!url.trim()) return { valid: true };
  try {
    const u = new URL(url.trim());
    if (u.protocol === 'http:' || u.protocol === 'https:') return { valid: true };
  } catch {
    // fall through
  }
  return { valid: false, reason: 'init.centre-url', params: { value: url } };
}

/**
 * The division inside an 18-character 统一社会信用代码 (GB 32100: characters 3–8 are the registration authority's
 * GB/T 2260 code) against the division entered. Valid when they agree or the code carries none (a 9-character
 * organisation code); otherwise the reason names both divisions.
 */
export function checkCodeDivision(code: string, division: string): AnswerCheck {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return { valid: true };
  const inCode = c.slice(2, 8);
  if (inCode === division.trim()) return { valid: true };
  divisions ??= loadCodeList('division');
  const name = (d: string) => lookupCode(divisions!, d)?.label ?? '?';
  return { valid: false, reason: 'init.code-division', params: { code: c, inCode, inCodeName: name(inCode), division: division.trim(), divisionName: name(division.trim()) } };
}
