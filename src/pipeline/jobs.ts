import fs from 'node:fs';
import { sniffFormat } from '../readers/sniff.js';
import type { MappingTemplate } from '../mapping/template.js';
import type { MapReport } from '../mapping/report.js';
import { planCsv } from '../parallel/split.js';
import { jobsSizes, runCsvJobs } from '../parallel/run.js';
import type { Batch } from '../parallel/worker.js';
import type { CsvPlan } from '../parallel/range.js';
import type { ValidateOptions } from '../validate/records.js';
import { itemsSheetMissing, templateReadOptions, type MapOptions } from './map-file.js';

/** Rows per message from a worker thread. */
const BATCH_ROWS = 1000;

/** How to map a file with worker threads, or undefined to map it on this thread (see src/parallel/split.ts). */
export async function jobsPlan(file: string, template: MappingTemplate, o: MapOptions): Promise<{ plan: CsvPlan; jobs: number; rangeBytes: number } | undefined> {
  const jobs = o.jobs ?? 1;
  if (jobs < 2 || (template.source?.layout ?? 'table') !== 'table') return undefined;
  const { minBytes, rangeBytes } = jobsSizes(o.jobSizes ?? {});
  const read = templateReadOptions(template, o);
  try {
    if (fs.statSync(file).size < minBytes || (read.format ?? sniffFormat(file)) !== 'csv') return undefined;
  } catch {
    return undefined; // the single-thread reader reports it
  }
  const plan = await planCsv(file, { ...read, sheet: undefined, onBytes: undefined });
  return plan && { plan, jobs, rangeBytes };
}

/** Worker-thread batches of a file, with the report filled as mapFile + mapSources fill it. */
export async function* jobBatches(file: string, template: MappingTemplate, o: MapOptions, report: MapReport, how: NonNullable<Awaited<ReturnType<typeof jobsPlan>>>, check?: ValidateOptions): AsyncGenerator<Batch> {
  if (template.items?.from === 'sheet') report.warnings.push(itemsSheetMissing(file, template));
  const init = { template, config: o.config, batchRows: BATCH_ROWS, ...(check ? { check: { profile: check.profile, disputed: check.disputed, rules: check.rules } } : {}) };
  for await (const b of runCsvJobs(how.plan, init, how.jobs, how.rangeBytes, (row) => (report.skipped ??= []).push(row), o.read?.onBytes)) {
    report.rows += b.rows;
    report.blank += b.blank;
    report.records += b.records;
    report.rejected += b.rejected;
    for (const w of b.warnings) report.warnings.push(w);
    for (const r of b.rejects) report.rejects.push(r);
    yield b;
  }
}

