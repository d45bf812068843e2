import crypto from 'node:crypto';
import type { CatalogRecord } from '../model/record.js';
import { canonicalJson, recordKey } from '../model/identity.js';
import { recordsToGbtXml } from '../export/gbt-xml.js';
import { loadProfile } from '../profiles/load.js';
import { keyId, type KeyMaterial } from '../crypto/keys.js';
import { signBytes } from '../crypto/sign.js';
import { writeZip } from './zip.js';
import { MANIFEST_FILE, RECORDS_JSONL, RECORDS_XML, SIGNATURE_FILE, serializeManifest, type PackageManifest, type PackageSignature } from './manifest.js';

export interface PackOptions {
  /** Manifest provider; default: the provider shared by every record (error when they differ). */
  provider?: { name: string; code?: string };
  /** Profile id (default guide2017); its version comes from the profile. */
  profile?: string;
  /** ISO 8601 creation time; default SOURCE_DATE_EPOCH, else now (then the zip is not reproducible). */
  created?: string;
  /** Explicit package id; default SHA-256 of records.jsonl. */
  packageId?: string;
  /** Incremental package: id of the package it updates. */
  previousPackageId?: string;
  /** Record keys withdrawn by this (incremental) package. */
  withdrawn?: string[];
  /** Mark the package incremental (implied by previousPackageId). */
  incremental?: boolean;
  /** Sign manifest.json with this key. */
  signWith?: KeyMaterial;
}

export class PackError extends Error {
  constructor(public code: 'record-without-key' | 'duplicate-record-key' | 'provider-ambiguous' | 'created-invalid' | 'package-too-large', public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

const hashes = (b: Uint8Array) => ({
  sha256: crypto.createHash('sha256').update(b).digest('hex'),
  sm3: crypto.createHash('sm3').update(b).digest('hex'),
});

/** Creation time: option, else SOURCE_DATE_EPOCH (seconds), else now; always second precision, UTC "Z". */
export function resolveCreated(created?: string, env: NodeJS.ProcessEnv = process.env): string {
  let ms: number;
  if (created !== undefined) ms = Date.parse(created);
  else if (env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH)) ms = Number(env.SOURCE_DATE_EPOCH) * 1000;
  else ms = Date.now();
  if (Number.isNaN(ms)) throw new PackError('created-invalid', { value: created });
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Records sorted by key, provenance dropped, as canonical JSON lines: the exact bytes of records.jsonl. */
export function recordsJsonl(records: CatalogRecord[]): { sorted: CatalogRecord[]; text: string } {
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const k = recordKey(r);
    if (!k) throw new PackError('record-without-key', { index: i, title: r.title });
    if (seen.has(k)) throw new PackError('duplicate-record-key', { key: k, first: seen.get(k), second: i });
    seen.set(k, i);
  });
  const sorted = records
    .map((r) => { const { provenance: _p, ...rest } = r; return rest as CatalogRecord; })
    .sort((a, b) => (recordKey(a)! < recordKey(b)! ? -1 : recordKey(a)! > recordKey(b)! ? 1 : 0));
  return { sorted, text: sorted.map((r) => canonicalJson(r) + '\n').join('') };
}

function commonProvider(records: CatalogRecord[]): { name: string; code?: string } {
  const ids = new Set(records.map((r) => `${r.provider?.name ?? ''}\u0000${r.provider?.code ?? ''}`));
  if (ids.size > 1) {
    const label = (id: string) => { const [name, code] = id.split('\u0000'); return code ? `${name || '?'} (${code})` : name || '?'; };
    throw new PackError('provider-ambiguous', { providers: [...ids].slice(0, 5).map(label).join(', ') });
  }
  const p = records[0]?.provider;
  return p?.code ? { name: p.name ?? '', code: p.code } : { name: p?.name ?? '' };
}

/**
 * Default package id: SHA-256 of records.jsonl (full package). An incremental package also hashes
 * its previous package id and withdrawn keys, so two different withdrawal-only updates never share an id.
 */
function defaultPackageId(jsonl: Uint8Array, incremental: boolean, previous: string | null, withdrawn: string[]): string {
  const h = crypto.createHash('sha256').update(jsonl);
  if (incremental) h.update(`\n${previous ?? ''}\n${[...new Set(withdrawn)].sort().join('\n')}`);
  return h.digest('hex');
}

/** Build a registration package (docs/package-format.md). Same records + options → byte-identical zip. */
/** signature.json of a package whose manifest is `manifestBytes`, signed with `key`. */
export function signatureFileBytes(manifestBytes: Uint8Array, key: KeyMaterial): Uint8Array<ArrayBuffer> {
  const sig: PackageSignature = {
    algorithm: key.algorithm,
    publicKey: key.publicKey,
    keyId: keyId(key),
    signature: Buffer.from(signBytes(manifestBytes, key)).toString('base64'),
  };
  return new TextEncoder().encode(JSON.stringify(sig, null, 2) + '\n');
}

export function packRecords(records: CatalogRecord[], options: PackOptions = {}): Uint8Array {
  const { sorted, text } = recordsJsonl(records);
  const enc = new TextEncoder();
  const jsonl = enc.encode(text);
  const xml = enc.encode(recordsToGbtXml(sorted));
  const profileId = options.profile ?? 'guide2017';
  const profile = loadProfile(profileId);
  const incremental = options.incremental ?? options.previousPackageId !== undefined;
  const manifest: PackageManifest = {
    format: 'catalog-package',
    formatVersion: 1,
    packageId: options.packageId ?? defaultPackageId(jsonl, incremental, options.previousPackageId ?? null, options.withdrawn ?? []),
    provider: options.provider ?? commonProvider(sorted),
    profile: { id: profile.info.id, version: profile.info.version },
    created: resolveCreated(options.created),
    recordCount: sorted.length,
    previousPackageId: options.previousPackageId ?? null,
    incremental,
    withdrawn: [...new Set(options.withdrawn ?? [])].sort(),
    files: [
      { path: RECORDS_JSONL, size: jsonl.length, ...hashes(jsonl) },
      { path: RECORDS_XML, size: xml.length, ...hashes(xml) },
    ],
  };
  const manifestBytes = enc.encode(serializeManifest(manifest));
  const entries = [
    { path: MANIFEST_FILE, data: manifestBytes },
    { path: RECORDS_JSONL, data: jsonl },
    { path: RECORDS_XML, data: xml },
  ];
  if (options.signWith) {
    entries.push({ path: SIGNATURE_FILE, data: signatureFileBytes(manifestBytes, options.signWith) });
  }
  return writeZip(entries);
}
