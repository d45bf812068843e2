import type { InfoItem } from '../model/record.js';
import type { DataElement, ElementDictionary } from './dictionary.js';

/** Names compare without case, spaces, underscores, hyphens and full-width brackets' content noise. */
export function normaliseElementName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s_\-·．.:：（）()]/g, '');
}

const indexes = new WeakMap<ElementDictionary, Map<string, DataElement>>();

function indexOf(dict: ElementDictionary): Map<string, DataElement> {
  let index = indexes.get(dict);
  if (index) return index;
  index = new Map();
  for (const el of dict.elements) {
    // first definition wins: the user's dictionary is listed before the common one
    for (const name of [el.name, ...(el.synonyms ?? []), el.id]) {
      const k = normaliseElementName(name);
      if (k && !index.has(k)) index.set(k, el);
    }
  }
  indexes.set(dict, index);
  return index;
}

/** The element an item stands for: by its name first, then its English name (often the column name). */
export function matchElement(dict: ElementDictionary, item: Pick<InfoItem, 'name' | 'englishName'>): DataElement | undefined {
  const index = indexOf(dict);
  for (const name of [item.name, item.englishName]) {
    if (typeof name !== 'string') continue;
    const hit = index.get(normaliseElementName(name));
    if (hit) return hit;
  }
  return undefined;
}
