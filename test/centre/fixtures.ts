import fs from 'node:fs';
import type { CatalogRecord } from '../../src/model/record.js';
import { fixture } from '../helpers/cli.js';

/** The two valid 2017-guide records of test/fixtures/records/valid-guide2017.jsonl (provider 11330100002482170P). */
export function guideRecords(): CatalogRecord[] {
  return fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

export const PROVIDER_A = '11330100002482170P';
export const PROVIDER_B = '11330100MB0000000X';

/** A valid record of another department (provider B), derived from the first fixture record. */
export function recordOfB(seq = 1, title = '道路运输经营许可信息'): CatalogRecord {
  const base = guideRecords()[0];
  return {
    ...base,
    title,
    resourceCode: `302005/${String(seq).padStart(5, '0')}`,
    directoryClass: { class: '3', item: '02', heading: '005' },
    provider: { name: '某市交通运输局', code: PROVIDER_B },
    abstract: '道路运输经营许可证的核发、变更信息。',
    items: [{ name: '许可证编号', dataType: 'C', length: '20' }, { name: '经营范围', dataType: 'C', length: '500' }],
    relatedResourceCodes: undefined,
  };
}
