// The base of the stack: issues as data. Imports nothing but types from model/.
export type { Issue, IssueProvenance, Severity } from './issue.js';
export { SEVERITY_ORDER } from './issue.js';
export type { IssueCode, IssueParams } from './codes.js';
export { issue, type IssueAt } from './make.js';
export { text, ref, isText, isMessageRef, type Text, type MessageRef } from './text.js';
