import type { CatalogRecord } from '../model/record.js';
import type { MappingTemplate } from '../mapping/template.js';
import { emptyReport, type MapReport } from '../mapping/report.js';
import { mapFile, type MapOptions } from './map-file.js';
import { jobsPlan, jobBatches } from './jobs.js';

/**
 * Map several files, yielding records and filling `report` as it goes (so a caller can stream records to a
 * file and read the counts afterwards). Every non-blank row ends up a record or a reject.
 */
export async function* mapSources(files: string[], template: MappingTemplate, o: MapOptions = {}, report: MapReport = emptyReport(template)): AsyncGenerator<CatalogRecord> {
  for (const file of files) {
    report.files.push(file);
    for await (const ev of mapFile(file, template, o, report)) {
      if (ev.kind === 'blank') {
        report.blank++;
        continue;
      }
      report.rows++;
      report.warnings.push(...ev.warnings);
      if (ev.kind === 'reject') {
        report.rejected++;
        report.rejects.push(ev.reject);
      } else {
        report.records++;
        yield ev.record;
      }
    }
  }
}

/** Map files and collect every record in memory (small inputs and tests; the CLI streams instead). */
export async function mapToArray(files: string[], template: MappingTemplate, o: MapOptions = {}): Promise<{ records: CatalogRecord[]; report: MapReport }> {
  const report = emptyReport(template);
  const records: CatalogRecord[] = [];
  for await (const r of mapSources(files, template, o, report)) records.push(r);
  return { records, report };
}

/**
 * Map files to records as JSON lines (catalog map): mapSources with each record serialised, except that a large CSV
 * input is mapped by `o.jobs` worker threads, with the same lines and report.
 */
export async function* mapSourcesJsonl(files: string[], template: MappingTemplate, o: MapOptions = {}, report: MapReport = emptyReport(template)): AsyncGenerator<string> {
  for (const file of files) {
    const how = await jobsPlan(file, template, o);
    if (!how) {
      for await (const r of mapSources([file], template, o, report)) yield JSON.stringify(r);
      continue;
    }
    report.files.push(file);
    for await (const b of jobBatches(file, template, o, report, how)) yield* b.lines!;
  }
}

