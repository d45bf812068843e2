import fs from 'node:fs';
import { ReadError } from './row.js';
import type { SourceFormat } from './options.js';
import { otherKind } from './magic.js';

/** Fail early with a clear message when the path is missing, not a file, or empty. Returns the size. */
export function ensureFile(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new ReadError('read-file-not-found', { file });
  }
  if (!st.isFile()) throw new ReadError('read-not-a-file', { file });
  if (st.size === 0) throw new ReadError('read-empty-file', { file });
  return st.size;
}

/** Text of the first bytes for sniffing, whatever the (ASCII-compatible or UTF-16) encoding. */
function headText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(head.subarray(2)).swap16().toString('utf16le');
  return head.toString('latin1').replace(/^\xef\xbb\xbf/, '').replace(/\0/g, '');
}

/**
 * Decide a file's format from its content, never its extension:
 * files that are not sources at all (PDF, Word, zip, images, other binaries; readers/magic.ts) → ReadError;
 * D0CF11E0 (OLE2) → xls; PK → xlsx; '<' → html (a web page or table, e.g. an ".xls" exported by a web system) or xml;
 * '{' / '[' → json or jsonl; anything else → csv.
 */
export function sniffFormat(file: string): SourceFormat {
  const size = ensureFile(file);
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(8192);
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  // A PDF, Word file, zip, image or other binary named .xlsx/.csv: say what it is instead of failing to read it.
  const other = otherKind(file, head.subarray(0, n), size);
  if (other) throw new ReadError(`not-a-spreadsheet-${other}`, { file, kind: other });
  return sniffBytes(head.subarray(0, n));
}

export function sniffBytes(head: Buffer): SourceFormat {
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  if (head.length >= 2 && head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  const text = headText(head).trimStart();
  if (text.startsWith('<')) {
    const lower = text.toLowerCase();
    if (/^<!doctype\s+html|<html[\s>]|<table[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<style[\s>]/.test(lower) && !/^<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*<(?!html|table|!doctype\s+html)[a-z_]/i.test(text)) return 'html';
    return 'xml';
  }
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    // JSONL: the first line is a whole object and the next non-empty line starts another.
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    if (lines.length >= 2 && lines[1].trimStart().startsWith('{')) {
      try {
        JSON.parse(lines[0]);
        return 'jsonl';
      } catch {
        return 'json';
      }
    }
    return 'json';
  }
  return 'csv';
}
