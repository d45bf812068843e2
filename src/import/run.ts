import fs from 'node:fs';
import path from 'node:path';
import type { CatalogRecord } from '../model/record.js';
import type { MapReport } from '../mapping/report.js';
import { IMPORTERS } from './index.js';
import { chooseImporter } from './detect.js';
import type { FieldCounts } from './values.js';

/**
 * The importer a mapping template names, if any: templates/import/<name>.json holds {"importer": "<name>"},
 * so `catalog map --mapping templates/import/datajson.json` reads a data.json catalogue as records.
 */
export function importerOfTemplate(file: string): string | undefined {
  if (!fs.existsSync(file) || path.extname(file) !== '.json') return undefined;
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    return doc && typeof doc === 'object' && typeof doc.importer === 'string' ? doc.importer : undefined;
  } catch {
    return undefined; // not ours to judge: the template loader reports broken templates
  }
}

/** The map report of an import, plus where each source field went (FieldCounts). */
export type ImportReport = MapReport & { fields: FieldCounts };

/**
 * Run an importer over files and account for every entry as `catalog map` does:
 * rows = records + rejected, where a rejected row is an entry the importer had to skip.
 */
export async function importFiles(files: string[], importer: string): Promise<{ records: CatalogRecord[]; report: ImportReport }> {
  const imp = IMPORTERS[importer];
  if (!imp) throw new Error(`unknown importer "${importer}"; available: ${Object.keys(IMPORTERS).join(', ')}`);
  const report: ImportReport = { version: 1, template: `import/${importer}`, files: [], rows: 0, records: 0, rejected: 0, blank: 0, rejects: [], warnings: [], fields: {} };
  const records: CatalogRecord[] = [];
  for (const file of files) {
    report.files.push(file);
    const bytes = new Uint8Array(fs.readFileSync(file));
    chooseImporter(bytes, file, importer, Object.keys(IMPORTERS)); // a template naming the wrong importer is refused like --from
    const result = await imp.run(bytes, { file });
    for (const [k, f] of Object.entries(result.fields ?? {})) {
      const sum = (report.fields[k] ??= { count: 0, to: f.to });
      sum.count += f.count;
    }
    records.push(...result.records);
    for (const i of result.issues) {
      if (i.code === 'import-skipped') report.rejects.push(i);
      else report.warnings.push(i);
    }
  }
  report.records = records.length;
  report.rejected = report.rejects.length;
  report.rows = report.records + report.rejected;
  return { records, report };
}
