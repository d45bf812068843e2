import { readSource } from '../readers/source.js';
import type { ReadOptions } from '../readers/options.js';
import { guessFromHeaders, type GuessResult } from '../mapping/guess.js';

/** Rows sampled to collect headers (JSON objects may differ in their keys). */
const SAMPLE_ROWS = 200;

/** Read the headers of one or more sources (their first rows) and propose one template for all of them. */
export async function guessTemplate(files: string | string[], o: { read?: ReadOptions; name?: string } = {}): Promise<GuessResult> {
  const headers: string[] = [];
  const values = new Map<string, unknown[]>();
  for (const file of Array.isArray(files) ? files : [files]) await collectHeaders(file, o.read ?? {}, headers, values);
  return guessFromHeaders(headers, { ...o, values: headers.map((h) => values.get(h) ?? []) });
}

/** Values of the first rows of a source by column, for guessing from values (SAMPLE_ROWS rows). */
export async function sampleValues(file: string, read: ReadOptions, headers: string[]): Promise<unknown[][]> {
  const values = new Map<string, unknown[]>();
  await collectHeaders(file, read, [], values);
  return headers.map((h) => values.get(h) ?? []);
}

async function collectHeaders(file: string, read: ReadOptions, headers: string[], values: Map<string, unknown[]>): Promise<void> {
  let n = 0;
  for await (const row of readSource(file, read)) {
    for (const k of Object.keys(row.values)) {
      // Flattened children of nested JSON values ("a.b") are not columns of their own.
      const parent = k.includes('.') ? k.slice(0, k.indexOf('.')) : undefined;
      if (parent && parent in row.values && typeof row.values[parent] === 'object' && row.values[parent] !== null) continue;
      if (!values.has(k)) {
        values.set(k, []);
        headers.push(k);
      }
      values.get(k)!.push(row.values[k]);
    }
    if (++n >= SAMPLE_ROWS) break;
  }
}
