import * as XLSX from '@e965/xlsx';
import { guide2017Sheets, workbookWithLists } from '../templates-out/blank.js';
import { columnLetter } from '../readers/columns.js';
import type { RecordContext } from './record.js';
import { itemsOf } from './record.js';
import type { TableDescription } from './table.js';

/** What the 信息资源代码 cell holds until the officer assigns the code (validate rejects it: pattern-mismatch). */
export const CODE_PLACEHOLDER = '待填写';

/**
 * A 目录编制表 (.xlsx) in the `catalog template` layout with one row per table and its 信息项 on the 信息项 sheet.
 * The 信息项 rows take their 信息资源代码 from the main sheet by formula, so the officer types each code once.
 */
export function describedWorkbook(tables: TableDescription[], ctx: RecordContext = {}): Uint8Array {
  const [main, itemsSheet] = guide2017Sheets();
  const col = (name: string) => main.columns.findIndex((c) => c.header === name);
  const codeCol = columnLetter(col('信息资源代码') + 1);
  const mainRows = tables.map((t) => {
    const row: (string | number)[] = main.columns.map(() => '');
    row[col('信息资源名称')] = t.comment?.trim() || t.name;
    row[col('信息资源代码')] = `${CODE_PLACEHOLDER}:${t.name}`;
    if (ctx.provider?.name) row[col('信息资源提供方')] = ctx.provider.name;
    if (ctx.provider?.code) row[col('信息资源提供方代码')] = ctx.provider.code;
    row[col('格式分类')] = t.format.category;
    row[col('格式类型')] = t.format.type;
    if (t.updateHint) row[col('更新周期')] = t.updateHint.updateCycle;
    return row;
  });
  const itemRows: { table: number; cells: string[] }[] = tables.flatMap((t, ti) =>
    itemsOf(t).map((it) => ({ table: ti, cells: ['', it.name, it.dataType ?? '', it.length ?? '', it.englishName ?? '', ''] })));
  const wb = XLSX.utils.book_new();
  const ws1 = XLSX.utils.aoa_to_sheet([main.columns.map((c) => c.instruction), main.columns.map((c) => c.header), ...mainRows]);
  ws1['!cols'] = main.columns.map((c) => ({ wch: c.width ?? 14 }));
  const ws2 = XLSX.utils.aoa_to_sheet([itemsSheet.columns.map((c) => c.instruction), itemsSheet.columns.map((c) => c.header), ...itemRows.map((r) => r.cells)]);
  ws2['!cols'] = itemsSheet.columns.map((c) => ({ wch: c.width ?? 14 }));
  itemRows.forEach((r, i) => {
    // formula with the placeholder as cached value: Excel shows the code once typed in the main sheet
    ws2[`A${i + 3}`] = { t: 's', v: mainRows[r.table][col('信息资源代码')], f: `'${main.name}'!${codeCol}${r.table + 3}` };
  });
  XLSX.utils.book_append_sheet(wb, ws1, main.name);
  XLSX.utils.book_append_sheet(wb, ws2, itemsSheet.name);
  return workbookWithLists(wb, [main, itemsSheet]);
}
