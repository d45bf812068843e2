import fs from 'node:fs';
import type { CatalogRecord } from '../model/record.js';
import { readRecordFile, InputError } from '../model/jsonl.js';
import { verifyPackageFile, type VerifyOptions, type VerifyResult } from './verify.js';

/** True when the file starts with a zip local header (a package), whatever its name. */
export function isZipFile(file: string): boolean {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    fs.readSync(fd, b, 0, 4, 0);
    return b.readUInt32LE(0) === 0x04034b50;
  } finally {
    fs.closeSync(fd);
  }
}

export interface LoadedCatalogue {
  records: CatalogRecord[];
  /** Set when the file was a package: its verification result. */
  package?: VerifyResult;
}

/** Load a catalogue: records from .json/.jsonl, or from a registration package (verified first). Throws InputError for unreadable files. */
export async function loadCatalogue(file: string, options: VerifyOptions = {}): Promise<LoadedCatalogue> {
  if (!fs.existsSync(file)) throw new InputError('file-not-found', { file });
  if (isZipFile(file)) {
    const result = await verifyPackageFile(file, { keepRecords: true, ...options });
    return { records: result.records, package: result };
  }
  const records: CatalogRecord[] = [];
  for await (const r of readRecordFile(file)) records.push({ ...r.record, provenance: r.record.provenance ?? { file: r.file, line: r.line } });
  return { records };
}
