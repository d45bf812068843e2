import fs from 'node:fs';
import type { CatalogRecord } from '../model/record.js';
import type { SourceRow } from '../readers/row.js';
import { ReadError } from '../readers/row.js';
import type { ReadOptions } from '../readers/options.js';
import type { SkippedRow } from '../readers/footer.js';
import { readSource } from '../readers/source.js';
import { readGrid } from '../readers/sheets.js';
import { sniffFormat } from '../readers/sniff.js';
import { headerLooksLikeData } from '../readers/headerless.js';
import { detectHeaderRow } from '../readers/header.js';
import type { Issue } from '../issues/issue.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/lang.js';
import type { FieldRule, MappingTemplate } from './template.js';
import { mapItems, mapRow, ColumnIndex, isEmpty, type MapRowOptions, type MappedItems, type RowResult } from './map.js';
import { readForm, readHeaderSheet } from './form.js';
import { planCsv } from '../parallel/split.js';
import { jobsSizes, runCsvJobs, type JobsOptions } from '../parallel/run.js';
import type { Batch } from '../parallel/worker.js';
import type { CsvPlan } from '../parallel/range.js';
import type { RecordInput, ValidateOptions } from '../validate/records.js';

export interface MapOptions extends MapRowOptions {
  /** Overrides of the template's source options (CLI --sheet, --encoding…). */
  read?: ReadOptions;
  /** Worker threads for large CSV inputs (src/parallel; default 1: none). Used by mapSourcesJsonl and mapForValidation. */
  jobs?: number;
  /** Sizes for --jobs (tests lower them). */
  jobSizes?: Pick<JobsOptions, 'minBytes' | 'rangeBytes'>;
}

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

/** Default 信息项 rules when a template gives none: header-row items take their name from the header cell. */
const HEADER_ITEM_RULES: FieldRule[] = [{ field: '/name', column: '$header' }];

function readOptionsOf(template: MappingTemplate, o: MapOptions): ReadOptions {
  const s = template.source ?? {};
  const r: ReadOptions = { ...(s.sheet !== undefined ? { sheet: s.sheet } : {}), ...(s.headerRow ? { headerRow: s.headerRow } : {}), ...(s.encoding ? { encoding: s.encoding } : {}),
    ...(s.delimiter ? { delimiter: s.delimiter } : {}), ...(s.recordPath ? { recordPath: s.recordPath } : {}), ...(s.header === false ? { header: false } : {}),
    ...(s.footerRows !== undefined ? { footerRows: s.footerRows } : {}) };
  for (const [k, v] of Object.entries(o.read ?? {})) if (v !== undefined) (r as any)[k] = v;
  return r;
}

/** One outcome of the run, in source order. */
export type MapEvent = RowResult & { row?: SourceRow };

const normKey = (v: unknown) => (isEmpty(v) ? '' : String(v).normalize('NFKC').trim());

/** Read the 信息项 sheet of a workbook, grouped by resource key. */
async function readItemSheet(file: string, template: MappingTemplate, read: ReadOptions): Promise<Map<string, SourceRow[]> | undefined> {
  const spec = template.items!;
  const groups = new Map<string, SourceRow[]>();
  try {
    for await (const row of readSource(file, { ...read, sheet: spec.sheet, headerRow: spec.headerRow, onBytes: undefined })) {
      const idx = new ColumnIndex(row);
      const h = idx.resolve(spec.key ?? []);
      const key = h === undefined ? '' : normKey(idx.value(h));
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(row);
    }
  } catch (err) {
    if (err instanceof ReadError && err.code === 'sheet-not-found') return undefined;
    throw err;
  }
  return groups;
}

const itemsSheetMissing = (file: string, template: MappingTemplate, lang: Lang): Issue =>
  ({ code: 'map-items-sheet-missing', severity: 'warning', path: '/items', provenance: { file }, message: t('map-items-sheet-missing', lang, { file, sheet: template.items!.sheet }) });

/**
 * Map one source file with a template, yielding each row's outcome in order. Table layout streams rows;
 * form and sheet-per-resource layouts read the workbook as grids (one outcome per sheet).
 * Throws ReadError when the file cannot be read.
 */
export async function* mapFile(file: string, template: MappingTemplate, o: MapOptions = {}, report?: MapReport): AsyncGenerator<MapEvent> {
  const layout = template.source?.layout ?? 'table';
  const read = readOptionsOf(template, o);
  if (report) read.onSkip = (row) => (report.skipped ??= []).push(row);
  const itemRules = template.items?.fields ?? (template.items?.from === 'header-row' ? HEADER_ITEM_RULES : []);
  const lang = o.lang ?? 'en';
  if (layout === 'form' || layout === 'sheet-per-resource') {
    for (const grid of await readGrid(file, read)) {
      if (grid.rowCount === 0 || grid.values.every((r) => r.every((v) => isEmpty(v)))) {
        yield { kind: 'blank' };
        continue;
      }
      if (layout === 'form') {
        const form = readForm(file, grid, { itemsHeader: template.items?.headerLabel, endMarker: template.items?.endMarker });
        const items = template.items ? mapItems(form.itemRows, itemRules, o) : undefined;
        yield { ...mapRow(form.row, template, o, items), row: form.row };
      } else {
        const headerRow = read.headerRow ?? template.items?.headerRow ?? detectHeaderRow(grid);
        const sheet = readHeaderSheet(file, grid, headerRow, template.items?.exclude);
        if (report) report.ignoredDataRows = (report.ignoredDataRows ?? 0) + sheet.dataRows;
        yield { ...mapRow(sheet.row, template, o, mapItems(sheet.itemRows, itemRules, o)), row: sheet.row };
      }
    }
    return;
  }
  // table layout, optionally joined with an 信息项 sheet by key
  let groups: Map<string, SourceRow[]> | undefined;
  const joined = new Set<string>();
  const format = sniffFormat(file);
  const spec = template.items;
  const join = spec?.from === 'sheet' && (format === 'xls' || format === 'xlsx');
  if (join) {
    groups = await readItemSheet(file, template, read);
    if (!groups) report?.warnings.push(itemsSheetMissing(file, template, lang));
  } else if (spec?.from === 'sheet') report?.warnings.push(itemsSheetMissing(file, template, lang));
  const sheetRead = format === 'xls' || format === 'xlsx' || format === 'html' ? read : { ...read, sheet: undefined };
  let data = false;
  let first = format === 'csv' && read.header !== false;
  for await (const row of readSource(file, sheetRead)) {
    if (first) {
      first = false;
      const names = Object.keys(row.values);
      if (headerLooksLikeData(names)) report?.warnings.push({ code: 'map-header-looks-like-data', severity: 'warning', path: '', provenance: { file, row: 1 }, value: names.slice(0, 3).join(', '), message: t('map-header-looks-like-data', lang, { file, names: names.slice(0, 3).join(lang === 'zh' ? '、' : ', ') }) });
    }
    if (groups && row.provenance.sheet !== undefined && (row.provenance.sheet === spec!.sheet || String(spec!.sheet) === String(row.provenance.sheet))) continue;
    let items: MappedItems | undefined;
    if (groups) {
      const idx = new ColumnIndex(row);
      const h = idx.resolve(spec!.resourceKey ?? []);
      const key = h === undefined ? '' : normKey(idx.value(h));
      const rows = key ? groups.get(key) : undefined;
      if (rows) joined.add(key);
      // The key column only links the item to its resource: it is not kept again in extensions.items.
      const keyHeader = rows?.length ? new ColumnIndex(rows[0]).resolve(spec!.key ?? []) : undefined;
      items = mapItems(rows ?? [], itemRules, o, keyHeader ? [keyHeader] : []);
    }
    // mapRow returns a fresh object: attach the row to it instead of copying it per row.
    const ev = Object.assign(mapRow(row, template, o, items), { row });
    if (ev.kind !== 'blank') data = true;
    yield ev;
  }
  // A sheet with its header and nothing under it is a mistake (the wrong sheet, or rows not filled in), not "valid".
  if (!data) report?.rejects.push(noDataIssue(file, read, lang));
  if (groups && report) {
    for (const [key, rows] of groups) {
      if (joined.has(key)) continue;
      for (const r of rows) report.warnings.push({ code: 'map-item-orphan', severity: 'warning', path: '/items', provenance: { file, sheet: r.provenance.sheet, row: r.provenance.row }, value: key, message: t('map-item-orphan', lang, { key }) });
    }
  }
}

function noDataIssue(file: string, read: ReadOptions, lang: Lang): Issue {
  const sheet = read.sheet === undefined ? undefined : String(read.sheet);
  return { code: 'map-no-data-rows', severity: 'error', path: '', provenance: { file, ...(sheet ? { sheet } : {}) }, message: t('map-no-data-rows', lang, { file }) };
}

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

/** Rows per message from a worker thread. */
const BATCH_ROWS = 1000;

/** How to map a file with worker threads, or undefined to map it on this thread (see src/parallel/split.ts). */
async function jobsPlan(file: string, template: MappingTemplate, o: MapOptions): Promise<{ plan: CsvPlan; jobs: number; rangeBytes: number } | undefined> {
  const jobs = o.jobs ?? 1;
  if (jobs < 2 || (template.source?.layout ?? 'table') !== 'table') return undefined;
  const { minBytes, rangeBytes } = jobsSizes(o.jobSizes ?? {});
  const read = readOptionsOf(template, o);
  try {
    if (fs.statSync(file).size < minBytes || (read.format ?? sniffFormat(file)) !== 'csv') return undefined;
  } catch {
    return undefined; // the single-thread reader reports it
  }
  // the plan goes to worker threads: no functions in it (bytes are told as ranges come back, see runCsvJobs)
  const plan = await planCsv(file, { ...read, sheet: undefined, onBytes: undefined });
  return plan && { plan, jobs, rangeBytes };
}

/** Worker-thread batches of a file, with the report filled as mapFile + mapSources fill it. */
async function* jobBatches(file: string, template: MappingTemplate, o: MapOptions, report: MapReport, how: NonNullable<Awaited<ReturnType<typeof jobsPlan>>>, check?: ValidateOptions): AsyncGenerator<Batch> {
  if (template.items?.from === 'sheet') report.warnings.push(itemsSheetMissing(file, template, o.lang ?? 'en'));
  const init = { template, config: o.config, lang: o.lang, batchRows: BATCH_ROWS, ...(check ? { check: { profile: check.profile, disputed: check.disputed, rules: check.rules } } : {}) };
  for await (const b of runCsvJobs(how.plan, init, how.jobs, how.rangeBytes, o.read?.onBytes)) {
    report.rows += b.rows;
    report.blank += b.blank;
    report.records += b.records;
    report.rejected += b.rejected;
    for (const w of b.warnings) report.warnings.push(w);
    for (const r of b.rejects) report.rejects.push(r);
    yield b;
  }
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
