import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packRecords, verifyPackage, recordsToGbtXml, gbtXmlToRecords, generateKeyPair, canonicalJson, type CatalogRecord } from '../../../src/index.js';
import { writeZip, readZip } from '../../../src/package/zip.js';
import { fixture } from '../../helpers/cli.js';

const guide = fs.readFileSync(fixture('records', 'valid-guide2017.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CatalogRecord);
const gbt = JSON.parse(fs.readFileSync(fixture('records', 'valid-gbt21063.json'), 'utf8')) as CatalogRecord[];
const created = '2024-03-01T00:00:00Z';

describe('packRecords', () => {
  it('is deterministic: same records (any order, any provenance) → same bytes', () => {
    const a = packRecords(guide, { created });
    const b = packRecords([...guide].reverse().map((r) => ({ ...r, provenance: { file: 'x.xlsx', row: 3 } })), { created });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('verifies clean, with and without an Ed25519 signature', async () => {
    const v = await verifyPackage(packRecords(guide, { created }));
    expect(v.issues).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.manifest?.recordCount).toBe(2);
    const key = generateKeyPair('ed25519');
    const signed = await verifyPackage(packRecords(guide, { created, signWith: key }), { publicKey: { algorithm: 'ed25519', publicKey: key.publicKey } });
    expect(signed.valid).toBe(true);
    expect(signed.signature).toMatchObject({ present: true, valid: true, trusted: true });
  });

  it('names the file and check of a flipped byte in records.jsonl', async () => {
    const bytes = packRecords(guide, { created });
    const { entries } = readZip(bytes);
    const jsonl = entries.find((e) => e.path === 'records.jsonl')!.data!;
    const tampered = new Uint8Array(jsonl);
    tampered[10] ^= 0x01;
    const zip = writeZip(entries.map((e) => ({ path: e.path, data: e.path === 'records.jsonl' ? tampered : e.data! })));
    const v = await verifyPackage(zip);
    expect(v.valid).toBe(false);
    expect(v.issues.find((i) => i.code === 'checksum-mismatch')?.params).toMatchObject({ file: 'records.jsonl', check: 'checksum', algorithm: 'SHA-256' });
  });
});

describe('GB/T XML', () => {
  it('round-trips records losslessly', () => {
    const recs = [...guide, ...gbt, { title: 't', provider: { name: 'p' }, resourceCode: '301002/9', division: '330100', extensions: { 备注: 'x' }, colour: 'red' } as CatalogRecord];
    const back = gbtXmlToRecords(recordsToGbtXml(recs));
    expect(back.map((r) => canonicalJson(r))).toEqual(recs.map((r) => canonicalJson(r)));
  });
});
