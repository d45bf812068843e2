import fs from 'node:fs';
import { ReadError, type SourceRow } from './row.js';
import { readJsonLines } from '../io/json-lines.js';
import type { CellRef } from '../model/record.js';

/**
 * Flatten a JSON object for mapping: top-level keys keep their original value (object or array included),
 * and every nested leaf is also given a dotted key ("distribution.0.format", "publisher.name").
 */
export function flattenObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (v: unknown, key: string) => {
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
      for (const [k, x] of entries) walk(x, `${key}.${k}`);
    } else if (!(key in out)) out[key] = v;
  };
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (v !== null && typeof v === 'object') walk(v, k);
  }
  return out;
}

function rowOf(file: string, obj: Record<string, unknown>, row: number, line: number | undefined): SourceRow {
  const values = flattenObject(obj);
  const cells: Record<string, CellRef> = {};
  for (const k of Object.keys(values)) cells[k] = { row, header: k };
  const provenance: SourceRow['provenance'] = { file, row };
  if (line !== undefined) provenance.line = line;
  return { values, cells, provenance };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const COLLECTION_KEY = /^(datasets?|records?|data|items|results?|rows|list|hits|entries|catalog)$/i;

/**
 * Find the array of records: the document itself; else an array of objects under a collection-like key
 * ("dataset", "records", "data", "result.results"…, up to two levels down); else the one array of objects held by
 * an object with few other fields (a data.json-style wrapper). Otherwise the object is itself one record.
 */
export function findRecordArray(doc: unknown, file: string): { items: unknown[]; pointer: string } {
  if (Array.isArray(doc)) return { items: doc, pointer: '' };
  if (!isPlainObject(doc)) throw new ReadError('json-no-array', { file, arrays: 'none' });
  const named: { items: unknown[]; pointer: string }[] = [];
  const look = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      const p = `${prefix}/${k}`;
      if (COLLECTION_KEY.test(k) && Array.isArray(v) && v.length > 0 && v.every(isPlainObject)) named.push({ items: v, pointer: p });
      else if (COLLECTION_KEY.test(k) && isPlainObject(v) && depth < 2) look(v, p, depth + 1);
    }
  };
  look(doc, '', 1);
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new ReadError('json-no-array', { file, arrays: named.map((c) => `${c.pointer} (${c.items.length})`).join(', ') });
  const arrays = Object.entries(doc).filter(([, v]) => Array.isArray(v) && v.length > 0 && v.every(isPlainObject));
  const scalars = Object.values(doc).filter((v) => v === null || typeof v !== 'object').length;
  if (arrays.length === 1 && scalars <= 6) return { items: arrays[0][1] as unknown[], pointer: `/${arrays[0][0]}` };
  // An object that is itself one record (e.g. a CKAN package with contact/resources lists).
  return { items: [doc], pointer: '' };
}

/**
 * Offset of the first syntax error in a JSON text (Node 20's JSON.parse messages do not always give one):
 * a small validating scanner, used only after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

/** Line (1-based) of a character offset. */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Rows from a JSON document (an array of objects, or an object holding one such array). The document is parsed whole
 * (portal dumps are a few MB); use JSONL for very large inputs.
 */
export async function* readJson(file: string): AsyncGenerator<SourceRow> {
  const text = (await fs.promises.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const at = pos ? Number(pos[1]) : jsonErrorOffset(text);
    throw new ReadError('json-invalid', { file, line: lineAt(text, at), detail: msg.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/s, '') });
  }
  const { items } = findRecordArray(doc, file);
  let row = 0;
  for (const item of items) {
    row++;
    if (!isPlainObject(item)) continue;
    yield rowOf(file, item, row, undefined);
  }
}

/** Rows from JSON Lines, one object per line, streamed. */
export async function* readJsonl(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  let row = 0;
  for await (const { line, value: v, error } of readJsonLines(file, onBytes)) {
    if (error !== undefined) throw new ReadError('json-invalid', { file, line, detail: error });
    row++;
    if (!isPlainObject(v)) throw new ReadError('json-invalid', { file, line, detail: 'each line must be a JSON object' });
    yield rowOf(file, v, row, line);
  }
}
