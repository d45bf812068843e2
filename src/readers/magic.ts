import fs from 'node:fs';

/**
 * Files people send instead of a spreadsheet (a PDF of the table, a Word form, a zip of several sheets, a scan),
 * known by their first bytes. Each kind has a message name in readers/messages.json ("kind.pdf"…).
 */
export type OtherKind = 'pdf' | 'docx' | 'pptx' | 'doc' | 'ppt' | 'odt' | 'zip' | 'png' | 'jpeg' | 'gif' | 'bmp' | 'tiff' | 'webp' | 'gzip' | '7z' | 'rar' | 'ofd' | 'binary';

const startsWith = (b: Buffer, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** Bytes read from each end of a zip or OLE2 file to see the names of its parts (directories sit at the end). */
const PART_NAMES_BYTES = 256 * 1024;

/** The first and last bytes of a file (its part names live there in zip and OLE2 containers). */
function ends(file: string, size: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const n = Math.min(size, PART_NAMES_BYTES);
    const head = Buffer.alloc(n);
    fs.readSync(fd, head, 0, n, 0);
    if (size <= PART_NAMES_BYTES) return head.toString('latin1');
    const tail = Buffer.alloc(n);
    fs.readSync(fd, tail, 0, n, size - n);
    return head.toString('latin1') + tail.toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}

/** A zip that is not a workbook: a Word or PowerPoint file, an OpenDocument text, an OFD, or a plain archive. */
function zipKind(names: string): OtherKind | undefined {
  // Spreadsheets: OOXML (xl/), OpenDocument spreadsheets, Numbers. A zip whose names cannot be seen (damaged) is
  // left to the workbook reader, which says what is wrong with it.
  if (/xl\/|application\/vnd\.oasis\.opendocument\.spreadsheet|Index\/Document\.iwa/.test(names)) return undefined;
  if (/word\/document|word\/_rels/.test(names)) return 'docx';
  if (/ppt\/presentation|ppt\/slides/.test(names)) return 'pptx';
  if (/application\/vnd\.oasis\.opendocument\.(text|presentation)/.test(names)) return 'odt';
  if (/OFD\.xml/.test(names)) return 'ofd';
  // Local file headers ("PK" 3 4) name every entry; with none of the above, it is an archive of other files.
  return names.includes('PK\u0003\u0004') && names.includes('PK\u0001\u0002') ? 'zip' : undefined;
}

const utf16 = (s: string) => [...s].map((c) => c + '\0').join('');

/** An OLE2 compound file that is not a workbook: a Word .doc or a PowerPoint .ppt (their stream names say so). */
function oleKind(names: string): OtherKind | undefined {
  if (names.includes(utf16('Workbook')) || names.includes(utf16('Book')) || names.includes(utf16('EncryptedPackage'))) return undefined;
  if (names.includes(utf16('WordDocument'))) return 'doc';
  if (names.includes(utf16('PowerPoint Document'))) return 'ppt';
  return undefined;
}

/** Control bytes that never appear in text files (NUL is judged apart: UTF-16 text is full of it). */
function controlShare(head: Buffer): { controls: number; oddNul: number; evenNul: number } {
  let controls = 0, oddNul = 0, evenNul = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2) oddNul++;
      else evenNul++;
    } else if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 0x1a && b !== 0x1b) controls++;
  }
  return { controls, oddNul, evenNul };
}

/** Not text at all: many control bytes, or NULs scattered unlike UTF-16 (every other byte). */
function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  const { controls, oddNul, evenNul } = controlShare(head);
  const n = head.length;
  if (controls / n > 0.05) return true;
  const nul = oddNul + evenNul;
  // UTF-16 without a BOM: NULs sit on one parity only (ASCII text) or not at all (CJK).
  const utf16Like = Math.min(oddNul, evenNul) <= nul * 0.05;
  return nul / n > 0.1 && !utf16Like;
}

/**
 * What a file is when it is not a spreadsheet, CSV, XML or JSON, judged from its first bytes (and, for zip and
 * OLE2 containers, the names of their parts); undefined when it may be a source the readers handle.
 */
export function otherKind(file: string, head: Buffer, size: number): OtherKind | undefined {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif'; // GIF8
  if (startsWith(head, [0x42, 0x4d]) && head.length >= 6 && head.readUInt32LE(2) === size) return 'bmp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'rar';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return zipKind(ends(file, size));
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) return oleKind(ends(file, size));
  if (startsWith(head, [0x50, 0x4b])) return undefined;
  return looksBinary(head) ? 'binary' : undefined;
}
