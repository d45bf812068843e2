import type { SourceRow } from '../readers/row.js';
import { ReadError } from '../readers/row.js';
import type { ReadOptions } from '../readers/options.js';
import { readSource } from '../readers/source.js';
import { readGrid } from '../readers/sheets.js';
import { sniffFormat } from '../readers/sniff.js';
import { headerLooksLikeData } from '../readers/headerless.js';
import { detectHeaderRow } from '../readers/header.js';
import { readForm, readHeaderSheet } from '../readers/form.js';
import type { Issue } from '../issues/issue.js';
import { text } from '../issues/text.js';
import type { FieldRule, MappingTemplate } from '../mapping/template.js';
import { mapItems, mapRow, ColumnIndex, isEmpty, type MapRowOptions, type MappedItems, type RowResult } from '../mapping/map.js';
import type { MapReport } from '../mapping/report.js';
import type { JobsOptions } from '../parallel/run.js';

export interface MapOptions extends MapRowOptions {
  /** Overrides of the template's source options (CLI --sheet, --encoding…). */
  read?: ReadOptions;
  /** Worker threads for large CSV inputs (src/parallel; default 1: none). Used by mapSourcesJsonl and mapForValidation. */
  jobs?: number;
  /** Sizes for --jobs (tests lower them). */
  jobSizes?: Pick<JobsOptions, 'minBytes' | 'rangeBytes'>;
}

/** Default 信息项 rules when a template gives none: header-row items take their name from the header cell. */
const HEADER_ITEM_RULES: FieldRule[] = [{ field: '/name', column: '$header' }];

export function templateReadOptions(template: MappingTemplate, o: MapOptions): ReadOptions {
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

export const itemsSheetMissing = (file: string, template: MappingTemplate): Issue =>
  ({ code: 'map-items-sheet-missing', severity: 'warning', path: '/items', provenance: { file }, params: { file, sheet: template.items!.sheet } });

/**
 * Map one source file with a template, yielding each row's outcome in order. Table layout streams rows;
 * form and sheet-per-resource layouts read the workbook as grids (one outcome per sheet).
 * Throws ReadError when the file cannot be read.
 */
export async function* mapFile(file: string, template: MappingTemplate, o: MapOptions = {}, report?: MapReport): AsyncGenerator<MapEvent> {
  const layout = template.source?.layout ?? 'table';
  const read = templateReadOptions(template, o);
  if (report) read.onSkip = (row) => (report.skipped ??= []).push(row);
  const itemRules = template.items?.fields ?? (template.items?.from === 'header-row' ? HEADER_ITEM_RULES : []);
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
    if (!groups) report?.warnings.push(itemsSheetMissing(file, template));
  } else if (spec?.from === 'sheet') report?.warnings.push(itemsSheetMissing(file, template));
  const sheetRead = format === 'xls' || format === 'xlsx' || format === 'html' ? read : { ...read, sheet: undefined };
  let data = false;
  let first = format === 'csv' && read.header !== false;
  for await (const row of readSource(file, sheetRead)) {
    if (first) {
      first = false;
      const names = Object.keys(row.values);
      if (headerLooksLikeData(names)) report?.warnings.push({ code: 'map-header-looks-like-data', severity: 'warning', path: '', provenance: { file, row: 1 }, value: names.slice(0, 3).join(', '), params: { file, names: text(names.slice(0, 3).join('、'), names.slice(0, 3).join(', ')) } });
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
  if (!data) report?.rejects.push(noDataIssue(file, read));
  if (groups && report) {
    for (const [key, rows] of groups) {
      if (joined.has(key)) continue;
      for (const r of rows) report.warnings.push({ code: 'map-item-orphan', severity: 'warning', path: '/items', provenance: { file, sheet: r.provenance.sheet, row: r.provenance.row }, value: key, params: { key } });
    }
  }
}

function noDataIssue(file: string, read: ReadOptions): Issue {
  const sheet = read.sheet === undefined ? undefined : String(read.sheet);
  return { code: 'map-no-data-rows', severity: 'error', path: '', provenance: { file, ...(sheet ? { sheet } : {}) }, params: { file } };
}

