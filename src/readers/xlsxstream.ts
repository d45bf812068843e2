import zlib from 'node:zlib';
import { Inflate, zipSync, strToU8 } from 'fflate';
import { SaxesParser } from 'saxes';
import * as XLSX from '@e965/xlsx';
import { ReadError, type SourceRow } from './row.js';
import type { ReadOptions } from './options.js';
import type { CellRef } from '../model/record.js';
import { cellValue, ensureCodepages, type CellValue, type SheetGrid } from './workbook.js';
import { selectSheets, sheetHeader, type SheetColumns } from './sheet-header.js';
import { columnLetter } from './columns.js';
import { checkXmlDepth, XmlLimitError } from '../io/xml-limits.js';
import { checkZip, damaged, entryData, entryVerifier, zipEntries, ZipDamage, type ZipEntry } from './zipcheck.js';

/**
 * Streaming .xlsx reader for the plain table layout (project choice, issue 9): SheetJS inflates and parses a whole
 * workbook in memory (≈ 1.5 GB for 200,000 rows), so large sheets are read here instead, two passes over the
 * sheet XML streamed through fflate + saxes:
 *   1. scan: dimension, the first rows (for header detection), which columns hold data, the last non-empty row,
 *      and whether the sheet has merged cells (<mergeCells> comes after <sheetData>);
 *   2. emit rows below the header as they are parsed.
 * Shared strings, cell number formats and date1904 are resolved by SheetJS itself from a tiny workbook holding the
 * original styles.xml and sharedStrings.xml, so values are the same as the SheetJS reader's.
 *
 * Fallback rule (readSheets): a workbook is streamed only when one of its worksheet parts is at least
 * XLSX_STREAM_MIN_BYTES uncompressed; and even then a selected sheet with merged cells, a cell-type this reader does
 * not handle (t="d"), no non-empty row among the first rows scanned, or anything unexpected in the package makes the
 * whole file go through SheetJS (merged headers need the whole grid).
 */
export const XLSX_STREAM_MIN_BYTES = 4 * 1024 * 1024;

/** Rows kept from pass 1 for header detection (detectHeaderRow scans 30 rows and looks 3 rows further). */
const HEAD_ROWS = 34;

/** Characters of sheet XML handed to saxes at a time (a few dozen rows). */
const WRITE_CHARS = 4 * 1024;

/** A whole (small) part; checkZip has already checked it. */
function entryBytes(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const data = entryData(bytes, e);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new Error(`unsupported zip method ${e.method}`);
  return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
}

/**
 * Inflate an entry chunk by chunk. Any damage (bad deflate data, past or short of its declared size, wrong CRC-32)
 * throws ZipDamage: a part checkZip deferred is checked here, as it streams.
 */
function* entryChunks(bytes: Uint8Array, e: ZipEntry, step = 16 * 1024): Generator<Uint8Array> {
  const data = entryData(bytes, e);
  const check = entryVerifier(e);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += step) {
      const chunk = data.subarray(i, i + step);
      check.take(chunk);
      yield chunk;
    }
    check.end();
    return;
  }
  if (e.method !== 8) throw new ZipDamage(e.name, `unsupported compression method ${e.method}`);
  const out: Uint8Array[] = [];
  const inf = new Inflate((chunk) => {
    check.take(chunk);
    out.push(chunk);
  });
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      inf.push(chunk, final);
    } catch (err) {
      throw err instanceof ZipDamage ? err : new ZipDamage(e.name, `invalid deflate data: ${(err as Error).message}`);
    }
  };
  if (data.length === 0) push(new Uint8Array(0), true);
  for (let i = 0; i < data.length; i += step) {
    push(data.subarray(i, i + step), i + step >= data.length);
    while (out.length) yield out.shift()!;
  }
  while (out.length) yield out.shift()!;
  check.end();
}

/**
 * A copy of a string that does not point into the parser's chunk: V8 keeps substrings (≥ 13 chars) as slices of
 * their parent, so one value kept by a caller (e.g. an identifier in the duplicate check) would keep a whole
 * decoded chunk of sheet XML alive.
 */
const own = (s: string) => (s.length > 12 ? (' ' + s).slice(1) : s);
const local = (name: string) => name.slice(name.indexOf(':') + 1);
const decodeX = (s: string) => s.replace(/_x([\da-fA-F]{4})_/g, (_, c: string) => String.fromCharCode(parseInt(c, 16)));

function parseSmallXml(text: string, onOpen: (name: string, attrs: Record<string, string>) => void): void {
  const p = new SaxesParser({ xmlns: false });
  let depth = 0;
  p.on('opentag', (t) => {
    checkXmlDepth(++depth, p.line);
    onOpen(local(t.name), t.attributes as Record<string, string>);
  });
  p.on('closetag', () => depth--);
  p.write(text).close();
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

interface WorkbookInfo {
  sheets: { name: string; part: string }[];
  date1904: boolean;
  /** Shared strings as SheetJS reads them. */
  strings: string[];
  /** Number format (SheetJS cell.z) by cell style index, and for a cell without a style. */
  formats: (string | undefined)[];
  defaultFormat: string | undefined;
}

function readWorkbookInfo(bytes: Uint8Array, entries: Map<string, ZipEntry>): WorkbookInfo {
  const text = (name: string) => new TextDecoder().decode(entryBytes(bytes, entries.get(name)!));
  let wbPart = 'xl/workbook.xml';
  parseSmallXml(text('_rels/.rels'), (n, a) => {
    if (n === 'Relationship' && /\/officeDocument$/.test(a.Type ?? '')) wbPart = resolveTarget('', a.Target);
  });
  const wbXml = text(wbPart);
  const relsPart = wbPart.replace(/[^/]+$/, (f) => `_rels/${f}.rels`);
  const rels = new Map<string, { type: string; part: string }>();
  parseSmallXml(text(relsPart), (n, a) => {
    if (n === 'Relationship') rels.set(a.Id, { type: a.Type ?? '', part: resolveTarget(wbPart, a.Target) });
  });
  const sheets: { name: string; part: string }[] = [];
  let date1904 = false;
  parseSmallXml(wbXml, (n, a) => {
    if (n === 'workbookPr' && (a.date1904 === '1' || a.date1904 === 'true')) date1904 = true;
    if (n === 'sheet') {
      const rel = rels.get(a['r:id'] ?? Object.entries(a).find(([k]) => local(k) === 'id')?.[1] ?? '');
      if (!rel || !/\/worksheet$/.test(rel.type) || !entries.has(rel.part)) throw new Error(`sheet ${a.name} is not a worksheet part`);
      sheets.push({ name: a.name, part: rel.part });
    }
  });
  const styles = [...rels.values()].find((r) => /\/styles$/.test(r.type) && entries.has(r.part));
  const sst = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type) && entries.has(r.part));
  const stylesXml = styles ? entryBytes(bytes, entries.get(styles.part)!) : undefined;
  let xfCount = 0;
  if (stylesXml) {
    const m = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(new TextDecoder().decode(stylesXml));
    if (m) xfCount = (m[1].match(/<(?:\w+:)?xf\b/g) ?? []).length;
  }
  // A tiny workbook with the original styles and shared strings, and one cell per style: SheetJS resolves them.
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const pkg = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  let rows = `<row r="1"><c r="A1"><v>1</v></c></row>`;
  for (let i = 0; i < xfCount; i++) rows += `<row r="${i + 2}"><c r="A${i + 2}" s="${i}"><v>1</v></c></row>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/>${stylesXml ? `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` : ''}${sst ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>` : ''}</Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rns}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${pkg}"><Relationship Id="rId1" Type="${rns}/worksheet" Target="worksheets/sheet1.xml"/>${stylesXml ? `<Relationship Id="rId2" Type="${rns}/styles" Target="styles.xml"/>` : ''}${sst ? `<Relationship Id="rId3" Type="${rns}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${rows}</sheetData></worksheet>`),
  };
  if (stylesXml) files['xl/styles.xml'] = stylesXml;
  if (sst) files['xl/sharedStrings.xml'] = entryBytes(bytes, entries.get(sst.part)!);
  ensureCodepages();
  const wb = XLSX.read(zipSync(files), { type: 'buffer', cellNF: true, cellDates: false, cellStyles: false, dense: false });
  const ws = wb.Sheets.S;
  const formats: (string | undefined)[] = [];
  for (let i = 0; i < xfCount; i++) formats.push((ws[`A${i + 2}`] as XLSX.CellObject | undefined)?.z as string | undefined);
  const strings = ((wb as unknown as { Strings?: { t?: string }[] }).Strings ?? []).map((s) => s?.t ?? '');
  return { sheets, date1904, strings, formats, defaultFormat: (ws.A1 as XLSX.CellObject | undefined)?.z as string | undefined };
}

/** Thrown inside a pass when the sheet needs the SheetJS reader. */
class NeedsFallback extends Error {}

interface Range { sr: number; sc: number; er: number; ec: number }

/** 'A12' → [row 1-based, column 1-based]. */
function decodeRef(ref: string): [number, number] {
  let c = 0, i = 0;
  for (; i < ref.length; i++) {
    const k = ref.charCodeAt(i) - 64;
    if (k < 1 || k > 26) break;
    c = 26 * c + k;
  }
  return [parseInt(ref.slice(i), 10), c];
}

function decodeRange(ref: string): Range | undefined {
  const [a, b = a] = ref.split(':');
  const [sr, sc] = decodeRef(a), [er, ec] = decodeRef(b);
  if (!(sr >= 1 && sc >= 1 && er >= sr && ec >= sc)) return undefined;
  return { sr, sc, er, ec };
}

type CellSink = (row: number, col: number, v: CellValue) => void;

/**
 * A parsed <c> (its t and s attributes, whether it has a formula, the <v> text, the <is> text) → the cell object
 * SheetJS would make of it, number format included; undefined when SheetJS keeps no cell.
 */
function cellObject(t: string | undefined, s: number | undefined, hasF: boolean, vText: string | undefined, isText: string | undefined, info: WorkbookInfo): XLSX.CellObject | undefined {
  if (t === undefined && vText === undefined) return hasF ? { t: 'n', v: 0, z: numberFormat(s, info) } : undefined;
  switch (t ?? 'n') {
    case 'n': return vText === undefined ? undefined : { t: 'n', v: parseFloat(vText), z: numberFormat(s, info) };
    case 's': return vText === undefined ? undefined : { t: 's', v: info.strings[parseInt(vText, 10)] ?? '' };
    case 'str': return { t: 's', v: decodeX(decodeX(vText ?? '')) };
    case 'inlineStr': return { t: 's', v: isText === undefined ? '' : decodeX(isText) };
    case 'b': return { t: 'b', v: vText === '1' || vText === 'true' };
    case 'e': return { t: 'e', v: 0, w: vText };
    default: throw new NeedsFallback(`cell type ${t}`);
  }
}

const numberFormat = (s: number | undefined, info: WorkbookInfo) => (s !== undefined && s < info.formats.length ? info.formats[s] : info.defaultFormat) as string;

/**
 * Feed a worksheet part to the parser in small writes, a yield after each: the rows of one write are consumed (and
 * become garbage) while still young, instead of surviving into the old generation in large batches.
 */
function* feedSheet(p: SaxesParser, bytes: Uint8Array, e: ZipEntry): Generator<void> {
  const dec = new TextDecoder('utf-8');
  for (const chunk of entryChunks(bytes, e)) {
    const str = dec.decode(chunk, { stream: true });
    for (let i = 0; i < str.length;) {
      let end = Math.min(str.length, i + WRITE_CHARS);
      if (end < str.length && (str.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--; // never split a surrogate pair
      p.write(str.slice(i, end));
      i = end;
      yield;
    }
  }
  p.write(dec.decode());
  p.close();
}

/**
 * Parse a worksheet part, calling `cell` for each cell SheetJS would keep (raw value, 1-based row/column) and
 * `rowEnd` after each <row>. Returns the SheetJS !ref (dimension, or guessed from rows and cells).
 */
function* parseSheet(bytes: Uint8Array, e: ZipEntry, info: WorkbookInfo, cell: CellSink, rowEnd: (row: number) => void): Generator<void, Range | undefined> {
  const p = new SaxesParser({ xmlns: false });
  let dim: Range | undefined;
  const guess: Range = { sr: Infinity, sc: Infinity, er: 0, ec: 0 };
  let rowNo = 0, colNo = 0;
  let inCell = false, t: string | undefined, s: number | undefined, hasF = false, vText: string | undefined;
  let text: string[] | undefined; // collecting text of <v> or <t>
  let isText: string | undefined, isFirstIsChild: string | undefined, isParts: string[] = [], inIs = false, inRph = 0, inT = false, inV = false;
  let cellRow = 0, depth = 0;
  p.on('opentag', (tag) => {
    checkXmlDepth(++depth, p.line);
    const n = local(tag.name);
    const a = tag.attributes as Record<string, string>;
    if (n === 'dimension') {
      if (a.ref) dim = decodeRange(a.ref);
    } else if (n === 'row') {
      rowNo = a.r !== undefined ? parseInt(a.r, 10) : rowNo + 1;
      colNo = 0;
      if (guess.sr > rowNo) guess.sr = rowNo;
      if (guess.er < rowNo) guess.er = rowNo;
    } else if (n === 'c') {
      inCell = true; t = a.t; s = a.s !== undefined ? parseInt(a.s, 10) : undefined; hasF = false; vText = undefined;
      isText = undefined; isFirstIsChild = undefined; isParts = []; inIs = false;
      if (a.r) {
        const [r, c] = decodeRef(a.r);
        if (r !== rowNo) throw new NeedsFallback('cell outside its row');
        colNo = c; cellRow = r;
      } else { colNo++; cellRow = rowNo; }
    } else if (inCell) {
      if (n === 'v') { inV = true; text = []; }
      else if (n === 'f') hasF = true;
      else if (n === 'is') inIs = true;
      else if (inIs) {
        if (isFirstIsChild === undefined) isFirstIsChild = n;
        if (n === 'rPh') inRph++;
        else if (n === 't') { inT = true; text = []; }
      }
    } else if (n === 'mergeCell') throw new NeedsFallback('merged cells');
  });
  const onText = (x: string) => { if (text && (inV || inT)) text.push(x); };
  p.on('text', onText);
  p.on('cdata', onText);
  p.on('closetag', (tag) => {
    depth--;
    const n = local(tag.name);
    if (n === 'v' && inV) { inV = false; const x = own(text!.join('')); vText = x === '' ? undefined : x; text = undefined; }
    else if (n === 't' && inT) {
      inT = false;
      if (inRph === 0) isParts.push(own(text!.join('')));
      text = undefined;
    } else if (n === 'rPh' && inIs) inRph--;
    else if (n === 'is') {
      inIs = false;
      isText = isFirstIsChild === 't' ? (isParts[0] ?? '') : isParts.join('');
    } else if (n === 'c' && inCell) {
      inCell = false;
      const obj = cellObject(t, s, hasF, vText, isText, info);
      if (obj) {
        if (guess.sc > colNo) guess.sc = colNo;
        if (guess.ec < colNo) guess.ec = colNo;
        cell(cellRow, colNo, cellValue(obj, info.date1904));
      }
    } else if (n === 'row') rowEnd(rowNo);
  });
  yield* feedSheet(p, bytes, e);
  if (dim) return dim;
  return guess.ec >= guess.sc && guess.er >= guess.sr ? guess : undefined;
}

const isEmptyValue = (v: CellValue | undefined) => v === null || v === undefined || v === '';

/** What pass 1 learnt about one sheet. */
interface SheetPlan {
  name: string;
  /** 1-based position in the workbook. */
  index: number;
  entry: ZipEntry;
  range?: Range;
  rowCount: number;
  columnCount: number;
  header?: SheetColumns;
}

/** A workbook ready to stream, or the reason it must go through SheetJS. */
export type XlsxStreamPlan = { file: string; bytes: Uint8Array; info: WorkbookInfo; sheets: SheetPlan[] } | { fallback: string };

const isSheetPart = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);

/** Largest worksheet part, uncompressed, as declared (decides whether streaming is worth it). */
export function largestSheetBytes(file: string, bytes: Uint8Array): number {
  let max = 0;
  for (const e of zipEntries(file, bytes)) if (isSheetPart(e.name)) max = Math.max(max, e.size);
  return max;
}

/** Pass 1 over every selected sheet. Any surprise in a sound workbook means "use SheetJS", never a wrong row. */
export function planXlsxStream(file: string, bytes: Uint8Array, options: ReadOptions = {}): XlsxStreamPlan {
  // Bombs and damage are errors, not a reason to fall back. Large sheet parts are checked as pass 1 streams them;
  // a fallback to SheetJS checks the whole workbook first (loadWorkbook).
  const entries = checkZip(file, bytes, { defer: (e) => isSheetPart(e.name) && e.size >= XLSX_STREAM_MIN_BYTES });
  try {
    const info = readWorkbookInfo(bytes, entries);
    const stubs = info.sheets.map((s, i) => ({ name: s.name, index: i + 1 }) as SheetGrid);
    const selected = selectSheets(file, stubs, options.sheet);
    const sheets: SheetPlan[] = [];
    for (const stub of selected) {
      const entry = entries.get(info.sheets[stub.index - 1].part)!;
      const keep = Math.max(HEAD_ROWS, (options.headerRow ?? 0) + 2);
      const head = new Map<number, Map<number, CellValue>>();
      const lastInColumn = new Map<number, number>();
      let lastRow = 0, firstRow = 0;
      const dim = peekDimension(bytes, entry);
      // The dimension precedes <sheetData>; with none, SheetJS's range is guessed from every row/cell, so all cells are in.
      const inRange = (r: number, c: number) => !dim || (r >= dim.sr && r <= dim.er && c >= dim.sc && c <= dim.ec);
      const gen = parseSheet(bytes, entry, info, (r, c, v) => {
        if (v === null || !inRange(r, c)) return;
        if (r <= keep) {
          if (!head.has(r)) head.set(r, new Map());
          head.get(r)!.set(c, v);
        }
        if (r > lastRow) lastRow = r;
        if (!firstRow || r < firstRow) firstRow = r;
        if (!isEmptyValue(v) && (lastInColumn.get(c) ?? 0) < r) lastInColumn.set(c, r);
      }, () => {});
      let step = gen.next();
      while (!step.done) step = gen.next();
      const range = step.value;
      if (range && dim && (range.sr !== dim.sr || range.er !== dim.er || range.sc !== dim.sc || range.ec !== dim.ec)) throw new NeedsFallback('dimension mismatch');
      const columnCount = range ? range.ec : 0;
      const rowCount = range ? Math.min(lastRow, range.er) : 0;
      if (rowCount > 0 && firstRow > keep) throw new NeedsFallback('first non-empty row beyond the rows scanned');
      const plan: SheetPlan = { name: stub.name, index: stub.index, entry, range, rowCount, columnCount };
      if (rowCount > 0) {
        const rows: CellValue[][] = [];
        for (let r = 1; r <= Math.min(rowCount, keep); r++) {
          const row: CellValue[] = new Array(columnCount).fill(null);
          for (const [c, v] of head.get(r) ?? []) if (c <= columnCount) row[c - 1] = v;
          rows.push(row);
        }
        const grid: SheetGrid = { name: stub.name, index: stub.index, values: rows, raw: rows, merges: [], rowCount, columnCount };
        plan.header = sheetHeader(file, grid, options, (i, from) => (lastInColumn.get(i + 1) ?? 0) >= from);
      }
      sheets.push(plan);
    }
    return { file, bytes, info, sheets };
  } catch (err) {
    if (err instanceof ReadError || err instanceof ZipDamage) throw damaged(file, err);
    if (err instanceof XmlLimitError) throw new ReadError('xml-too-deep', { file, line: err.line, max: err.max });
    return { fallback: err instanceof Error ? err.message : String(err) };
  }
}

/** The <dimension ref> of a sheet, read from the start of its XML. */
function peekDimension(bytes: Uint8Array, e: ZipEntry): Range | undefined {
  let head = '';
  const dec = new TextDecoder('utf-8');
  for (const chunk of entryChunks(bytes, e, 4096)) {
    head += dec.decode(chunk, { stream: true });
    const sd = head.search(/<(?:\w+:)?sheetData\b/);
    const m = /<(?:\w+:)?dimension\b[^>]*\bref\s*=\s*["']([^"']*)["']/.exec(sd < 0 ? head : head.slice(0, sd));
    if (m) return decodeRange(m[1]);
    if (sd >= 0 || head.length > 1 << 20) return undefined;
  }
  return undefined;
}

/** Pass 2: rows below each sheet's header, in batches (one per inflated chunk), identical to readSheets' rows. */
export function* streamXlsxRows(plan: Exclude<XlsxStreamPlan, { fallback: string }>): Generator<SourceRow[]> {
  for (const sheet of plan.sheets) {
    const header = sheet.header;
    if (!header || sheet.rowCount === 0) continue;
    const range = sheet.range!;
    let batch: SourceRow[] = [];
    let row: CellValue[] = new Array(sheet.columnCount).fill(null);
    let any = false, touched = false;
    const gen = parseSheet(plan.bytes, sheet.entry, plan.info, (r, c, v) => {
      if (r < range.sr || c < range.sc || c > sheet.columnCount) return;
      row[c - 1] = v;
      touched = true;
      if (!isEmptyValue(v)) any = true;
    }, (r) => {
      if (any && r >= header.firstDataRow && r <= sheet.rowCount) {
        const values: Record<string, unknown> = {};
        const cells: Record<string, CellRef> = {};
        for (const i of header.columns) {
          const name = header.names[i];
          values[name] = row[i] ?? null;
          cells[name] = { sheet: sheet.name, row: r, column: columnLetter(i + 1), header: name };
        }
        batch.push({ values, cells, provenance: { file: plan.file, sheet: sheet.name, row: r } });
      }
      if (touched) row = new Array(sheet.columnCount).fill(null);
      any = touched = false;
    });
    try {
      for (let step = gen.next(); !step.done; step = gen.next()) {
        if (batch.length) {
          yield batch;
          batch = [];
        }
      }
    } catch (err) {
      if (err instanceof ZipDamage) throw damaged(plan.file, err);
      throw new ReadError('workbook-unreadable', { file: plan.file, detail: err instanceof Error ? err.message : String(err) });
    }
    if (batch.length) yield batch;
  }
}
