import path from 'node:path';
import type { SkippedRow } from '../rows/row.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';

/**
 * One line naming the rows skipped as footers or notes, grouped by file and sheet; undefined when none. Rendered
 * here at the edge: mapping keeps the skipped rows as data (MapReport.skipped).
 */
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
