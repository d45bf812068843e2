import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../../src/export/index.js';
import { IMPORTERS } from '../../../src/import/index.js';
import type { CatalogRecord } from '../../../src/model/record.js';
import { exportFixtures } from '../../helpers/records.js';
import { ROOT } from '../../helpers/cli.js';

/** Importer that reads each export format back. The listings are for people and have none. */
const READER: Record<string, string | undefined> = { 'gbt-xml': 'gbt-xml', 'dcat-ap': 'dcat', datajson: 'datajson', ckan: 'ckan', 'listing-csv': undefined, 'listing-xlsx': undefined };

/** Leaf values of a record by JSON pointer (provenance left out: it is where a record came from, not content). */
function leaves(v: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (x: unknown, p: string) => {
    if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${p}/${i}`));
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) { if (p || k !== 'provenance') walk(y, `${p}/${k}`); }
    else if (x !== undefined) out.set(p, JSON.stringify(x));
  };
  walk(v, at);
  return out;
}

/** Every field (pointer pattern, indexes as *) of the originals whose value does not come back whole. */
async function lostFields(to: string, records: CatalogRecord[]): Promise<string[]> {
  const out = await EXPORTERS[to].run(records, {});
  const back = (await IMPORTERS[READER[to]!].run(typeof out.content === 'string' ? new TextEncoder().encode(out.content) : out.content, { file: `x.${out.extension}` })).records;
  const lost = new Set<string>();
  records.forEach((r, i) => {
    const got = leaves(back[i]);
    for (const [p, v] of leaves(r)) if (got.get(p) !== v) lost.add(p.replace(/\/\d+(?=\/|$)/g, '/*'));
  });
  return [...lost].sort();
}

/**
 * The pinned losses: a new loss (or a fixed one) fails this test until the list and docs/export.md are
 * updated together (UPDATE_DOCS=1 rewrites the table in the docs from this run).
 */
const PINNED: Record<string, string[]> = {
  'gbt-xml': [],
  'dcat-ap': [
    '/directoryClass/class',
    '/directoryClass/heading',
    '/directoryClass/item',
    '/directoryClass/names/*',
    '/division',
    '/extensions/备注',
    '/format/category',
    '/format/type',
    '/items/*/dataType',
    '/items/*/length',
    '/items/*/name',
    '/keywordThesaurus',
    '/provider/address',
    '/relatedResourceCodes/*',
    '/sharing/basis',
    '/sharing/condition',
    '/sharing/method',
    '/sharing/type',
  ],
  'datajson': [
    '/classifications/*/code',
    '/directoryClass/class',
    '/directoryClass/heading',
    '/directoryClass/item',
    '/directoryClass/names/*',
    '/division',
    '/extensions/备注',
    '/format/category',
    '/format/type',
    '/items/*/dataType',
    '/items/*/length',
    '/items/*/name',
    '/keywordThesaurus',
    '/metadataIdentifier',
    '/provider/address',
    '/provider/code',
    '/relatedResourceCodes/*',
    '/resourceIdentifier',
    '/sharing/basis',
    '/sharing/condition',
    '/sharing/method',
    '/sharing/type',
  ],
  'ckan': [],
};

function table(lost: Record<string, string[] | undefined>): string {
  const rows = Object.keys(READER).map((to) => `| \`${to}\` | ${lost[to] === undefined ? 'no importer (a listing for people)' : lost[to]!.length ? lost[to]!.map((p) => `\`${p}\``).join(', ') : 'nothing'} |`);
  return ['| `--to` | fields of the rich fixture that do not come back (export → import) |', '|---|---|', ...rows].join('\n');
}

describe('round-trip table (docs/export.md)', () => {
  it('pins, per format, every field that export → import loses, and the docs show the same table', async () => {
    const records = exportFixtures();
    const lost: Record<string, string[] | undefined> = {};
    for (const to of Object.keys(READER)) lost[to] = READER[to] ? await lostFields(to, records) : undefined;
    const doc = path.join(ROOT, 'docs', 'export.md');
    const text = fs.readFileSync(doc, 'utf8');
    const block = /(<!-- round-trip:start[^>]*-->\n)([\s\S]*?)\n?(<!-- round-trip:end -->)/;
    if (process.env.UPDATE_DOCS) fs.writeFileSync(doc, text.replace(block, (_, a, _b, c) => `${a}${table(lost)}\n${c}`));
    expect(Object.fromEntries(Object.entries(lost).filter(([, v]) => v))).toEqual(PINNED);
    expect(block.exec(fs.readFileSync(doc, 'utf8'))?.[2]).toBe(table(lost));
  });
});
