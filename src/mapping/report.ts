import type { SkippedRow } from '../rows/row.js';
import type { Issue } from '../issues/issue.js';
import type { MappingTemplate } from './template.js';

/**
 * The run report of `catalog map`. Counting (docs/map.md):
 * - `rows`: non-blank source units read: table rows (one per data row), forms (one per sheet) or sheets
 *   (sheet-per-resource). Always `rows = records + rejected`.
 * - `blank`: rows a reader delivered with every cell empty; skipped and not part of `rows`.
 *   (Wholly empty sheet rows and empty CSV lines are dropped by the readers and counted nowhere.)
 */
export interface MapReport {
  version: 1;
  template?: string;
  files: string[];
  rows: number;
  records: number;
  rejected: number;
  blank: number;
  /**
   * One issue per rejected row: code, reason, provenance (file/sheet/row/column), offending value; and one
   * map-no-data-rows per table file with nothing under its header (not a row, so not counted in `rejected`).
   */
  rejects: Issue[];
  /** Non-fatal findings (value kept in extensions, code-list miss, orphan 信息项…). */
  warnings: Issue[];
  /** sheet-per-resource: non-empty rows under each header, not mapped (they hold data, not catalogue metadata). */
  ignoredDataRows?: number;
  /** Rows after a table skipped as footers or notes (填表人/审核人/注…), not part of `rows`. */
  skipped?: SkippedRow[];
}

export function emptyReport(template?: MappingTemplate): MapReport {
  return { version: 1, ...(template?.name ? { template: template.name } : {}), files: [], rows: 0, records: 0, rejected: 0, blank: 0, rejects: [], warnings: [] };
}
