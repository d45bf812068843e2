import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packRecords } from '../../../src/package/pack.js';
import { verifyPackage } from '../../../src/package/verify.js';
import { recordsToGbtXml } from '../../../src/export/gbt-xml.js';
import { gbtXmlToRecords } from '../../../src/import/gbt-xml.js';
import { generateKeyPair } from '../../../src/crypto/keys.js';
import { canonicalJson } from '../../../src/model/identity.js';
import { type CatalogRecord } from '../../../src/model/record.js';
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

describe('verifyPackage: every byte counts', () => {
  it('flipping a byte anywhere in a signed package makes --strict verification fail; content flips fail without it', async () => {
    const key = generateKeyPair('ed25519');
    const pub = { algorithm: 'ed25519' as const, publicKey: key.publicKey };
    const bytes = packRecords([guide[1]], { created, signWith: key });
    expect((await verifyPackage(bytes, { publicKey: pub, strict: true })).valid).toBe(true);
    // compressed-data regions: from after each local header + name to the next entry / central directory
    const z = readZip(bytes);
    const starts = z.entries.map((e) => e.offset! + 30 + new TextEncoder().encode(e.path).length);
    const ends = [...z.entries.slice(1).map((e) => e.offset!), z.centralDirectoryOffset!];
    const inData = (i: number) => starts.some((st, k) => i >= st && i < ends[k]);
    const lenientValid: number[] = [];
    // every byte of the local headers and of the central directory + EOCD, and a spread of data bytes
    const positions = new Set<number>();
    for (let i = 0; i < bytes.length; i += 11) positions.add(i);
    for (let i = 0; i < 60; i++) positions.add(i);
    for (let i = Math.max(0, bytes.length - 250); i < bytes.length; i++) positions.add(i);
    for (const i of positions) {
      const t = new Uint8Array(bytes);
      t[i] ^= 0x01;
      const strict = await verifyPackage(t, { publicKey: pub, strict: true, revalidate: false });
      expect(strict.valid, `byte ${i}`).toBe(false);
      expect(strict.issues.every((x) => typeof x.params?.file === 'string' && typeof x.params?.check === 'string')).toBe(true);
      const lenient = await verifyPackage(t, { publicKey: pub, revalidate: false });
      if (lenient.valid) {
        lenientValid.push(i);
        // what the content checks cannot see is still reported, as a warning
        expect(lenient.issues.map((x) => x.code)).toContain('zip-not-canonical');
      }
    }
    // only zip metadata (timestamps, version/attribute fields) may pass the lenient check, never content
    expect(lenientValid.filter(inData)).toEqual([]);
    expect(lenientValid.length).toBeLessThan(positions.size);
  });
});

describe('GB/T XML', () => {
  it('round-trips records losslessly', () => {
    const recs = [...guide, ...gbt, { title: 't', provider: { name: 'p' }, resourceCode: '301002/9', division: '330100', extensions: { 备注: 'x' }, colour: 'red' } as CatalogRecord];
    const back = gbtXmlToRecords(recordsToGbtXml(recs));
    expect(back.map((r) => canonicalJson(r))).toEqual(recs.map((r) => canonicalJson(r)));
  });
});
