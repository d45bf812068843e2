import type { Issue } from './issue.js';

export interface ValidationReport {
  /** Report schema version; bump on incompatible changes (docs/report-schema.md). */
  version: 1;
  valid: boolean;
  profile: string;
  stats: {
    records: number;
    valid: number;
    invalid: number;
    errors: number;
    warnings: number;
    infos: number;
  };
  /** True when --max-errors stopped collection early. */
  truncated: boolean;
  issues: Issue[];
}

/** Build a report from issues; `records` is how many records were checked. */
export function buildReport(profile: string, records: number, issues: Issue[], truncated = false): ValidationReport {
  const invalidRecords = new Set<number>();
  let errors = 0, warnings = 0, infos = 0;
  for (const i of issues) {
    if (i.severity === 'error') {
      errors++;
      if (i.record !== undefined) invalidRecords.add(i.record);
    } else if (i.severity === 'warning') warnings++;
    else infos++;
  }
  // File-level errors (unreadable input) make the run invalid even with no record attached.
  const fileErrors = issues.some((i) => i.severity === 'error' && i.record === undefined);
  return {
    version: 1,
    valid: errors === 0 && !fileErrors,
    profile,
    stats: { records, valid: records - invalidRecords.size, invalid: invalidRecords.size, errors, warnings, infos },
    truncated,
    issues,
  };
}
