import fs from 'node:fs';
import { readJsonLines } from '../io/json-lines.js';
import { writeLinesAtomic } from '../io/atomic.js';
import type { CatalogRecord } from './record.js';

/** A record as read from a file, with where it was found. */
export interface SourcedRecord {
  record: CatalogRecord;
  file: string;
  /** 1-based line of the record (JSONL) or of the start of the document (JSON). */
  line: number;
  /** 0-based position in the file. */
  index: number;
}

/** Input problem that stops a file from being read (not a validation finding). */
export class InputError extends Error {
  constructor(public code: 'file-not-found' | 'file-unreadable' | 'json-parse-error' | 'record-not-object', public params: Record<string, unknown>) {
    super(`${code}: ${JSON.stringify(params)}`);
  }
}

function ensureReadable(file: string): void {
  if (!fs.existsSync(file)) throw new InputError('file-not-found', { file });
  const st = fs.statSync(file);
  if (!st.isFile()) throw new InputError('file-unreadable', { file, detail: 'not a regular file' });
}

/** Line number of a character offset (for JSON.parse errors that report a position). */
function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Stream records from a .json (array, single object, or object holding a `records` array) or .jsonl file.
 * JSONL is read line by line (bounded memory); JSON documents are parsed whole. `onBytes` is told how many more
 * bytes were read (progress by bytes).
 */
export async function* readRecordFile(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourcedRecord> {
  ensureReadable(file);
  const isJsonl = /\.(jsonl|ndjson)$/i.test(file);
  if (isJsonl) {
    let index = 0;
    for await (const { line, value, error } of readJsonLines(file, onBytes)) {
      if (error !== undefined) throw new InputError('json-parse-error', { file, line, detail: error });
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('record-not-object', { file, line });
      yield { record: value as CatalogRecord, file, line, index: index++ };
    }
    return;
  }
  const bytes = fs.readFileSync(file);
  onBytes?.(bytes.length);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? lineOf(text, Number(m[1])) : 1;
    throw new InputError('json-parse-error', { file, line, detail: (err as Error).message.replace(/ in JSON at position \d+.*$/, '') });
  }
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && Array.isArray((doc as any).records) ? (doc as any).records : [doc];
  let index = 0;
  for (const value of list) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError('record-not-object', { file, line: 1 });
    yield { record: value as CatalogRecord, file, line: 1, index: index++ };
  }
}

/** Serialise records as JSONL, written to a temp file and renamed so a crash never leaves half a file. */
export async function writeJsonl(file: string, records: AsyncIterable<CatalogRecord> | Iterable<CatalogRecord>): Promise<number> {
  async function* lines() {
    for await (const r of records as AsyncIterable<CatalogRecord>) yield JSON.stringify(r);
  }
  return writeLinesAtomic(file, lines());
}
