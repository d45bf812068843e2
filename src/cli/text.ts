import type { Lang, MessageCode, MessageTable } from '../index.js';
import { messageCatalogue, readMessageTable } from '../i18n/catalogue.js';
import { render } from '../i18n/t.js';
import type cli from './messages.json';

// The CLI's words join the library's catalogue here, at the edge: the library never sees them. Read on the
// first message printed (plain data, src/cli/messages.json): `catalog --version` prints none.
let cliTable: MessageTable | undefined;
let catalogue: Readonly<MessageTable> | undefined;

/** The CLI's own table (src/cli/messages.json), for the catalogue test. */
export function cliMessages(): MessageTable {
  cliTable ??= readMessageTable(new URL('./messages.json', import.meta.url));
  return cliTable;
}

function cliCatalogue(): Readonly<MessageTable> {
  // Object.assign, not a spread: spreading ~700 keys into a literal costs ~6 ms, assign ~0.5 ms (start-up)
  catalogue ??= Object.assign({}, messageCatalogue(), cliMessages());
  return catalogue;
}

/** A code the CLI can print: the library's or the CLI's own (src/cli/messages.json). */
export type CliMessageCode = MessageCode | keyof typeof cli;

/** Render a message for the terminal; the code is checked by the type checker. */
export function t(code: CliMessageCode, lang: Lang, params?: Record<string, unknown>): string {
  return render(cliCatalogue(), code, lang, params);
}

/** Render a code that comes from data (an issue's or an error's `code`). */
export function tCode(code: string, lang: Lang, params?: Record<string, unknown>): string {
  return render(cliCatalogue(), code, lang, params);
}
