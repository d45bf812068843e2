import type { CatalogRecord } from '../model/record.js';
import type { Issue } from '../report/issue.js';
import { ref } from '../issues/text.js';
import { loadElements, type ElementDictionary } from '../elements/dictionary.js';
import { matchElement } from '../elements/match.js';
import type { CentreStore, ElementAuthority } from './store.js';

/**
 * Warnings for a registration (一数一源): each item that is a data element whose authority is another provider,
 * in a record whose relatedResourceCodes name none of that provider's resources. Built once per request; the
 * authority's resources are looked up lazily and at most once per element.
 */
export async function authorityChecker(store: CentreStore, dict: ElementDictionary = loadElements()) {
  const authorities = new Map((await store.listAuthorities()).map((a) => [a.element, a]));
  const resourceOf = new Map<string, string>();
  /** The authority's resource to name: the one the admin named, else its first published record holding the element. */
  async function resource(a: ElementAuthority): Promise<string> {
    if (a.resourceKey) return a.resourceKey;
    const hit = resourceOf.get(a.element);
    if (hit !== undefined) return hit;
    const mine = await store.list({ statuses: ['published'], provider: a.provider, limit: 500 });
    const found = mine.find((r) => (r.record.items ?? []).some((it) => it && typeof it.name === 'string' && matchElement(dict, it)?.id === a.element))?.key ?? '';
    resourceOf.set(a.element, found);
    return found;
  }
  return async (record: CatalogRecord, index: number): Promise<Issue[]> => {
    if (!authorities.size || !Array.isArray(record.items)) return [];
    const related = Array.isArray(record.relatedResourceCodes) ? record.relatedResourceCodes.filter((k) => typeof k === 'string') : [];
    const relatedProviders = related.length ? new Set([...(await store.getRecords(related)).values()].map((r) => r.provider)) : new Set<string>();
    const issues: Issue[] = [];
    for (const [i, it] of record.items.entries()) {
      const el = it && typeof it.name === 'string' ? matchElement(dict, it) : undefined;
      const a = el && authorities.get(el.id);
      if (!el || !a || a.provider === record.provider?.code) continue;
      if (relatedProviders.has(a.provider) || (a.resourceKey && related.includes(a.resourceKey))) continue;
      const params = { item: it.name, element: el.name, elementId: el.id, provider: a.provider, resource: (await resource(a)) || '—' };
      issues.push({ code: 'unattributed-copy', severity: 'warning', path: `/items/${i}`, record: index, params, wording: ref('centre-api.unattributed-copy') });
    }
    return issues;
  };
}
