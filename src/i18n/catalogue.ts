import { readFileSync } from 'node:fs';
import type { MessageEntry, MessageTable } from './table.js';
import type core from './messages.json';
import type centre from '../centre/messages.json';
import type demo from '../demo/messages.json';
import type exporters from '../export/messages.json';
import type importers from '../import/messages.json';
import type init from '../init/messages.json';
import type io from '../io/messages.json';
import type mapping from '../mapping/messages.json';
import type pkg from '../package/messages.json';
import type publish from '../publish/messages.json';
import type readers from '../readers/messages.json';
import type report from '../report/messages.json';
import type validate from '../validate/messages.json';
import type centreHtml from '../centre/html/messages.json';
import type centreTree from '../centre/tree/messages.json';
import type centreSources from '../centre/sources-messages.json';
import type describe from '../describe/messages.json';
import type elements from '../elements/messages.json';
import type crypto from '../crypto/messages.json';

/**
 * Every folder's table, by name: the JSON file each folder owns, relative to this module (tsc copies the .json
 * files to dist/ next to the .js). cli/ adds its own table in src/cli/text.ts. To add a folder: give it a
 * messages.json and add it here and to `Tables`.
 */
const FILES = {
  core: './messages.json', centre: '../centre/messages.json', demo: '../demo/messages.json', exporters: '../export/messages.json',
  importers: '../import/messages.json', init: '../init/messages.json', io: '../io/messages.json', mapping: '../mapping/messages.json',
  pkg: '../package/messages.json', publish: '../publish/messages.json', readers: '../readers/messages.json', report: '../report/messages.json',
  validate: '../validate/messages.json', centreHtml: '../centre/html/messages.json', centreTree: '../centre/tree/messages.json',
  centreSources: '../centre/sources-messages.json', describe: '../describe/messages.json', elements: '../elements/messages.json',
  crypto: '../crypto/messages.json',
} as const;

interface Tables {
  core: typeof core; centre: typeof centre; demo: typeof demo; exporters: typeof exporters; importers: typeof importers;
  init: typeof init; io: typeof io; mapping: typeof mapping; pkg: typeof pkg; publish: typeof publish; readers: typeof readers;
  report: typeof report; validate: typeof validate; centreHtml: typeof centreHtml; centreTree: typeof centreTree;
  centreSources: typeof centreSources; describe: typeof describe; elements: typeof elements; crypto: typeof crypto;
}

// Compile time: every entry of every file has a zh and an en string (the test checks they are not empty).
const everyEntryHasZhAndEn: Tables extends { [K in keyof Tables]: MessageTable } ? true : never = true;
void everyEntryHasZhAndEn;

/** A code with zh and en text in the library's catalogue: t() takes only these. */
export type MessageCode = { [K in keyof Tables]: keyof Tables[K] & string }[keyof Tables];

/** One messages.json, read as plain data (no module to compile: CLI start-up, bench start-up). */
export function readMessageTable(url: URL): MessageTable {
  return JSON.parse(readFileSync(url, 'utf8')) as MessageTable;
}

const NAMES = Object.keys(FILES) as (keyof Tables)[];
const read: Partial<Record<keyof Tables, MessageTable>> = {};
/** Codes already looked up, so rendering many issues costs one Map lookup each. */
const found = new Map<string, MessageEntry>();
const tableOf = (name: keyof Tables): MessageTable => (read[name] ??= readMessageTable(new URL(FILES[name], import.meta.url)));
let merged: Readonly<MessageTable> | undefined;

/**
 * The zh/en text of `code`. Each folder's table is read the first time a code is looked for in it, in the order of
 * FILES (the shared words first): `catalog validate` of a valid file reads one small table, `--version` none.
 */
export function messageEntry(code: string): MessageEntry | undefined {
  const hit = found.get(code);
  if (hit) return hit;
  for (const name of NAMES) {
    const table = tableOf(name);
    if (Object.hasOwn(table, code)) {
      found.set(code, table[code]);
      return table[code];
    }
  }
  return undefined;
}

/** Every folder's table, by name (all read). */
export function messageTables(): Readonly<Tables> {
  return Object.fromEntries(NAMES.map((name) => [name, tableOf(name)])) as unknown as Tables;
}

/** The library's messages, code → zh/en (read-only): every table, read now. */
export function messageCatalogue(): Readonly<MessageTable> {
  merged ??= Object.assign({}, ...Object.values(messageTables())) as MessageTable;
  return merged;
}
