import * as XLSX from '@e965/xlsx';
import { ensureCodepages } from '../readers/workbook.js';
import type { CatalogRecord } from '../model/record.js';
import type { ExportContext, ExportResult, Exporter } from './types.js';

/**
 * 目录清单: a human-readable listing, one row per record, columns in the 2017 guide's field order
 * then the GB/T 21063.3-only fields. Cells are neutralised against formula injection (CSV/formula
 * injection, OWASP): a cell starting with = + - @ tab or CR gets a leading apostrophe.
 */
export const LISTING_COLUMNS: { header: string; value: (r: CatalogRecord) => string | undefined }[] = [
  { header: '信息资源分类', value: (r) => r.directoryClass ? [r.directoryClass.class, r.directoryClass.item, r.directoryClass.heading, r.directoryClass.subheading].filter(Boolean).join('') + (r.directoryClass.names?.length ? ` ${r.directoryClass.names.join(' > ')}` : '') : undefined },
  { header: '信息资源名称', value: (r) => r.title },
  { header: '信息资源代码', value: (r) => r.resourceCode },
  { header: '信息资源提供方', value: (r) => r.provider?.name },
  { header: '信息资源提供方代码', value: (r) => r.provider?.code },
  { header: '信息资源摘要', value: (r) => r.abstract },
  { header: '信息资源格式', value: (r) => r.format ? [r.format.category, r.format.type].filter(Boolean).join(' / ') : undefined },
  { header: '信息项', value: (r) => r.items?.map((i) => `${i.name}${i.dataType ? `(${i.dataType}${i.length ? ',' + i.length : ''})` : ''}`).join('；') },
  { header: '共享类型', value: (r) => r.sharing?.type },
  { header: '共享条件', value: (r) => r.sharing?.condition ?? r.sharing?.basis },
  { header: '共享方式', value: (r) => r.sharing?.method },
  { header: '是否向社会开放', value: (r) => (r.openness?.open === undefined ? undefined : r.openness.open ? '是' : '否') },
  { header: '开放条件', value: (r) => r.openness?.condition },
  { header: '更新周期', value: (r) => r.updateCycle },
  { header: '发布日期', value: (r) => r.publishedDate },
  { header: '关联资源代码', value: (r) => r.relatedResourceCodes?.join('；') },
  { header: '元数据标识符', value: (r) => r.metadataIdentifier },
  { header: '信息资源标识符', value: (r) => r.resourceIdentifier },
  { header: '关键字', value: (r) => r.keywords?.join('；') },
  { header: '信息资源分类（GB/T 21063.3）', value: (r) => r.classifications?.map((c) => [c.scheme, c.name, c.code].filter(Boolean).join(':')).join('；') },
  { header: '在线资源链接地址', value: (r) => r.onlineResources?.join(' ') },
];

/** Neutralise a cell that a spreadsheet would run as a formula (leading = + - @, tab, CR). */
export function neutraliseCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function listingRows(records: CatalogRecord[]): string[][] {
  return [LISTING_COLUMNS.map((c) => c.header), ...records.map((r) => LISTING_COLUMNS.map((c) => neutraliseCell(c.value(r) ?? '')))];
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV (RFC 4180, CRLF) with a UTF-8 BOM so spreadsheet programs read the Chinese text correctly. */
export function recordsToListingCsv(records: CatalogRecord[]): string {
  return '\uFEFF' + listingRows(records).map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** XLSX workbook with one sheet 目录清单; every cell is a string cell (never a formula). */
export function recordsToListingXlsx(records: CatalogRecord[]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(listingRows(records), { cellDates: false });
  ws['!cols'] = LISTING_COLUMNS.map((c) => ({ wch: Math.max(10, c.header.length * 2) }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '目录清单');
  wb.Props = { Title: '目录清单', CreatedDate: new Date(Date.UTC(1980, 0, 1)) };
  ensureCodepages();
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

const carries = LISTING_COLUMNS.map((c) => c.header);
export const listingCsvExporter: Exporter = {
  id: 'listing-csv',
  description: '目录清单 listing as CSV (UTF-8 with BOM)',
  carries,
  run: (records: CatalogRecord[], _ctx: ExportContext): ExportResult => ({ content: recordsToListingCsv(records), extension: 'csv', issues: [] }),
};
export const listingXlsxExporter: Exporter = {
  id: 'listing-xlsx',
  description: '目录清单 listing as XLSX',
  carries,
  run: (records: CatalogRecord[], _ctx: ExportContext): ExportResult => ({ content: recordsToListingXlsx(records), extension: 'xlsx', issues: [] }),
};
