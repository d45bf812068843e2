import fs from 'node:fs';
import chardet from 'chardet';
import { ReadError } from './row.js';

/** The text encoding a reader will use, and how sure it is (0–100). */
export interface EncodingGuess {
  /** WHATWG label: utf-8, gb18030, big5, utf-16le, utf-16be, windows-1252 (only by --encoding). */
  encoding: string;
  confidence: number;
  /** bom: byte-order mark; utf8-valid: every sampled byte is valid UTF-8; declared: the file's own XML/HTML charset; detected: statistical (chardet); override: --encoding. */
  source: 'bom' | 'utf8-valid' | 'declared' | 'detected' | 'override';
}

/** Bytes sampled for detection; files larger than this are still decoded fatally, so a late bad byte is reported, not garbled. */
export const SAMPLE_BYTES = 1 << 20;
/** Minimum chardet confidence for a CJK double-byte guess, and minimum lead over the rival (GB18030 vs Big5). */
const MIN_CONFIDENCE = 50;
const MIN_MARGIN = 20;

const ALIASES: Record<string, string> = {
  'utf8': 'utf-8', 'utf-8': 'utf-8', 'utf-8-sig': 'utf-8', 'utf8-bom': 'utf-8',
  'gb18030': 'gb18030', 'gbk': 'gb18030', 'gb2312': 'gb18030', 'cp936': 'gb18030', 'windows-936': 'gb18030', 'euc-cn': 'gb18030',
  'big5': 'big5', 'big-5': 'big5', 'cp950': 'big5', 'big5-hkscs': 'big5',
  'latin1': 'windows-1252', 'iso-8859-1': 'windows-1252', 'windows-1252': 'windows-1252', 'cp1252': 'windows-1252',
  'utf-16le': 'utf-16le', 'utf16le': 'utf-16le', 'utf-16': 'utf-16le', 'utf-16be': 'utf-16be', 'utf16be': 'utf-16be',
};

/** Map a user-given encoding name to a supported WHATWG label (GBK/GB2312/cp936 → gb18030, a superset); throws encoding-unknown. */
export function normalizeEncoding(name: string): string {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  const label = ALIASES[key];
  if (!label) throw new ReadError('encoding-unknown', { encoding: name });
  return label;
}

/** Display name of a label: GB18030, Big5, UTF-8, UTF-16LE. */
export function encodingName(label: string): string {
  return ({ 'utf-8': 'UTF-8', 'gb18030': 'GB18030', 'big5': 'Big5', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'Windows-1252' } as Record<string, string>)[label] ?? label;
}

/** Read the first `n` bytes of a file. */
export function readHead(file: string, n = SAMPLE_BYTES): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = fs.readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

function decodesAs(label: string, sample: Buffer): boolean {
  try {
    // stream: true — a sample cut mid-character is not an error.
    new TextDecoder(label, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decide how a text sample is encoded. Order: BOM; valid UTF-8; UTF-16 without BOM (NUL pattern);
 * then chardet between GB18030 and Big5, accepted only with enough confidence and a clear lead over the
 * other (a Big5 file is never silently read as GBK, nor the reverse); otherwise encoding-uncertain.
 */
export function detectEncoding(sample: Buffer, file: string): EncodingGuess {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', confidence: 100, source: 'bom' };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', confidence: 100, source: 'bom' };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', confidence: 100, source: 'bom' };
  if (decodesAs('utf-8', sample)) return { encoding: 'utf-8', confidence: 100, source: 'utf8-valid' };
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, confidence: 90, source: 'detected' };

  const results = chardet.analyse(sample);
  const conf = (name: string) => results.find((r) => r.name === name)?.confidence ?? 0;
  const gb = conf('GB18030');
  const big5 = conf('Big5');
  const [best, bestConf, otherConf] = gb >= big5 ? ['gb18030', gb, big5] : ['big5', big5, gb];
  const top = results.slice(0, 3).map((r) => `${r.name} ${r.confidence}%`).join(', ') || 'unknown';
  if (bestConf < MIN_CONFIDENCE || bestConf - otherConf < MIN_MARGIN || !decodesAs(best, sample)) {
    throw new ReadError('encoding-uncertain', { file, candidates: top });
  }
  return { encoding: best, confidence: bestConf, source: 'detected' };
}

/** UTF-16 without a BOM shows as NUL in every other byte for mostly-ASCII text. */
function utf16WithoutBom(sample: Buffer): string | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > half * 0.3 && even < half * 0.05) return 'utf-16le';
  if (even > half * 0.3 && odd < half * 0.05) return 'utf-16be';
  return undefined;
}

/** Resolve the encoding for a file: --encoding override, else detection on its head. */
export function chooseEncoding(file: string, override?: string, sample?: Buffer): EncodingGuess {
  if (override) return { encoding: normalizeEncoding(override), confidence: 100, source: 'override' };
  return detectEncoding(sample ?? readHead(file), file);
}

/**
 * For XML/HTML that declare a charset: --encoding wins; then a BOM or bytes that are all valid UTF-8 (a declaration
 * that says GBK over UTF-8 bytes is a common export bug); then the declared charset; then detection.
 */
export function chooseDeclaredEncoding(file: string, override: string | undefined, declared: string | undefined, sample: Buffer): EncodingGuess {
  if (override) return chooseEncoding(file, override);
  if (declared) {
    let label: string | undefined;
    try {
      label = normalizeEncoding(declared);
    } catch {
      label = undefined;
    }
    if (label) {
      const bomOrUtf8 = (() => {
        try {
          const g = detectEncoding(sample, file);
          return g.source === 'bom' || g.source === 'utf8-valid' ? g : undefined;
        } catch {
          return undefined;
        }
      })();
      if (bomOrUtf8) return bomOrUtf8;
      if (decodesAs(label, sample)) return { encoding: label, confidence: 100, source: 'declared' };
    }
  }
  return detectEncoding(sample, file);
}

/** Counters filled while decoding (for inspect). */
export interface DecodeStats {
  nulChars: number;
  lines: number;
}

/**
 * Stream a file as decoded text chunks with bounded memory. Decoding is fatal: invalid bytes raise
 * encoding-invalid-bytes naming the line; a decoded U+FFFD raises encoding-replacement-char. NUL characters are removed.
 * `onBytes` is told the length of each chunk read (progress by bytes).
 */
export async function* decodeFile(file: string, encoding: string, stats: DecodeStats = { nulChars: 0, lines: 1 }, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  const finish = (text: string): string => {
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) throw new ReadError('encoding-replacement-char', { file, line: stats.lines + countNewlines(text, bad), encoding: encodingName(encoding) });
    stats.lines += countNewlines(text, text.length);
    if (text.includes('\0')) {
      const before = text.length;
      text = text.replace(/\0/g, '');
      stats.nulChars += before - text.length;
    }
    return text;
  };
  try {
    for await (const chunk of stream) {
      onBytes?.((chunk as Buffer).length);
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new ReadError('encoding-invalid-bytes', { file, line: stats.lines + badLineOffset(chunk as Buffer, encoding), encoding: encodingName(encoding) });
      }
      if (text) yield finish(text);
    }
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new ReadError('encoding-invalid-bytes', { file, line: stats.lines, encoding: encodingName(encoding) });
    }
    if (tail) yield finish(tail);
  } finally {
    stream.destroy();
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Lines before the first undecodable byte in a chunk: decode line by line (0x0A-separated) until one fails. */
export function badLineOffset(chunk: Buffer, encoding: string): number {
  let start = 0, line = 0;
  while (start < chunk.length) {
    let end = chunk.indexOf(10, start);
    if (end < 0) end = chunk.length;
    try {
      new TextDecoder(encoding, { fatal: true }).decode(chunk.subarray(start, end), { stream: true });
    } catch {
      return line;
    }
    start = end + 1;
    line++;
  }
  return 0;
}
