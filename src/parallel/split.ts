import fs from 'node:fs';
import { chooseEncoding, decodeFile, readHead } from '../readers/encoding.js';
import { csvDelimiter } from '../readers/csv.js';
import { CsvRecords } from '../readers/csvparse.js';
import type { ReadOptions } from '../readers/options.js';
import type { CsvPlan } from './range.js';

/**
 * Encodings whose multi-byte characters never contain the bytes 0x0A, 0x0D or 0x22 (a GB18030 or Big5 trail byte
 * is at least 0x30, a UTF-8 continuation byte at least 0x80), so a line feed in the bytes is a line feed in the text
 * and a byte range cut after one never splits a character. UTF-16 is not among them.
 */
const ASCII_COMPATIBLE = new Set(['utf-8', 'gb18030', 'big5', 'windows-1252']);

/**
 * How to read a CSV file in byte ranges, or undefined when it must be read from start to end: not an
 * ASCII-compatible encoding, a delimiter with a line break or a quote in it, line ends that are neither "\n" nor
 * "\r\n" (csv-parse decides them on the first line break outside quotes, as the single-thread reader does),
 * a template's footerRows > 0 (its last that many rows are not data: known only at the end of the file, and cheap to
 * do on one thread), or anything unreadable in its head (the single-thread reader then reports it).
 */
export async function planCsv(file: string, read: ReadOptions): Promise<CsvPlan | undefined> {
  if (read.footerRows !== undefined && read.footerRows > 0 && read.header !== false) return undefined;
  try {
    const size = fs.statSync(file).size;
    const enc = chooseEncoding(file, read.encoding, read.encoding ? undefined : readHead(file));
    if (!ASCII_COMPATIBLE.has(enc.encoding)) return undefined;
    const chunks = decodeFile(file, enc.encoding);
    const first = await chunks.next();
    await chunks.return(undefined);
    if (first.done) return undefined;
    const delimiter = csvDelimiter(read, first.value);
    if (/[\r\n"]/.test(delimiter)) return undefined;
    const probe = new CsvRecords({ delimiter, bom: true }, () => {});
    probe.write(Buffer.from(first.value));
    const rd = probe.recordDelimiter?.toString();
    if (rd !== '\n' && rd !== '\r\n') return undefined;
    return { file, size, encoding: enc.encoding, delimiter, recordDelimiter: rd, read };
  } catch {
    return undefined;
  }
}

/**
 * The first position at or after `from` that follows a record delimiter's bytes ("\n", or "\r\n"), or the file's
 * size. Only a candidate: it may fall inside a quoted cell; parseRange proves or moves it.
 */
export function nextBoundary(fd: number, size: number, from: number, rd: '\n' | '\r\n'): number {
  const buf = Buffer.allocUnsafe(64 * 1024);
  const one = Buffer.alloc(1);
  const crBefore = (i: number, at: number) => {
    if (i > 0) return buf[i - 1] === 13;
    return at > 0 && fs.readSync(fd, one, 0, 1, at - 1) === 1 && one[0] === 13;
  };
  for (let at = from; at < size;) {
    const got = fs.readSync(fd, buf, 0, buf.length, at);
    if (got === 0) break;
    for (let i = buf.indexOf(10); i !== -1 && i < got; i = buf.indexOf(10, i + 1)) if (rd === '\n' || crBefore(i, at)) return at + i + 1;
    at += got;
  }
  return size;
}
