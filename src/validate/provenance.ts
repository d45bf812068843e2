import type { CatalogRecord, CellRef } from '../model/record.js';
import type { Issue } from '../issues/issue.js';

/**
 * Point an issue at the source cell: the record's per-field provenance for the issue's path
 * (or its closest parent, or for a missing object the column of one of its parts), else the record's own row, else the file and line it was read from.
 */
export function attachProvenance(issue: Issue, record: CatalogRecord, fallback: { file: string; line?: number }): Issue {
  const p = record.provenance;
  const file = p?.file ?? fallback.file;
  let cell: CellRef | undefined;
  if (p?.fields) {
    let ptr = issue.path;
    while (ptr && !cell) {
      cell = p.fields[ptr];
      ptr = ptr.slice(0, ptr.lastIndexOf('/'));
    }
    // A missing object (/format) whose part's column was mapped but empty (/format/category): name that column.
    if (!cell && issue.path) {
      const child = Object.keys(p.fields).find((k) => k.startsWith(issue.path + '/'));
      if (child) cell = p.fields[child];
    }
  }
  const provenance = {
    file,
    ...(p?.sheet ? { sheet: p.sheet } : {}),
    ...(p?.row !== undefined ? { row: p.row } : {}),
    ...(p?.column ? { column: p.column } : {}),
    ...(cell ?? {}),
    ...(p ? (p.line !== undefined ? { line: p.line } : {}) : fallback.line !== undefined ? { line: fallback.line } : {}),
  };
  return { ...issue, provenance };
}
