import type { Lang, MessageCode, MessageEntry, MessageTable } from '../index.js';
import { messageEntry, readMessageTable } from '../i18n/catalogue.js';
import { render } from '../i18n/t.js';
import type cli from './messages.json';

// The CLI's words join the library's catalogue here, at the edge: the library never sees them. Read on the
// first code looked up here (plain data, src/cli/messages.json): `catalog --version` prints none.
let cliTable: MessageTable | undefined;

/** The CLI's own table (src/cli/messages.json), for the catalogue test. */
export function cliMessages(): MessageTable {
  cliTable ??= readMessageTable(new URL('./messages.json', import.meta.url));
  return cliTable;
}

/** A code of the CLI's table, else of the library's (each code is in one table only: the catalogue test). */
function cliEntry(code: string): MessageEntry | undefined {
  const table = cliMessages();
  return Object.hasOwn(table, code) ? table[code] : messageEntry(code);
}

/** A code the CLI can print: the library's or the CLI's own (src/cli/messages.json). */
export type CliMessageCode = MessageCode | keyof typeof cli;

/** Render a message for the terminal; the code is checked by the type checker. */
export function t(code: CliMessageCode, lang: Lang, params?: Record<string, unknown>): string {
  return render(cliEntry, code, lang, params);
}

/** Render a code that comes from data (an issue's or an error's `code`). */
export function tCode(code: string, lang: Lang, params?: Record<string, unknown>): string {
  return render(cliEntry, code, lang, params);
}
