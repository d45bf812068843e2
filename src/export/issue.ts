import { tCode } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';
import type { Issue, Severity } from '../issues/issue.js';

/** An export finding as an Issue (record = index in the input when about a record). */
export function exportIssue(code: string, lang: Lang, params: Record<string, unknown>, opts: { severity?: Severity; record?: number; path?: string } = {}): Issue {
  return {
    code,
    severity: opts.severity ?? 'warning',
    message: tCode(code, lang, params),
    path: opts.path ?? '',
    ...(opts.record !== undefined ? { record: opts.record } : {}),
    params,
  };
}
