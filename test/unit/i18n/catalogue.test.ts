import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { messageCatalogue, messageTables, type MessageCode } from '../../../src/i18n/catalogue.js';
import { cliMessages } from '../../../src/cli/text.js';
import { render, tCode } from '../../../src/i18n/t.js';
import type { IssueCode } from '../../../src/issues/codes.js';

// Compile time: every typed issue code has a message; a missing one makes this line a type error.
const everyIssueCodeHasText: [Exclude<IssueCode, MessageCode>] extends [never] ? true : never = true;

const ALL = { ...messageCatalogue(), ...cliMessages() };
/** zh leaves out {detail} here on purpose: it is V8's JSON parser message, English only (test/sheets/zh-every-command). */
const ZH_OMITS_DETAIL = new Set(['json-parse-error', 'json-invalid']);
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/**
 * Codes the source names that are not message codes: protocol words and internal error kinds whose text
 * comes from elsewhere (OAI-PMH error codes, RemoteError kinds, migration errors rendered by their CLI
 * command, KeyError shown as key.unreadable). A new code outside this list needs a message.
 */
const NOT_MESSAGES = new Set([
  'badVerb', 'badArgument', 'idDoesNotExist', 'cannotDisseminateFormat', 'badResumptionToken', 'noRecordsMatch',
  'migrate-source-missing', 'migration-checksum-mismatch', 'key-unreadable', 'key-unsupported',
  'not-a-centre', 'bad-answer', 'protocol', 'ckan-validation', 'ckan-failure',
]);

/** Codes the source produces or renders: `code: '…'`, `t('…'`, `tCode('…'`, `issue('…'`, `new XError('…'`. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const res = [/\bcode: '([a-z][\w.-]*)'/g, /\b(?:t|tCode|issue)\('([a-z][\w.-]*)'/g, /new \w+Error\('([a-z][\w.-]*)'/g];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const re of res) for (const m of fs.readFileSync(p, 'utf8').matchAll(re)) if (!found.has(m[1])) found.set(m[1], p);
    }
  };
  walk(path.resolve(__dirname, '../../../src'));
  return found;
}

describe('message catalogue', () => {
  it('has zh and en for every code, with the same placeholders', () => {
    expect(everyIssueCodeHasText).toBe(true);
    const bad: string[] = [];
    for (const [code, m] of Object.entries(ALL)) {
      if (typeof m.zh !== 'string' || !m.zh.trim() || typeof m.en !== 'string' || !m.en.trim()) bad.push(`${code}: empty zh or en`);
      else if (!ZH_OMITS_DETAIL.has(code) && placeholders(m.zh).join() !== placeholders(m.en).join()) bad.push(`${code}: zh {${placeholders(m.zh)}} vs en {${placeholders(m.en)}}`);
    }
    expect(bad).toEqual([]);
  });

  it('defines each code in one table only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [table, entries] of Object.entries({ ...messageTables(), cli: cliMessages() })) {
      for (const code of Object.keys(entries)) {
        if (seen.has(code)) twice.push(`${code}: ${seen.get(code)} and ${table}`);
        else seen.set(code, table);
      }
    }
    expect(twice).toEqual([]);
  });

  it('has a message for every code the source uses (a prefixed key counts: pack-…, centre-api.…)', () => {
    const keys = Object.keys(ALL);
    const missing = [...codesInSource()]
      .filter(([code]) => !NOT_MESSAGES.has(code) && !keys.some((k) => k === code || k.endsWith(`.${code}`) || k.endsWith(`-${code}`)))
      .map(([code, file]) => `${code} (${path.relative(process.cwd(), file)})`);
    expect(missing).toEqual([]);
  });

  it('never renders an unknown code as the bare code', () => {
    expect(() => tCode('no-such-code', 'en')).toThrow(/no zh\/en text/);
    expect(render({ a: { zh: '甲{x}', en: 'A{x}' } }, 'a', 'zh', { x: { zh: '乙', en: 'B' } })).toBe('甲乙');
    expect(render({ a: { zh: '甲{x}', en: 'A{x}' }, b: { zh: '（{v}）', en: ' ({v})' } }, 'a', 'en', { x: { msg: 'b', params: { v: 1 } } })).toBe('A (1)');
  });
});
