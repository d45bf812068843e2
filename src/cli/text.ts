import type { Lang } from '../index.js';
import { MESSAGES } from '../i18n/catalogue.js';
import { render } from '../i18n/t.js';
import { messages as cli } from './messages.js';

// The CLI's words join the library's catalogue here, at the edge: the library never sees them.
const CLI_CATALOGUE = { ...(MESSAGES as typeof MESSAGES & Record<import('../index.js').MessageCode, { zh: string; en: string }>), ...cli };

/** A code the CLI can print: the library's or the CLI's own (src/cli/messages.ts). */
export type CliMessageCode = import('../index.js').MessageCode | keyof typeof cli;

/** Render a message for the terminal; the code is checked by the type checker. */
export function t(code: CliMessageCode, lang: Lang, params?: Record<string, unknown>): string {
  return render(CLI_CATALOGUE, code, lang, params);
}

/** Render a code that comes from data (an issue's or an error's `code`). */
export function tCode(code: string, lang: Lang, params?: Record<string, unknown>): string {
  return render(CLI_CATALOGUE, code, lang, params);
}

/** The CLI's own table, for the catalogue test. */
export { cli as CLI_MESSAGES };
