import fs from 'node:fs';
import { readRecordFile, InputError } from '../model/jsonl.js';
import { recordKey, contentHash } from '../model/identity.js';
import { verifyPackage } from '../package/verify.js';
import type { Issue } from '../issues/issue.js';
import type { CatalogRecord } from '../model/record.js';
import type { ItemSource, PackageUpload, PublishItem, Reason } from './target.js';
import { packageContentHash } from '../package/manifest.js';
import { ref } from '../issues/text.js';

/** What the inputs hold: publishable items, records refused before sending, and withdrawals a package asks for. */
export interface CollectedInput {
  items: PublishItem[];
  /** Refused locally (no key, duplicate key): never sent. */
  refused: { key?: string; source: ItemSource; reasons: Reason[] }[];
  /** Keys an incremental package lists in manifest.withdrawn. */
  withdrawn: string[];
  /** Packages read, verified, ready to upload whole (their records are in `items` too). */
  packages: PackageUpload[];
}

/** Where a record came from: its own provenance (spreadsheet file/sheet/row) when it has one, else the input file + line. */
export function sourceOf(record: CatalogRecord, file: string, line: number): ItemSource {
  const p = record.provenance;
  if (p && typeof p.file === 'string') {
    const s: ItemSource = { file: p.file };
    if (p.sheet !== undefined) s.sheet = p.sheet;
    if (p.row !== undefined) s.row = p.row;
    if (p.line !== undefined) s.line = p.line;
    if (p.column !== undefined) s.column = p.column;
    return s;
  }
  return { file, line };
}

function isPackage(file: string): boolean {
  return /\.zip$/i.test(file);
}

/** A package that fails `verifyPackage` (structure, checksums, signature): nothing of it is published. */
export class PackageInvalidError extends Error {
  constructor(public file: string, public issues: Issue[]) {
    // Codes only: the CLI words the issues in the user's language (renderIssues).
    super(`${file}: ${issues.map((i) => i.code).join('; ')}`);
  }
}

/**
 * Records of a registration package (docs/package-format.md), after verifyPackage (issue 5) has checked
 * its structure, per-file checksums and signature. Records are not re-validated here: the centre does that.
 */
async function readPackage(file: string): Promise<{ records: { record: CatalogRecord; file: string; line: number }[]; upload: Omit<PackageUpload, 'keys' | 'refusedLocally'> }> {
  if (!fs.existsSync(file)) throw new InputError('file-not-found', { file });
  const bytes = new Uint8Array(fs.readFileSync(file));
  const v = await verifyPackage(bytes, { revalidate: false, fileName: file });
  const errors = v.issues.filter((i) => i.severity === 'error');
  if (!v.valid || errors.length || !v.manifest) throw new PackageInvalidError(file, errors.length ? errors : v.issues);
  const where = `${file}!records.jsonl`;
  const m = v.manifest;
  return {
    records: v.records.map((record, i) => ({ record, file: where, line: i + 1 })),
    upload: {
      file,
      packageId: m.packageId,
      hash: packageContentHash(m),
      bytes,
      withdrawn: (m.withdrawn ?? []).filter((k: unknown): k is string => typeof k === 'string'),
      signed: v.signature.present && v.signature.valid,
      profile: m.profile.id,
    },
  };
}

/**
 * Read records (.json, .jsonl) and packages (.zip) into publish items: key, content hash, record without
 * provenance, source, profile (a package's own, else `profile`, default guide2017). Records without a key or with a key seen before are refused here, with their source.
 * Throws InputError for unreadable input, PackageInvalidError for a package that fails verification.
 */
export async function collectInput(files: string[], o: { profile?: string } = {}): Promise<CollectedInput> {
  const out: CollectedInput = { items: [], refused: [], withdrawn: [], packages: [] };
  const seen = new Map<string, ItemSource>();
  /** Add a record as an item; false when it is refused (no key, duplicate key). */
  const add = (record: CatalogRecord, file: string, line: number, profile: string): boolean => {
    const source = sourceOf(record, file, line);
    const key = recordKey(record);
    if (!key) {
      out.refused.push({ source, reasons: [{ code: 'publish-key-missing', wording: ref('publish-key-missing') }] });
      return false;
    }
    const first = seen.get(key);
    if (first) {
      out.refused.push({ key, source, reasons: [{ code: 'publish-duplicate-key', wording: ref('publish-duplicate-key', { key, first: `${first.file}${first.row ?? first.line ? `:${first.row ?? first.line}` : ''}` }) }] });
      return false;
    }
    seen.set(key, source);
    const { provenance: _p, ...clean } = record;
    out.items.push({ key, hash: contentHash(record), record: clean as CatalogRecord, source, profile });
    return true;
  };
  for (const file of files) {
    if (isPackage(file)) {
      const pkg = await readPackage(file);
      let refusedLocally = 0;
      for (const r of pkg.records) if (!add(r.record, r.file, r.line, pkg.upload.profile)) refusedLocally++;
      out.withdrawn.push(...pkg.upload.withdrawn);
      out.packages.push({ ...pkg.upload, keys: pkg.records.map((r) => recordKey(r.record) ?? ''), refusedLocally });
    } else {
      for await (const r of readRecordFile(file)) add(r.record, r.file, r.line, o.profile ?? 'guide2017');
    }
  }
  return out;
}
