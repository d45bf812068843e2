import * as XLSX from '@e965/xlsx';
import { ensureCodepages } from '../readers/workbook.js';
import { unzipSync, zipSync, strToU8, strFromU8 } from 'fflate';
import { loadCodeList, canonicalValue } from '../profiles/codelist.js';
import { columnLetter } from '../readers/columns.js';

/** One column of a blank compilation sheet: its Chinese header, a fill-in instruction, and an optional pick list. */
export interface BlankColumn {
  header: string;
  instruction: string;
  /** Allowed values (a drop-down list in .xlsx). */
  list?: string[];
  width?: number;
}

export interface BlankSheet {
  name: string;
  columns: BlankColumn[];
}

const listOf = (id: string) => {
  const l = loadCodeList(id);
  return l.entries.map((e) => canonicalValue(l, e));
};

/**
 * The 2017 guide's compilation sheet (目录编制表): the 13 core fields in the guide's order (standards/guide2017/README.md),
 * one resource per row, and a second sheet for 信息项 keyed by 信息资源代码. templates/guide2017-sheet.json maps it back.
 */
export function guide2017Sheets(): BlankSheet[] {
  return [
    {
      name: '目录编制表',
      columns: [
        { header: '类', instruction: '必填。1 基础、2 主题、3 部门', list: ['1', '2', '3'], width: 8 },
        { header: '项', instruction: '2 位数字，如 01', width: 8 },
        { header: '目', instruction: '3 位数字，如 001', width: 8 },
        { header: '细目', instruction: '选填，数字或字母', width: 8 },
        { header: '信息资源名称', instruction: '必填', width: 28 },
        { header: '信息资源代码', instruction: '必填。分类码/顺序码，如 301001/00001', width: 18 },
        { header: '信息资源提供方', instruction: '必填。部门全称；留空则取工作区配置', width: 22 },
        { header: '信息资源提供方代码', instruction: '必填。统一社会信用代码；留空则取工作区配置', width: 22 },
        { header: '信息资源摘要', instruction: '必填。资源内容概要', width: 36 },
        { header: '格式分类', instruction: '必填。从下拉列表选择', list: listOf('format-category'), width: 12 },
        { header: '格式类型', instruction: '如 xlsx、oracle、pdf', width: 12 },
        { header: '格式说明', instruction: '选填', width: 16 },
        { header: '共享类型', instruction: '必填。从下拉列表选择', list: listOf('share-type'), width: 14 },
        { header: '共享条件', instruction: '有条件共享时必填', width: 20 },
        { header: '不予共享依据', instruction: '不予共享时必填', width: 20 },
        { header: '共享方式', instruction: '从下拉列表选择', list: listOf('share-method'), width: 14 },
        { header: '是否向社会开放', instruction: '必填。是 / 否', list: ['是', '否'], width: 10 },
        { header: '开放条件', instruction: '向社会开放时必填', width: 20 },
        { header: '更新周期', instruction: '必填。从下拉列表选择', list: listOf('update-cycle'), width: 10 },
        { header: '发布日期', instruction: '必填。如 2024-03-01', width: 12 },
        { header: '关联资源代码', instruction: '选填。多个用、分隔', width: 20 },
      ],
    },
    {
      name: '信息项',
      columns: [
        { header: '信息资源代码', instruction: '必填。与“目录编制表”中的信息资源代码相同', width: 18 },
        { header: '信息项名称', instruction: '必填', width: 20 },
        { header: '数据类型', instruction: '必填。C 字符型、N 数值型、D 日期型…', list: listOf('data-type'), width: 10 },
        { header: '数据长度', instruction: '字节数，或 精度,小数位', width: 10 },
        { header: '英文名称', instruction: '选填，如字段名', width: 16 },
        { header: '说明', instruction: '选填', width: 24 },
      ],
    },
  ];
}

export const BLANK_SHEETS: Record<string, () => BlankSheet[]> = { guide2017: guide2017Sheets };

/** Rows that get a drop-down list (the header is row 2). */
const VALIDATION_ROWS = 1000;

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Add list data validations (drop-downs) to a sheet's XML. SheetJS does not write data validations, so they are
 * inserted as <dataValidations> after <sheetData>/<mergeCells>, the position the OOXML schema requires.
 */
function addValidations(sheetXml: string, columns: BlankColumn[]): string {
  const items = columns.map((c, i) => ({ c, col: columnLetter(i + 1) })).filter(({ c }) => c.list?.length);
  if (!items.length) return sheetXml;
  const body = items.map(({ c, col }) => `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${col}3:${col}${VALIDATION_ROWS}"><formula1>"${xmlEscape(c.list!.join(','))}"</formula1></dataValidation>`).join('');
  const block = `<dataValidations count="${items.length}">${body}</dataValidations>`;
  const anchor = sheetXml.includes('</mergeCells>') ? '</mergeCells>' : '</sheetData>';
  return sheetXml.replace(anchor, anchor + block);
}

/** A blank workbook (.xlsx bytes): per sheet, an instructions row, the header row, drop-down lists where given. */
export function blankWorkbook(sheets: BlankSheet[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet([s.columns.map((c) => c.instruction), s.columns.map((c) => c.header)]);
    ws['!cols'] = s.columns.map((c) => ({ wch: c.width ?? 14 }));
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  return workbookWithLists(wb, sheets);
}

/** The workbook's .xlsx bytes with each sheet's drop-down lists (sheets in workbook order). */
export function workbookWithLists(wb: XLSX.WorkBook, sheets: BlankSheet[]): Uint8Array {
  ensureCodepages();
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array;
  const zip = unzipSync(bytes);
  sheets.forEach((s, i) => {
    const name = `xl/worksheets/sheet${i + 1}.xml`;
    if (zip[name]) zip[name] = strToU8(addValidations(strFromU8(zip[name]), s.columns));
  });
  return zipSync(zip);
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A blank CSV (UTF-8 with BOM so Excel opens it as UTF-8): instructions row, header row; first sheet only. */
export function blankCsv(sheets: BlankSheet[]): string {
  const s = sheets[0];
  return '\uFEFF' + [s.columns.map((c) => csvCell(c.instruction)).join(','), s.columns.map((c) => csvCell(c.header)).join(',')].join('\r\n') + '\r\n';
}
