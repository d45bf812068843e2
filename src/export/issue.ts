import type { Issue, Severity } from '../issues/issue.js';

/** An export finding as an Issue (record = index in the input when about a record); rendered at the edge. */
export function exportIssue(code: string, params: Record<string, unknown>, opts: { severity?: Severity; record?: number; path?: string } = {}): Issue {
  return {
    code,
    severity: opts.severity ?? 'warning',
    path: opts.path ?? '',
    ...(opts.record !== undefined ? { record: opts.record } : {}),
    params,
  };
}
