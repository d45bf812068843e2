import type { CatalogRecord, InfoItem } from '../model/record.js';
import type { Issue } from '../report/issue.js';
import type { DataElement, ElementDictionary } from './dictionary.js';
import { matchElement } from './match.js';

/** Where an item departs from its element: the params of an element-mismatch warning. */
export interface ElementMismatch {
  item: string;
  element: string;
  elementId: string;
  expected: string;
  found: string;
  source: string;
}

const typeAndLength = (type?: string, length?: string | number) => `${type ?? '?'}${length !== undefined && length !== '' ? ` ${length}` : ''}`;

/** Leading integer of a 数据长度 ("18", "18,2"): characters for C, precision for N. */
function lengthOf(length?: string): number | undefined {
  const m = /^\s*(\d+)/.exec(length ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Compare an item with its element: the type must be the element's (or one it accepts); a fixed-length element
 * needs exactly its length, a variable one room for its longest value. Undefined when they agree or the item
 * says too little to tell.
 */
export function compareWithElement(item: InfoItem, el: DataElement): ElementMismatch | undefined {
  const type = item.dataType?.trim().toUpperCase();
  const found = lengthOf(item.length);
  const typeOk = !type || type === el.dataType || (el.acceptTypes ?? []).includes(type);
  // lengths only compare within the same kind of type (a C length is not an N precision)
  const lengthOk = el.length === undefined || found === undefined || type !== el.dataType || (el.fixedLength ? found === el.length : found >= el.length);
  if (typeOk && lengthOk) return undefined;
  return {
    item: item.name, element: el.name, elementId: el.id,
    expected: typeAndLength(el.dataType, el.length), found: typeAndLength(type, item.length),
    source: el.source.standard,
  };
}

/** element-mismatch warnings for every 信息项 of a record that matches an element of the dictionary. */
export function checkDataElements(record: CatalogRecord, dict: ElementDictionary): Issue[] {
  if (!Array.isArray(record.items)) return [];
  const issues: Issue[] = [];
  record.items.forEach((it, i) => {
    if (!it || typeof it.name !== 'string') return;
    const el = matchElement(dict, it);
    const m = el && compareWithElement(it, el);
    if (!m) return;
    issues.push({ code: 'element-mismatch', rule: 'element-mismatch', severity: 'warning', path: `/items/${i}`, value: m.found, params: { ...m } });
  });
  return issues;
}
