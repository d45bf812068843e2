import type { Lang } from './lang.js';
import type { MessageSource } from './table.js';
import { messageEntry, type MessageCode } from './catalogue.js';
import { isMessageRef, isText } from '../issues/text.js';

/**
 * A code no table knows. Under the test runner this throws, so a missing message fails a test instead of
 * printing the bare code; in use it renders the code and its params, never nothing.
 */
function unknown(code: string, params: Record<string, unknown>): string {
  if (process.env.VITEST) throw new Error(`message code "${code}" has no zh/en text in any messages.json`);
  const shown = Object.keys(params).length ? ` ${JSON.stringify(params)}` : '';
  return `${code}${shown}`;
}

/** One param in one language: a bilingual text picks its language, a nested message is rendered. */
export function paramText(table: MessageSource, v: unknown, lang: Lang): unknown {
  if (isText(v)) return v[lang];
  if (isMessageRef(v)) return render(table, v.msg, lang, v.params);
  return v;
}

/** Render `code` from `table` in `lang`, filling {placeholders} (missing params become ''). */
export function render(table: MessageSource, code: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const entry = typeof table === 'function' ? table(code) : Object.hasOwn(table, code) ? table[code] : undefined;
  if (!entry) return unknown(code, params);
  return entry[lang].replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = paramText(table, params[k], lang);
    return v === undefined || v === null ? '' : String(v);
  });
}

/** Render a message of the library's catalogue; the code is checked by the type checker. */
export function t(code: MessageCode, lang: Lang, params?: Record<string, unknown>): string {
  return render(messageEntry, code, lang, params);
}

/**
 * Render a code that comes from data (an issue's or an error's `code`). A test checks that every code the
 * source produces has a message (test/unit/i18n/catalogue.test.ts).
 */
export function tCode(code: string, lang: Lang, params?: Record<string, unknown>): string {
  return render(messageEntry, code, lang, params);
}

/** True when the catalogue has `code`. */
export function hasMessage(code: string): code is MessageCode {
  return messageEntry(code) !== undefined;
}
