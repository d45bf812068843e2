import fs from 'node:fs';
import path from 'node:path';
import { TEMPLATES_DIR } from '../profiles/paths.js';
import { loadTemplate } from '../pipeline/load-template.js';
import type { Columns, FieldRule, MappingTemplate } from '../mapping/template.js';
import { normaliseHeader } from '../mapping/synonyms.js';

// What both proposals (a table: propose.ts; a form: propose-form.ts) match a sheet against: the bundled templates
// and the 信息项 column names. Apart from propose.ts, because propose.ts calls propose-form.ts.

/** The column names of a rule's `column` or `when`. */
export const columnsOf = (c: Columns | undefined): string[] => (c === undefined ? [] : Array.isArray(c) ? c : [c]);

/** Table-layout templates shipped in templates/ (the bundled ones a sheet can match). */
export function bundledTemplates(layouts: string[] = ['table']): { file: string; template: MappingTemplate }[] {
  if (!fs.existsSync(TEMPLATES_DIR)) return [];
  const out: { file: string; template: MappingTemplate }[] = [];
  for (const f of fs.readdirSync(TEMPLATES_DIR).sort()) {
    if (!f.endsWith('.json')) continue;
    try {
      const template = loadTemplate(path.join(TEMPLATES_DIR, f));
      if (layouts.includes(template.source?.layout ?? 'table')) out.push({ file: path.join(TEMPLATES_DIR, f), template });
    } catch {
      // not a mapping template (or a broken one): not a candidate
    }
  }
  return out;
}

/** The rule of `template` a header belongs to (by any of its column names), if any. */
export function ruleFor(template: MappingTemplate, header: string): FieldRule | undefined {
  const h = normaliseHeader(header);
  return template.fields.find((r) => columnsOf(r.column).some((c) => normaliseHeader(c) === h));
}

/** Share of a template's column rules that the headers satisfy. */
export function matchRatio(template: MappingTemplate, headers: string[]): number {
  const rules = template.fields.filter((r) => r.column !== undefined);
  if (!rules.length) return 0;
  const hs = new Set(headers.map(normaliseHeader));
  return rules.filter((r) => columnsOf(r.column).some((c) => hs.has(normaliseHeader(c)))).length / rules.length;
}

/** Headers of an 信息项 table: the item's name column. */
export const ITEM_NAME = /^(信息项名称|数据项名称|数据项|信息项|字段名称|字段中文名称|字段中文名|中文名称|资源项名称)$/;

/** 信息项 columns and the item fields they fill (the guide's 信息项 sheet, and the names departments use). */
export const ITEM_FIELDS: [RegExp, FieldRule][] = [
  [ITEM_NAME, { field: '/name', transforms: ['trim'], required: true }],
  [/^(数据类型|类型|字段类型)$/, { field: '/dataType', transforms: ['trim', { codelist: 'data-type' }] }],
  [/^(数据长度|长度|字段长度)$/, { field: '/length', transforms: ['string', 'trim'] }],
  [/^(英文名称|字段名|字段英文名|英文名|字段代码)$/, { field: '/englishName', transforms: ['trim'] }],
  [/^(说明|描述|备注|信息项描述|字段说明)$/, { field: '/description', transforms: ['trim'] }],
];
