import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../../src/export/index.js';
import { IMPORTERS } from '../../../src/import/index.js';
import { canonicalJson } from '../../../src/model/identity.js';
import { ckanName } from '../../../src/export/ckan.js';
import { exportFixtures } from '../../helpers/records.js';

describe('CKAN package JSON', () => {
  it('round-trips every field except provenance (extras carry what CKAN lacks)', async () => {
    const records = exportFixtures();
    const out = await EXPORTERS.ckan.run(records, {});
    const back = (await IMPORTERS.ckan.run(new TextEncoder().encode(out.content as string), { file: 'ckan.json' })).records;
    const strip = ({ provenance: _p, ...r }: Record<string, unknown>) => canonicalJson(r);
    expect(back.map((r) => strip(r as unknown as Record<string, unknown>))).toEqual(records.map((r) => strip(r as unknown as Record<string, unknown>)));
  });

  it('makes valid CKAN names', () => {
    expect(ckanName('301002/00001')).toBe('301002-00001');
    expect(ckanName('企业')).toMatch(/^r-[0-9a-f]{16}$/);
  });
});
