import fs from 'node:fs';
import type { SourceRow } from './row.js';
import type { ReadOptions } from './options.js';
import { sniffFormat } from './sniff.js';
import { readCsv } from './csv.js';
import { readJson, readJsonl } from './json.js';
import { readXml } from './xml.js';
import { readSheets } from './sheets.js';

/**
 * Stream the rows of any supported source. The format is decided by content (magic bytes), not by extension:
 * an ".xls" that is really HTML is read as an HTML table. Throws ReadError for files that cannot be read.
 */
export async function* readSource(file: string, options: ReadOptions = {}): AsyncGenerator<SourceRow> {
  const format = options.format ?? sniffFormat(file);
  switch (format) {
    case 'csv': yield* readCsv(file, options); break;
    case 'json': yield* readWhole(file, readJson(file), options.onBytes); break;
    case 'jsonl': yield* readJsonl(file, options.onBytes); break;
    case 'xml': yield* readXml(file, options); break;
    case 'xls': case 'xlsx': case 'html': yield* readWhole(file, readSheets(file, format, options), options.onBytes); break;
  }
}

/** A reader that loads the whole file before its first row has read all its bytes then: its size is told once. */
async function* readWhole(file: string, rows: AsyncIterable<SourceRow>, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  let told = !onBytes;
  const tell = () => {
    if (!told) onBytes!(fs.statSync(file).size);
    told = true;
  };
  for await (const row of rows) {
    tell();
    yield row;
  }
  tell();
}
