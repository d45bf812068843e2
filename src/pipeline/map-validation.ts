import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../issues/issue.js';
import type { MappingTemplate } from '../mapping/template.js';
import type { MapReport } from '../mapping/report.js';

/** The report mapForValidation fills (re-exported so catalog validate loads mapping with one import). */
export { emptyReport } from '../mapping/report.js';
import type { RecordInput, ValidateOptions } from '../validate/records.js';
import { mapFile, type MapOptions } from './map-file.js';
import { jobsPlan, jobBatches } from './jobs.js';

/**
 * Map one file for validation (catalog validate --mapping): records to validate, with `mapReport` counting rows,
 * records, rejects and blanks (mapping warnings are not collected). A large CSV input is mapped and checked by
 * `o.jobs` worker threads: its records then come with their single-record issues (RecordInput.issues).
 */
export async function* mapForValidation(file: string, template: MappingTemplate, o: MapOptions, mapReport: MapReport, check: ValidateOptions): AsyncGenerator<RecordInput> {
  mapReport.files.push(file);
  const how = await jobsPlan(file, template, o);
  if (how) {
    for await (const b of jobBatches(file, template, o, mapReport, how, check)) {
      const found = new Map(JSON.parse(b.issues!) as [number, Issue[]][]);
      const { keys, views } = b;
      for (let i = 0, k = 0; i < views!.length; i++, k += 6) {
        const view = views![i];
        let record: CatalogRecord | undefined;
        yield {
          file, issues: found.get(i) ?? [], keys: { provider: keys![k], ids: [keys![k + 1] as string, keys![k + 2] as string, keys![k + 3] as string], title: keys![k + 4] as string, related: keys![k + 5] as boolean },
          get record() {
            return (record ??= JSON.parse(view) as CatalogRecord);
          },
        };
      }
    }
    return;
  }
  for await (const ev of mapFile(file, template, o, mapReport)) {
    if (ev.kind === 'blank') {
      mapReport.blank++;
      continue;
    }
    mapReport.rows++;
    if (ev.kind === 'reject') {
      mapReport.rejected++;
      mapReport.rejects.push(ev.reject);
    } else {
      mapReport.records++;
      yield { record: ev.record, file };
    }
  }
}
