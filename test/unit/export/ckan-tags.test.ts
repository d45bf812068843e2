import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../../src/export/index.js';
import { IMPORTERS } from '../../../src/import/index.js';
import { ckanTags } from '../../../src/export/ckan.js';
import { renderIssue } from '../../../src/i18n/render-issue.js';
import type { CatalogRecord } from '../../../src/model/record.js';

/**
 * CKAN's default package schema rules, restated from ckan/logic/validators.py for the test (the
 * exporter must satisfy them): tag_length_validator (2 ≤ length ≤ 100), tag_name_validator
 * (^[\w \-.]*$ with re.UNICODE), name_validator / package_name_validator (2–100 of a-z 0-9 - _),
 * and a non-empty title.
 */
function ckanRefuses(pkg: Record<string, any>): string[] {
  const why: string[] = [];
  if (typeof pkg.name !== 'string' || !/^[a-z0-9_-]{2,100}$/.test(pkg.name)) why.push(`name ${pkg.name}`);
  if (!pkg.title) why.push('title');
  for (const t of pkg.tags ?? []) {
    const n = [...t.name].length;
    if (n < 2 || n > 100) why.push(`tag length ${t.name}`);
    if (!/^[\p{L}\p{M}\p{N}\p{Pc} .-]*$/u.test(t.name)) why.push(`tag characters ${t.name}`);
  }
  return why;
}

const KEYWORDS = ['@SUM(A1)', 'tab\there', '"quoted"', '<script>', '税', '企业', '企业 ', 'x'.repeat(150), '()', 'road-transport_v1.2'];
const record: CatalogRecord = { resourceCode: '301002/00001', title: '道路运输许可', provider: { name: '某市交通运输局' }, keywords: KEYWORDS };

describe('CKAN tags by CKAN rules', () => {
  it('every tag sent passes CKAN validators; every changed keyword has its own warning', async () => {
    const out = await EXPORTERS.ckan.run([record], { config: { export: { ckanOwnerOrg: 'jtj' } } });
    const [pkg] = JSON.parse(out.content as string);
    expect(ckanRefuses(pkg)).toEqual([]);
    expect(pkg.owner_org).toBe('jtj');
    expect(pkg.tags.map((t: { name: string }) => t.name)).toEqual(['SUM A1', 'tab here', 'quoted', 'script', '税_', '企业', 'x'.repeat(100), 'road-transport_v1.2']);
    const warned = out.issues.filter((i) => i.code.startsWith('ckan-tag-')).map((i) => [i.params?.keyword, i.code]);
    expect(warned).toEqual([
      ['@SUM(A1)', 'ckan-tag-characters'], ['tab\there', 'ckan-tag-characters'], ['"quoted"', 'ckan-tag-characters'], ['<script>', 'ckan-tag-characters'],
      ['税', 'ckan-tag-too-short'], ['企业 ', 'ckan-tag-duplicate'], ['x'.repeat(150), 'ckan-tag-too-long'], ['()', 'ckan-tag-empty'],
    ]);
    expect(renderIssue(out.issues.find((i) => i.code === 'ckan-tag-too-short')!, 'en').message).toBe('record "301002/00001": keyword "税" is shorter than the 2 characters a CKAN tag needs; tag "税_" sent, the keyword kept in extras');
  });

  it('the keywords come back unchanged on import (they travel in extras)', async () => {
    const out = await EXPORTERS.ckan.run([record], {});
    const back = await IMPORTERS.ckan.run(new TextEncoder().encode(out.content as string), { file: 'ckan.json' });
    expect(back.records[0].keywords).toEqual(KEYWORDS);
  });

  it('clean keywords need no extras and no warning; owner_org missing from config is told', async () => {
    const out = await EXPORTERS.ckan.run([{ ...record, keywords: ['企业', '道路运输'] }], {});
    const [pkg] = JSON.parse(out.content as string);
    expect(pkg.extras.some((e: { key: string }) => e.key === 'gbt21063_keywords')).toBe(false);
    expect(pkg.owner_org).toBeUndefined();
    expect(out.issues.map((i) => i.code)).toEqual(['export-missing-config']);
    expect(renderIssue(out.issues[0], 'zh').message).toContain('export.ckanOwnerOrg');
    expect(ckanTags(['ab']).changes).toEqual([]);
  });
});
