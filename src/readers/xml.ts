import { SaxesParser } from 'saxes';
import { ReadError, type SourceRow } from './row.js';
import { MAX_VALUE_CHARS, type ReadOptions } from './options.js';
import type { CellRef } from '../model/record.js';
import { chooseDeclaredEncoding, decodeFile, readHead, type EncodingGuess } from './encoding.js';
import { MAX_XML_DEPTH } from '../io/xml-limits.js';

/**
 * XML safety: entities declared in a DOCTYPE (internal or external) are refused outright, before any is used,
 * so neither XXE (external entities) nor entity expansion ("billion laughs") can happen. saxes itself never
 * fetches anything and never expands non-predefined entities.
 */
function guardDoctype(file: string, doctype: string): void {
  if (/<!ENTITY/i.test(doctype)) throw new ReadError('xml-entity-refused', { file });
}

function xmlEncoding(file: string, override?: string): EncodingGuess {
  const head = readHead(file, 1 << 20);
  const decl = /^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(head.subarray(0, 200).toString('latin1'));
  return chooseDeclaredEncoding(file, override, decl?.[1], head);
}

export { MAX_XML_DEPTH };

function newParser(file: string): SaxesParser {
  const p = new SaxesParser({ xmlns: false, position: true });
  p.on('doctype', (d) => guardDoctype(file, d));
  return p;
}

/** Checks an opening tag against the limits (saxes keeps one handler per event, so callers invoke this from theirs). */
function checkTag(file: string, p: SaxesParser, depth: number, attributes: Record<string, unknown>): void {
  if (depth > MAX_XML_DEPTH) throw new ReadError('xml-too-deep', { file, line: p.line, max: MAX_XML_DEPTH });
  for (const v of Object.values(attributes)) if (String(v).length > MAX_VALUE_CHARS) throw new ReadError('value-too-large', { file, line: p.line, max: MAX_VALUE_CHARS });
}

function wrapError(file: string, p: SaxesParser, err: unknown): ReadError {
  if (err instanceof ReadError) return err;
  const detail = (err instanceof Error ? err.message : String(err)).replace(/^(?:[^:]*:)?\d+:\d+:\s*/, '');
  return new ReadError('xml-parse-error', { file, line: p.line, column: p.column, detail });
}

/** Namespace declarations are not data. */
const isNsDecl = (name: string) => name === 'xmlns' || name.startsWith('xmlns:');

const localName = (q: string) => q.slice(q.indexOf(':') + 1);

/** Does the element stack end with the record path? "/a/b" is anchored at the root; "a/b" matches at any depth. Prefixes optional. */
function matchesPath(stack: string[], segments: string[], anchored: boolean): boolean {
  if (anchored && stack.length !== segments.length) return false;
  if (stack.length < segments.length) return false;
  const off = stack.length - segments.length;
  return segments.every((s, i) => s === stack[off + i] || (!s.includes(':') && s === localName(stack[off + i])));
}

/** Element structure of a file: how often each path occurs, which have child elements, each path's child names. */
interface XmlShape {
  counts: Map<string, number>;
  complex: Set<string>;
  children: Map<string, Set<string>>;
}

/**
 * The record element implied by the structure, walking down from the root: where an element's children
 * are mostly one repeated element with children of its own (catalog/record, ListRecords/record,
 * SearchResults/MD_Metadata), that element is the record; an element with a single element child that has
 * children (a wrapper: OAI-PMH/ListRecords, csw:SearchResults) is walked through; otherwise the element
 * itself is one record (a lone ISO MD_Metadata), however often leaves such as keyword blocks or online
 * resources repeat deeper down.
 */
export function recordPathOf(shape: XmlShape, root: string): string {
  let at = root;
  for (;;) {
    const n = shape.counts.get(at) ?? 1;
    const kids = [...(shape.children.get(at) ?? [])].map((name) => ({ path: `${at}/${name}`, count: shape.counts.get(`${at}/${name}`) ?? 0 }));
    const total = kids.reduce((a, k) => a + k.count, 0);
    const complex = kids.filter((k) => shape.complex.has(k.path)).sort((a, b) => b.count - a.count);
    const best = complex[0];
    if (best && best.count >= 2 * n && 2 * best.count >= total) return best.path;
    if (complex.length === 1 && best.count === n) {
      at = best.path;
      continue;
    }
    return at;
  }
}

/** Find the record element when no --record-path is given (recordPathOf). Streams the file once. */
export async function guessRecordPath(file: string, encoding: string): Promise<string> {
  const p = newParser(file);
  const stack: string[] = [];
  const shape: XmlShape = { counts: new Map(), complex: new Set(), children: new Map() };
  p.on('opentag', (tag) => {
    const parent = '/' + stack.join('/');
    if (stack.length) {
      shape.complex.add(parent);
      let set = shape.children.get(parent);
      if (!set) shape.children.set(parent, (set = new Set()));
      set.add(tag.name);
    }
    stack.push(tag.name);
    checkTag(file, p, stack.length, tag.attributes);
    const key = '/' + stack.join('/');
    shape.counts.set(key, (shape.counts.get(key) ?? 0) + 1);
  });
  p.on('closetag', () => {
    stack.pop();
  });
  try {
    for await (const chunk of decodeFile(file, encoding)) p.write(chunk);
    p.close();
  } catch (err) {
    throw wrapError(file, p, err);
  }
  const root = [...shape.counts.keys()][0];
  return root ? recordPathOf(shape, root) : '/';
}

/** Flatten one record element: leaf paths relative to the record joined with ".", attributes as "path@name"; repeats become arrays. */
interface Frame {
  path: string;
  text: string;
  children: number;
}

/**
 * Set `p` up so that each element at `recordPath` becomes a row pushed on `queue` (values keyed by relative leaf
 * path, attributes as "path@name", repeats as arrays). Returns how many rows it has made so far.
 */
function collectRecords(file: string, p: SaxesParser, recordPath: string, queue: SourceRow[]): () => number {
  const anchored = recordPath.startsWith('/');
  const segments = recordPath.split('/').filter(Boolean);
  const stack: string[] = [];
  let depthInRecord = -1;
  let frames: Frame[] = [];
  let values: Record<string, unknown> = {};
  let recordLine = 0;
  let rowNo = 0;

  const put = (key: string, v: string) => {
    if (!(key in values)) values[key] = v;
    else if (Array.isArray(values[key])) (values[key] as string[]).push(v);
    else values[key] = [values[key] as string, v];
  };

  p.on('opentag', (tag) => {
    stack.push(tag.name);
    checkTag(file, p, stack.length, tag.attributes);
    if (depthInRecord < 0) {
      if (segments.length && matchesPath(stack, segments, anchored)) {
        depthInRecord = stack.length;
        values = {};
        frames = [{ path: '', text: '', children: 0 }];
        recordLine = p.line;
        for (const [k, v] of Object.entries(tag.attributes)) if (!isNsDecl(k)) put(`@${k}`, String(v));
      }
      return;
    }
    const parent = frames[frames.length - 1];
    parent.children++;
    const path = parent.path ? `${parent.path}.${tag.name}` : tag.name;
    frames.push({ path, text: '', children: 0 });
    for (const [k, v] of Object.entries(tag.attributes)) if (!isNsDecl(k)) put(`${path}@${k}`, String(v));
  });
  const onText = (t: string) => {
    if (depthInRecord < 0) return;
    const f = frames[frames.length - 1];
    f.text += t;
    if (f.text.length > MAX_VALUE_CHARS) throw new ReadError('value-too-large', { file, line: p.line, max: MAX_VALUE_CHARS });
  };
  p.on('text', onText);
  p.on('cdata', onText);
  p.on('closetag', () => {
    if (depthInRecord >= 0) {
      const f = frames.pop()!;
      if (stack.length === depthInRecord) {
        const text = f.text.trim();
        if (f.children === 0 && text) put('#text', text);
        rowNo++;
        const cells: Record<string, CellRef> = {};
        for (const k of Object.keys(values)) cells[k] = { row: rowNo, header: k };
        queue.push({ values, cells, provenance: { file, row: rowNo, line: recordLine } });
        depthInRecord = -1;
      } else if (f.children === 0) {
        const text = f.text.trim();
        if (text) put(f.path, text);
      }
    }
    stack.pop();
  });
  return () => rowNo;
}

/**
 * Stream records from XML: each element at `recordPath` (e.g. "catalog/record") becomes a row whose values are its
 * leaf elements' text keyed by relative path. Entity declarations are refused (see guardDoctype).
 */
export async function* readXml(file: string, options: ReadOptions = {}, found: { recordPath?: string; encoding?: EncodingGuess } = {}): AsyncGenerator<SourceRow> {
  const enc = xmlEncoding(file, options.encoding);
  found.encoding = enc;
  const recordPath = options.recordPath ?? (await guessRecordPath(file, enc.encoding));
  found.recordPath = recordPath;
  const p = newParser(file);
  const queue: SourceRow[] = [];
  const rows = collectRecords(file, p, recordPath, queue);
  try {
    for await (const chunk of decodeFile(file, enc.encoding, undefined, options.onBytes)) {
      p.write(chunk);
      while (queue.length) yield queue.shift()!;
    }
    p.close();
  } catch (err) {
    throw wrapError(file, p, err);
  }
  while (queue.length) yield queue.shift()!;
  if (rows() === 0) throw new ReadError('xml-no-records', { file, recordPath, suggestion: '--record-path catalog/record' });
}
