import path from 'node:path';
import { readGrid } from '../readers/sheets.js';
import type { CellValue, SheetGrid } from '../readers/workbook.js';
import { labelText, readForm } from '../readers/form.js';
import { guessFromHeaders } from '../mapping/guess.js';
import { normaliseHeader } from '../mapping/synonyms.js';
import type { FieldRule, MappingTemplate } from '../mapping/template.js';
import { bundledTemplates, ITEM_FIELDS, ITEM_NAME, matchRatio, ruleFor } from './bundled.js';
import type { MappingProposal } from './propose.js';

/** Label/value pairs above the 信息项 block a sheet needs to count as a form (not a table with a stray cell). */
const MIN_FORM_LABELS = 3;

/** The row (1-based) whose first non-empty cell names the 信息项 column (资源项名称, 信息项名称…), below row 2. */
function itemsHeaderRow(grid: SheetGrid): { row: number; label: string } | undefined {
  for (let r = 3; r <= grid.rowCount; r++) {
    const first = (grid.values[r - 1] ?? []).find((v: CellValue) => v !== null && v !== undefined && String(v).trim() !== '');
    if (first !== undefined && ITEM_NAME.test(normaliseHeader(labelText(first)))) return { row: r, label: labelText(first) };
  }
  return undefined;
}

/**
 * A form-style sheet (label | value pairs row by row, an 信息项 table inside it, as Songjiang's 资源目录编制 form):
 * a bundled form template whose labels it has, otherwise a form template guessed from the labels and their values,
 * with the 信息项 block read from its header row down (items.from "table-below"). Undefined when the first sheet
 * (or `sheet`) is no such form.
 */
export async function proposeForm(file: string, o: { sheet?: string | number }): Promise<MappingProposal | undefined> {
  let grids: SheetGrid[];
  try {
    grids = await readGrid(file, o.sheet !== undefined ? { sheet: o.sheet } : {});
  } catch {
    return undefined; // not a workbook (CSV is read as a table); the table path reports unreadable files
  }
  const grid = grids.find((g) => g.rowCount > 0);
  const items = grid && itemsHeaderRow(grid);
  if (!grid || !items) return undefined;
  const form = readForm(file, grid, { itemsHeader: items.label });
  const labels = Object.keys(form.row.values).filter((k) => !k.startsWith('$'));
  if (labels.length < MIN_FORM_LABELS) return undefined;
  const where = { file, sheet: grid.name, headerRow: items.row };
  for (const b of bundledTemplates(['form'])) {
    if (matchRatio(b.template, labels) < 0.6) continue;
    const columns = labels.map((column) => ({ column, field: ruleFor(b.template, column)?.field }));
    return { ...where, basis: { kind: 'bundled', name: b.template.name ?? path.basename(b.file, '.json'), file: b.file }, base: b.template, columns };
  }
  const guess = guessFromHeaders(labels, { values: labels.map((l) => [form.row.values[l], form.row.values[l]]), name: path.basename(file).replace(/\.[^.]+$/, '') });
  const itemHeaders = form.itemRows.length ? Object.keys(form.itemRows[0].values) : [];
  const fields: FieldRule[] = [];
  for (const [re, rule] of ITEM_FIELDS) {
    const column = itemHeaders.find((c) => re.test(normaliseHeader(c)));
    if (column && !fields.some((f) => f.field === rule.field)) fields.push({ ...rule, column });
  }
  const base: MappingTemplate = { ...guess.template, source: { layout: 'form', ...(grid.name ? { sheet: grid.name } : {}) }, items: { from: 'table-below', headerLabel: items.label, fields } };
  return { ...where, basis: { kind: 'guess' }, base, columns: guess.columns.map((c) => ({ column: c.column, field: c.field, ...(c.runnerUpOf ? { runnerUpOf: c.runnerUpOf } : {}) })) };
}
