import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/identity.js';

/** manifest.json of a registration package (docs/package-format.md, format version 1). */
export interface PackageFile {
  path: string;
  size: number;
  sha256: string;
  sm3: string;
}

export interface PackageManifest {
  format: 'catalog-package';
  formatVersion: 1;
  packageId: string;
  provider: { name: string; code?: string };
  profile: { id: string; version: string };
  created: string;
  recordCount: number;
  previousPackageId: string | null;
  incremental: boolean;
  withdrawn: string[];
  files: PackageFile[];
}

export interface PackageSignature {
  algorithm: 'ed25519' | 'sm2';
  publicKey: string;
  keyId: string;
  signature: string;
}

export const MANIFEST_FILE = 'manifest.json';
export const RECORDS_JSONL = 'records.jsonl';
export const RECORDS_XML = 'records.xml';
export const SIGNATURE_FILE = 'signature.json';
/** Entry order in the zip (the contract fixes it). */
export const PACKAGE_ENTRIES = [MANIFEST_FILE, RECORDS_JSONL, RECORDS_XML, SIGNATURE_FILE] as const;

/** Serialise with keys in the contract's fixed order, 2-space indent, trailing newline. */
export function serializeManifest(m: PackageManifest): string {
  const ordered = {
    format: m.format,
    formatVersion: m.formatVersion,
    packageId: m.packageId,
    provider: m.provider.code === undefined ? { name: m.provider.name } : { name: m.provider.name, code: m.provider.code },
    profile: { id: m.profile.id, version: m.profile.version },
    created: m.created,
    recordCount: m.recordCount,
    previousPackageId: m.previousPackageId,
    incremental: m.incremental,
    withdrawn: m.withdrawn,
    files: m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256, sm3: f.sm3 })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Structural check of a parsed manifest; returns the problems as [json pointer, what is wrong]. */
export function checkManifestShape(m: unknown): [string, string][] {
  const out: [string, string][] = [];
  if (!m || typeof m !== 'object' || Array.isArray(m)) return [['', 'not a JSON object']];
  const o = m as Record<string, unknown>;
  const str = (k: string) => { if (typeof o[k] !== 'string' || !(o[k] as string).length) out.push([`/${k}`, 'must be a non-empty string']); };
  if (o.format !== 'catalog-package') out.push(['/format', 'must be "catalog-package"']);
  if (o.formatVersion !== 1) out.push(['/formatVersion', 'must be 1 (the only version this tool reads)']);
  str('packageId');
  str('created');
  if (typeof o.created === 'string' && Number.isNaN(Date.parse(o.created))) out.push(['/created', 'must be an ISO 8601 date-time']);
  const p = o.provider as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object' || typeof p.name !== 'string') out.push(['/provider', 'must be an object with a name']);
  const pr = o.profile as Record<string, unknown> | undefined;
  if (!pr || typeof pr !== 'object' || typeof pr.id !== 'string' || typeof pr.version !== 'string') out.push(['/profile', 'must be an object with id and version']);
  if (!Number.isInteger(o.recordCount) || (o.recordCount as number) < 0) out.push(['/recordCount', 'must be a non-negative integer']);
  if (o.previousPackageId !== null && typeof o.previousPackageId !== 'string') out.push(['/previousPackageId', 'must be a string or null']);
  if (typeof o.incremental !== 'boolean') out.push(['/incremental', 'must be true or false']);
  if (!Array.isArray(o.withdrawn) || o.withdrawn.some((w) => typeof w !== 'string')) out.push(['/withdrawn', 'must be an array of record keys']);
  if (!Array.isArray(o.files)) out.push(['/files', 'must be an array']);
  else o.files.forEach((f: unknown, i: number) => {
    const x = f as Record<string, unknown>;
    if (!x || typeof x.path !== 'string' || !Number.isInteger(x.size) || typeof x.sha256 !== 'string' || typeof x.sm3 !== 'string') out.push([`/files/${i}`, 'must have path, size, sha256 and sm3']);
  });
  return out;
}

/**
 * A package's content hash (docs/centre-api.md): SHA-256 of the canonical JSON of the manifest's file paths +
 * SHA-256s, `withdrawn` and the profile id. `created` and the signature are left out, so a re-signed or re-dated
 * package with the same content counts as the same package. The centre's idempotency (packageId + this hash)
 * and the publish ledger both use it.
 */
export function packageContentHash(m: Pick<PackageManifest, 'files' | 'withdrawn' | 'profile'>): string {
  return createHash('sha256').update(canonicalJson({ files: m.files.map((f) => [f.path, f.sha256]), withdrawn: m.withdrawn, profile: m.profile.id })).digest('hex');
}
