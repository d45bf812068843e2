import type { CatalogRecord } from '../model/record.js';
import type { WorkspaceConfig } from '../config/workspace.js';
import type { Issue } from '../issues/issue.js';

/** Settings an exporter may need: workspace config (export.*, department). Issues come back as codes + params. */
export interface ExportContext {
  config?: WorkspaceConfig;
}

/** An export: the bytes/text to write, plus warnings about what the target format could not receive. */
export interface ExportResult {
  content: string | Uint8Array;
  /** Suggested file extension (without dot). */
  extension: string;
  issues: Issue[];
}

export interface Exporter {
  id: string;
  description: string;
  /** Record fields (JSON pointers) the format carries and its importer reads back. */
  carries: string[];
  run(records: CatalogRecord[], ctx: ExportContext): ExportResult | Promise<ExportResult>;
}
