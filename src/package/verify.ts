import crypto from 'node:crypto';
import './messages.js';
import type { CatalogRecord } from '../model/record.js';
import { canonicalJson, recordKey } from '../model/identity.js';
import type { Issue, Severity } from '../report/issue.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import { validateRecords, type RecordInput } from '../validate/records.js';
import { UnknownProfileError } from '../profiles/load.js';
import { gbtXmlToRecords } from '../import/gbt-xml.js';
import { parseKey, keyId, type KeyMaterial } from '../crypto/keys.js';
import { verifyBytes } from '../crypto/sign.js';
import { DEFAULT_ZIP_LIMITS, readZip, writeZip, type ZipLimits } from './zip.js';
import { checkManifestShape, MANIFEST_FILE, PACKAGE_ENTRIES, RECORDS_JSONL, RECORDS_XML, SIGNATURE_FILE, type PackageManifest, type PackageSignature } from './manifest.js';

export interface VerifyOptions {
  lang?: Lang;
  /** Trusted public key: the package must be signed with it. */
  publicKey?: KeyMaterial;
  /** Re-validate the records against the manifest's profile (default true). */
  revalidate?: boolean;
  /** Zip limits (zip-bomb guard). */
  limits?: ZipLimits;
  /** Name of the package file, used in messages (default "package"). */
  fileName?: string;
  /**
   * Treat a zip that differs from what `catalog pack` writes for the same entries as an error
   * (default: warning, so packages zipped by other tools that keep the content contract still verify).
   * With it, a change to any byte of the file is an error.
   */
  strict?: boolean;
}

/** The check that produced an issue (params.check). */
export type VerifyCheck = 'structure' | 'size' | 'manifest' | 'checksum' | 'signature' | 'records';

export interface VerifyResult {
  valid: boolean;
  manifest?: PackageManifest;
  /** Records from records.jsonl (present when the file could be read). */
  records: CatalogRecord[];
  issues: Issue[];
  /** Whether a signature was present and verified (against the trusted key, or only the embedded one). */
  signature: { present: boolean; valid: boolean; trusted: boolean; algorithm?: string; keyId?: string };
}

/** Re-deflating for the canonical-layout check is skipped above this total size (bytes). */
const CANONICAL_CHECK_LIMIT = 64 * 1024 * 1024;

const ZIP_CHECK: Record<string, VerifyCheck> = {
  'entry-too-large': 'size', 'zip-total-too-large': 'size', 'entry-size-mismatch': 'size', 'zip-too-many-entries': 'size',
  'entry-crc-mismatch': 'checksum',
};

/**
 * Verify a registration package: zip structure (unsafe paths, duplicates, sizes before inflating),
 * manifest, per-file size + SHA-256 + SM3, signature, records.xml ≡ records.jsonl, and re-validation
 * of the records. Every finding names the entry (params.file) and the check (params.check).
 */
export async function verifyPackage(bytes: Uint8Array, options: VerifyOptions = {}): Promise<VerifyResult> {
  const lang = options.lang ?? 'en';
  const pkg = options.fileName ?? 'package';
  const issues: Issue[] = [];
  const add = (code: string, check: VerifyCheck, file: string, params: Record<string, unknown> = {}, severity: Severity = 'error', path = '') => {
    issues.push({ code, severity, message: t(code, lang, { file, ...params }), path, provenance: { file }, params: { file, check, ...params } });
  };
  const result: VerifyResult = { valid: false, records: [], issues, signature: { present: false, valid: false, trusted: false } };

  const { entries, problems, centralDirectoryOffset } = readZip(bytes, options.limits ?? DEFAULT_ZIP_LIMITS);
  for (const p of problems) add(p.code, ZIP_CHECK[p.code] ?? 'structure', p.entry ?? pkg, { detail: p.detail ?? '' });
  if (problems.some((p) => p.code === 'zip-not-a-zip')) return result;

  const byName = new Map(entries.map((e) => [e.path, e]));
  const known = new Set<string>(PACKAGE_ENTRIES);
  for (const e of entries) if (!known.has(e.path)) add('entry-unexpected', 'structure', e.path);
  for (const name of [MANIFEST_FILE, RECORDS_JSONL, RECORDS_XML]) if (!byName.has(name) && !problems.some((p) => p.entry === name)) add('entry-missing', 'structure', name);
  const order = entries.map((e) => e.path).filter((n) => known.has(n));
  const expected = PACKAGE_ENTRIES.filter((n) => order.includes(n));
  if (order.join() !== expected.join()) add('entry-order', 'structure', pkg, { detail: order.join(', ') }, 'warning');

  // Canonical layout: rebuilding the zip from its entries must give the same bytes (catches changes
  // the content checks cannot see: timestamps, header fields, deflate padding bits, trailing data).
  const total = entries.reduce((n, e) => n + (e.data?.length ?? 0), 0);
  if (!problems.length && entries.every((e) => e.data) && total > CANONICAL_CHECK_LIMIT) {
    add('zip-canonical-skipped', 'structure', pkg, { limit: CANONICAL_CHECK_LIMIT }, options.strict ? 'error' : 'info');
  } else if (!problems.length && entries.every((e) => e.data)) {
    const rebuilt = writeZip(entries.map((e) => ({ path: e.path, data: e.data! })));
    const n = Math.min(rebuilt.length, bytes.length);
    let at = 0;
    while (at < n && rebuilt[at] === bytes[at]) at++;
    if (at < n || rebuilt.length !== bytes.length) {
      const owner = [...entries].reverse().find((e) => e.offset !== undefined && e.offset <= at);
      const where = centralDirectoryOffset !== undefined && at >= centralDirectoryOffset ? 'central directory' : owner?.path ?? pkg;
      add('zip-not-canonical', 'structure', where, { offset: at }, options.strict ? 'error' : 'warning');
    }
  }

  // Manifest
  const mEntry = byName.get(MANIFEST_FILE);
  let manifest: PackageManifest | undefined;
  if (mEntry?.data) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(mEntry.data));
    } catch (err) {
      add('manifest-invalid-json', 'manifest', MANIFEST_FILE, { detail: (err as Error).message.replace(/ in JSON at position.*$/, '') });
    }
    if (parsed !== undefined) {
      const shape = checkManifestShape(parsed);
      for (const [pointer, detail] of shape) add('manifest-invalid', 'manifest', MANIFEST_FILE, { pointer: pointer || '/', detail }, 'error', pointer);
      if (!shape.length) manifest = parsed as PackageManifest;
    }
  }
  result.manifest = manifest;

  // Checksums of every listed file; every content entry must be listed.
  if (manifest) {
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const f of manifest.files) {
      const e = byName.get(f.path);
      if (!e) {
        if (!issues.some((i) => i.params?.file === f.path)) add('entry-missing', 'structure', f.path);
        continue;
      }
      if (!e.data) continue;
      if (e.data.length !== f.size) add('size-mismatch', 'checksum', f.path, { actual: e.data.length, expected: f.size });
      const sha256 = crypto.createHash('sha256').update(e.data).digest('hex');
      const sm3 = crypto.createHash('sm3').update(e.data).digest('hex');
      if (sha256 !== f.sha256) add('checksum-mismatch', 'checksum', f.path, { algorithm: 'SHA-256', expected: f.sha256, actual: sha256 });
      if (sm3 !== f.sm3) add('checksum-mismatch', 'checksum', f.path, { algorithm: 'SM3', expected: f.sm3, actual: sm3 });
    }
    for (const name of [RECORDS_JSONL, RECORDS_XML]) if (byName.has(name) && !listed.has(name)) add('manifest-unlisted-file', 'manifest', name);
  }

  // Signature
  const sEntry = byName.get(SIGNATURE_FILE);
  if (sEntry?.data && mEntry?.data) {
    result.signature.present = true;
    let sig: PackageSignature | undefined;
    let embedded: KeyMaterial | undefined;
    try {
      sig = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(sEntry.data)) as PackageSignature;
      if (!sig || (sig.algorithm !== 'ed25519' && sig.algorithm !== 'sm2') || typeof sig.signature !== 'string' || typeof sig.publicKey !== 'string') throw new Error('needs algorithm (ed25519|sm2), publicKey, signature');
      embedded = parseKey(sig.publicKey);
      if (embedded.algorithm !== sig.algorithm) throw new Error(`publicKey is ${embedded.algorithm}, algorithm says ${sig.algorithm}`);
    } catch (err) {
      add('signature-invalid-json', 'signature', SIGNATURE_FILE, { detail: (err as Error).message });
      sig = undefined;
    }
    if (sig && embedded) {
      result.signature.algorithm = sig.algorithm;
      result.signature.keyId = keyId(embedded);
      const key = options.publicKey ?? embedded;
      if (options.publicKey && keyId(options.publicKey) !== keyId(embedded)) {
        add('signature-key-mismatch', 'signature', SIGNATURE_FILE, { keyId: keyId(embedded), expected: keyId(options.publicKey) });
      } else if (!verifyBytes(mEntry.data, new Uint8Array(Buffer.from(sig.signature, 'base64')), key)) {
        add('signature-invalid', 'signature', SIGNATURE_FILE, { algorithm: sig.algorithm });
      } else {
        result.signature.valid = true;
        result.signature.trusted = !!options.publicKey;
        if (!options.publicKey) add('signature-untrusted', 'signature', SIGNATURE_FILE, { keyId: keyId(embedded) }, 'warning');
      }
    }
  } else if (options.publicKey && !sEntry) add('signature-missing', 'signature', SIGNATURE_FILE);

  // Records
  const jEntry = byName.get(RECORDS_JSONL);
  const lines: { record: CatalogRecord; line: number }[] = [];
  if (jEntry?.data) {
    let text = '';
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(jEntry.data);
    } catch {
      add('record-invalid-json', 'records', RECORDS_JSONL, { line: 1 });
    }
    const raw = text.split('\n');
    if (raw[raw.length - 1] === '') raw.pop();
    let prevKey: string | undefined;
    raw.forEach((l, i) => {
      let v: unknown;
      try { v = JSON.parse(l); } catch { /* reported below */ }
      if (!v || typeof v !== 'object' || Array.isArray(v)) { add('record-invalid-json', 'records', RECORDS_JSONL, { line: i + 1 }); return; }
      const r = v as CatalogRecord;
      const k = recordKey(r);
      if (k === undefined || (prevKey !== undefined && k <= prevKey)) add('records-not-sorted', 'records', RECORDS_JSONL, { line: i + 1 });
      prevKey = k ?? prevKey;
      lines.push({ record: r, line: i + 1 });
    });
    result.records = lines.map((l) => l.record);
    if (manifest && manifest.recordCount !== raw.length) add('record-count-mismatch', 'records', RECORDS_JSONL, { actual: raw.length, expected: manifest.recordCount });
  }
  const xEntry = byName.get(RECORDS_XML);
  if (xEntry?.data && jEntry?.data) {
    try {
      const fromXml = gbtXmlToRecords(new TextDecoder('utf-8', { fatal: true }).decode(xEntry.data));
      const a = fromXml.map((r) => canonicalJson(dropEmpty(r)));
      const b = result.records.map((r) => canonicalJson(dropEmpty(r)));
      if (a.length !== b.length) add('records-xml-mismatch', 'records', RECORDS_XML, { detail: `${a.length} vs ${b.length} records` });
      else {
        const i = a.findIndex((x, n) => x !== b[n]);
        if (i >= 0) add('records-xml-mismatch', 'records', RECORDS_XML, { detail: `record ${i + 1} (${recordKey(result.records[i]) ?? '?'}) differs` });
      }
    } catch (err) {
      add('records-xml-invalid', 'records', RECORDS_XML, { detail: (err as Error).message.split('\n')[0] });
    }
  }
  if (options.revalidate !== false && lines.length) {
    const inputs: RecordInput[] = lines.map((l) => ({ record: l.record, file: RECORDS_JSONL, line: l.line }));
    let report;
    try {
      report = await validateRecords(inputs, { profile: manifest?.profile.id ?? 'guide2017', lang });
    } catch (err) {
      if (!(err instanceof UnknownProfileError)) throw err;
      add('manifest-invalid', 'manifest', MANIFEST_FILE, { pointer: '/profile/id', detail: `names an unknown profile "${err.profile}"` }, 'error', '/profile/id');
    }
    for (const i of report?.issues ?? []) {
      const line = (i.provenance as { line?: number } | undefined)?.line;
      issues.push({ ...i, message: t('record-invalid', lang, { line, detail: i.message }), params: { ...(i.params ?? {}), file: RECORDS_JSONL, check: 'records', line } });
    }
  }
  result.valid = !issues.some((i) => i.severity === 'error');
  return result;
}

/** Drop empty arrays and objects (GB/T XML has no element for an empty list). */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const d = dropEmpty(x);
      if (Array.isArray(d) && !d.length) continue;
      if (d && typeof d === 'object' && !Array.isArray(d) && !Object.keys(d).length) continue;
      out[k] = d;
    }
    return out;
  }
  return v;
}
