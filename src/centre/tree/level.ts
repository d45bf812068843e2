import { loadCodeList, lookupCode, type CodeList } from '../../profiles/codelist.js';

/**
 * A centre's level in the tree (国家/省/市/区县) and its GB/T 2260 administrative division code, checked against
 * standards/common/codelists/division.json (the same list `catalog init` checks). The national centre's code is
 * 100000 (中华人民共和国, GB/T 2260), which the list of divisions does not carry.
 */
export type CentreLevel = 'national' | 'province' | 'city' | 'county';

export const LEVELS: Record<CentreLevel, { zh: string; en: string; rank: number }> = {
  national: { zh: '国家', en: 'national', rank: 0 },
  province: { zh: '省', en: 'province', rank: 1 },
  city: { zh: '市', en: 'city', rank: 2 },
  county: { zh: '区县', en: 'county/district', rank: 3 },
};

export const NATIONAL_DIVISION = '100000';

/** --level as given: a code (national, province, city, county) or its Chinese name (国家, 省, 市, 区县). */
export function parseLevel(v: string): CentreLevel | undefined {
  const s = v.trim();
  if (s in LEVELS) return s as CentreLevel;
  return (Object.keys(LEVELS) as CentreLevel[]).find((k) => LEVELS[k].zh === s);
}

let divisions: CodeList | undefined;

export interface DivisionInfo { code: string; label: string; level: CentreLevel; parent?: string }

/** The division `code` names (undefined when it is not in the list). */
export function divisionOf(code: string): DivisionInfo | undefined {
  if (code === NATIONAL_DIVISION) return { code, label: '中华人民共和国', level: 'national' };
  if (!/^\d{6}$/.test(code)) return undefined;
  divisions ??= loadCodeList('division');
  const hit = lookupCode(divisions, code) as unknown as { label: string; level?: string; parent?: string } | undefined;
  if (!hit) return undefined;
  return { code, label: hit.label, level: (hit.level ?? 'county') as CentreLevel, ...(hit.parent ? { parent: hit.parent } : {}) };
}

/**
 * Why `division` does not fit `level` (a message code), or undefined when it does: the code must be in the list and
 * name a division of that level (a county-level centre needs a county code, and so on).
 */
export function divisionProblem(division: string, level: CentreLevel): string | undefined {
  const d = divisionOf(division);
  if (!d) return 'tree.division-unknown';
  if (d.level !== level) return 'tree.division-level';
  return undefined;
}

/** Is division `child` inside division `parent` (itself, or below it through the list's parent links)? */
export function divisionWithin(child: string, parent: string): boolean {
  if (parent === NATIONAL_DIVISION) return true;
  let c: string | undefined = child;
  for (let i = 0; c && i < 4; i++) {
    if (c === parent) return true;
    c = divisionOf(c)?.parent;
  }
  return false;
}
