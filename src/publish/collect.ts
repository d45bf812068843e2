import fs from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { readRecordFile, InputError } from '../model/jsonl.js';
import { recordKey, contentHash } from '../model/identity.js';
import type { CatalogRecord } from '../model/record.js';
import type { ItemSource, PublishItem, Reason } from './target.js';
import { t } from '../i18n/messages.js';
import type { Lang } from '../i18n/lang.js';
import './messages.js';

/** What the inputs hold: publishable items, records refused before sending, and withdrawals a package asks for. */
export interface CollectedInput {
  items: PublishItem[];
  /** Refused locally (no key, duplicate key): never sent. */
  refused: { key?: string; source: ItemSource; reasons: Reason[] }[];
  /** Keys an incremental package lists in manifest.withdrawn. */
  withdrawn: string[];
  /** Packages read (path + packageId). */
  packages: { file: string; packageId?: string }[];
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

/** Records of a registration package (docs/package-format.md): records.jsonl + manifest.withdrawn. */
function* readPackage(file: string): Generator<{ record: CatalogRecord; file: string; line: number } | { withdrawn: string[]; packageId?: string }> {
  if (!fs.existsSync(file)) throw new InputError('file-not-found', { file });
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(fs.readFileSync(file)), { filter: (f) => f.name === 'manifest.json' || f.name === 'records.jsonl' });
  } catch (err) {
    throw new InputError('file-unreadable', { file, detail: `not a zip package (${(err as Error).message})` });
  }
  if (!entries['manifest.json'] || !entries['records.jsonl']) throw new InputError('file-unreadable', { file, detail: 'not a catalog package (manifest.json or records.jsonl missing)' });
  let manifest: any;
  try {
    manifest = JSON.parse(strFromU8(entries['manifest.json']));
  } catch {
    throw new InputError('file-unreadable', { file, detail: 'manifest.json is not JSON' });
  }
  const where = `${file}!records.jsonl`;
  const lines = strFromU8(entries['records.jsonl']).split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(lines[i]);
    } catch (err) {
      throw new InputError('json-parse-error', { file: where, line: i + 1, detail: (err as Error).message });
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw new InputError('record-not-object', { file: where, line: i + 1 });
    yield { record: record as CatalogRecord, file: where, line: i + 1 };
  }
  yield { withdrawn: Array.isArray(manifest?.withdrawn) ? manifest.withdrawn.filter((k: unknown) => typeof k === 'string') : [], packageId: manifest?.packageId };
}

/**
 * Read records (.json, .jsonl) and packages (.zip) into publish items: key, content hash, record without
 * provenance, source. Records without a key or with a key seen before are refused here, with their source.
 * Throws InputError for unreadable input.
 */
export async function collectInput(files: string[], o: { lang?: Lang } = {}): Promise<CollectedInput> {
  const lang = o.lang ?? 'en';
  const out: CollectedInput = { items: [], refused: [], withdrawn: [], packages: [] };
  const seen = new Map<string, ItemSource>();
  const add = (record: CatalogRecord, file: string, line: number) => {
    const source = sourceOf(record, file, line);
    const key = recordKey(record);
    if (!key) {
      out.refused.push({ source, reasons: [{ code: 'publish-key-missing', message: t('publish-key-missing', lang) }] });
      return;
    }
    const first = seen.get(key);
    if (first) {
      out.refused.push({ key, source, reasons: [{ code: 'publish-duplicate-key', message: t('publish-duplicate-key', lang, { key, first: `${first.file}${first.row ?? first.line ? `:${first.row ?? first.line}` : ''}` }) }] });
      return;
    }
    seen.set(key, source);
    const { provenance: _p, ...clean } = record;
    out.items.push({ key, hash: contentHash(record), record: clean as CatalogRecord, source });
  };
  for (const file of files) {
    if (isPackage(file)) {
      for (const x of readPackage(file)) {
        if ('record' in x) add(x.record, x.file, x.line);
        else {
          out.withdrawn.push(...x.withdrawn);
          out.packages.push({ file, packageId: x.packageId });
        }
      }
    } else {
      for await (const r of readRecordFile(file)) add(r.record, r.file, r.line);
    }
  }
  return out;
}
