import fs from 'node:fs';
import { recordKey } from '../../src/model/identity.js';
import { type CatalogRecord } from '../../src/model/record.js';
import { fixture } from './cli.js';

export function readJsonl(...p: string[]): CatalogRecord[] {
  return fs.readFileSync(fixture(...p), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CatalogRecord);
}

/** All hand-made fixture records that should export cleanly, one per record key. */
export function exportFixtures(): CatalogRecord[] {
  const all = [
    ...readJsonl('records', 'export-rich.jsonl'),
    ...(JSON.parse(fs.readFileSync(fixture('records', 'valid-gbt21063.json'), 'utf8')) as CatalogRecord[]),
    ...readJsonl('records', 'valid-guide2017.jsonl'),
  ];
  const seen = new Set<string>();
  return all.filter((r) => { const k = recordKey(r)!; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** Keep only the listed JSON paths of a record ("provider.name" style), dropping empty arrays. */
export function project(r: CatalogRecord, paths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    let v: unknown = r;
    for (const k of p.split('.')) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k];
    if (v === undefined || (Array.isArray(v) && !v.length)) continue;
    out[p] = v;
  }
  return out;
}
