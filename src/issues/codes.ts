import type { MessageRef, Text } from './text.js';

/** A label known in both languages (a field name) or a plain string (a JSON pointer, a pattern). */
type Label = Text | string;
/** A nested "did you mean …" message, or '' when there is nothing to suggest. */
type Tail = MessageRef | '';

/**
 * The typed issue codes: code → the params its message needs (src/i18n/catalogue.ts holds the zh/en templates;
 * test/unit/i18n/catalogue.test.ts checks that every code here has both). `issue()` only takes these codes,
 * so a typo or a missing param is a type error. Params are also what machine consumers read in JSON reports.
 */
export interface IssueParams {
  // profile schema (src/validate/schema.ts)
  'required-missing': { field: Label };
  'conditional-required': { field: Label; ruleText: Label };
  'type-mismatch': { field: Label; expected: string };
  'pattern-mismatch': { field: Label; value: string; hint: Label };
  'format-invalid': { field: Label; value: string; format: string; formatName: Label };
  'enum-mismatch': { field: Label; value: string; codelist?: string; suggestion?: string; didYouMean: Tail };
  'too-short': { field: Label };
  'too-long': { field: Label; limit: number };
  'too-many': { field: Label; limit: number };
  'unknown-field': { field: string };
  'schema-violation': { field: Label; detail: string; keyword: string };
  // code lists and identifiers (src/validate/codelists.ts, identifiers.ts)
  'industry-code-unknown': { value: string; suggestion?: string; didYouMean: Tail };
  'subject-class-unknown': { value: string; suggestion?: string; didYouMean: Tail };
  'provider-code-invalid': { value: string; reason: string; reasonText: MessageRef } & Record<string, unknown>;
  'resource-code-class-mismatch': { value: string; prefix: string; expected: string };
  'resource-identifier-pattern': { value: string; pattern: string };
  // across records (src/validate/cross-record.ts); `first` is the 0-based index, `firstRecord` the 1-based number shown
  'duplicate-identifier': { field: Text; value: string; provider: string; first: number; firstRecord: number };
  'duplicate-title': { value: string; provider: string; first: number; firstRecord: number };
  'related-resource-missing': { value: string };
  'duplicate-item-name': { value: string; first: number };
}

export type IssueCode = keyof IssueParams;
