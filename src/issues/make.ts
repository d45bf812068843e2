import type { Issue } from './issue.js';
import type { IssueCode, IssueParams } from './codes.js';

/** Where and how bad: everything of an issue except its code and params (and never its text). */
export type IssueAt = Omit<Issue, 'code' | 'params' | 'message'>;

/** A typed issue: `issue('enum-mismatch', { field, value, didYouMean }, { severity: 'error', path })`. */
export function issue<C extends IssueCode>(code: C, params: IssueParams[C], at: IssueAt): Issue {
  return { code, ...at, params };
}
