import type { ReadOptions } from '../index.js';
import type { MappingTemplate } from '../index.js';
import { checkTemplateHeader } from '../index.js';
import { t } from './text.js';
import type { Lang } from '../index.js';

const list = (xs: string[], lang: Lang, n = 4) => (xs.length ? xs.slice(0, n).join(lang === 'zh' ? '、' : ', ') + (xs.length > n ? ' …' : '') : '—');

/**
 * When a mapping run gave no records: for each input whose header row holds none of the template's columns,
 * one hint saying where the header was read, what it holds, and the fix (--header-row, --sheet, catalog inspect).
 */
export async function headerHints(files: string[], template: MappingTemplate, read: ReadOptions, lang: Lang): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    let m;
    try {
      m = await checkTemplateHeader(file, template, read);
    } catch {
      continue; // unreadable inputs were already reported by the run itself
    }
    if (!m) continue;
    const where = `${m.file}${m.sheet !== undefined ? (lang === 'zh' ? ` 工作表 ${m.sheet} ` : ` › sheet ${m.sheet} › `) : lang === 'zh' ? ' ' : ' › '}`;
    const lines = [t('hint.header-mismatch', lang, { where, row: m.headerRow, expected: list(m.expected, lang), found: list(m.found, lang) })];
    if (m.betterRow !== undefined) lines.push(t('hint.better-row', lang, { row: m.betterRow }));
    else if (m.betterSheet !== undefined) lines.push(t('hint.better-sheet', lang, { sheet: m.betterSheet }));
    else lines.push(t('hint.inspect', lang, { file: m.file }));
    out.push(lines.join(lang === 'zh' ? '' : ' '));
  }
  return out;
}
