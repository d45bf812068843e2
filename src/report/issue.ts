// Moved to src/issues/issue.ts; this re-export is kept only so that branches in flight still compile. Remove after merge.
export type { Issue, Severity } from '../issues/issue.js';
export { SEVERITY_ORDER } from '../issues/issue.js';
