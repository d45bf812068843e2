import path from 'node:path';
import type { SkippedRow } from '../readers/footer.js';
import type { Lang } from '../i18n/lang.js';
import { defineMessages, t } from '../i18n/messages.js';

defineMessages({
  'map-skipped-rows': {
    zh: '已跳过表格下方 {count} 行表尾或注释（不是数据）：{where}。如果其中有数据，请在模板 source 中写 "footerRows": 0',
    en: 'skipped {count} rows below the table as footers or notes (not data): {where}. If one is data, set "footerRows": 0 in the template\'s source',
  },
  'map-skipped-where': { zh: '{file} 工作表“{sheet}”第 {rows} 行', en: '{file} sheet "{sheet}" rows {rows}' },
  'map-skipped-where-file': { zh: '{file} 第 {rows} 行', en: '{file} rows {rows}' },
});

/** One line naming the rows skipped as footers or notes, grouped by file and sheet; undefined when none. */
export function skippedText(rows: SkippedRow[] | undefined, lang: Lang): string | undefined {
  if (!rows?.length) return undefined;
  const groups = new Map<string, { file: string; sheet?: string; rows: number[] }>();
  for (const r of rows) {
    const key = `${r.file}\0${r.sheet ?? ''}`;
    if (!groups.has(key)) groups.set(key, { file: r.file, sheet: r.sheet, rows: [] });
    groups.get(key)!.rows.push(r.row);
  }
  const sep = lang === 'zh' ? '、' : ', ';
  const where = [...groups.values()].map((g) => t(g.sheet === undefined ? 'map-skipped-where-file' : 'map-skipped-where', lang, { file: path.basename(g.file), sheet: g.sheet, rows: g.rows.join(sep) })).join(lang === 'zh' ? '；' : '; ');
  return t('map-skipped-rows', lang, { count: rows.length, where });
}
