/**
 * Chinese everywhere under zh (issue 16), for flag values: EVERY value-taking option of EVERY command, read from
 * commander's own command tree (so a new flag cannot escape), is either made from a shared definition in
 * src/cli/options.ts or free text (FREE_TEXT).
 * Each defined one is run with a value it refuses under LANG=zh_CN.UTF-8: exit 2, the flag and the
 * value named, and no English words outside identifiers, flag names, codes and paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { definitionOf } from '../../src/cli/options.js';
import { runCliAsync } from '../centre/helpers.js';
import { tempDir } from '../helpers/dept-sheet.js';
import { englishWords } from '../helpers/english.js';

const dir = tempDir('catalog-zh-flags-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Options whose value is free text (a path, URL, name, code…): nothing to refuse by its form alone. */
const FREE_TEXT = new Set(['--name', '--code', '--division', '--profile', '--centre', '--sheet-file', '--sheet', '--mapping-file', '--dir',
  '--encoding', '--delimiter', '--record-path', '--table', '--schema', '--output', '--provider-name', '--provider-code', '--elements', '--mapping',
  '--save-template', '--rules', '--reference', '--class', '--workspace', '--since', '--sign', '--created', '--id', '--public-key', '--ckan-url',
  '--ckan-org', '--ledger', '--parent', '--db', '--host', '--base-url', '--access-log', '--provider', '--label', '--set', '--token', '--url',
  '--resource', '--keyword', '--from', '--to']);

/** Values for the options a command requires, so that the run reaches the flag under test. */
const REQUIRED: Record<string, string> = { '--output': path.join(dir, 'out.xlsx'), '--to': 'gbt-xml', '--class': '301002', '--token': 'x',
  '--from': path.join(dir, 'x.sqlite'), '--centre': 'http://127.0.0.1:9', '--provider': '11330100002482170H' };

interface Leaf { argv: string[]; command: Command }

function leaves(c: Command, prefix: string[] = []): Leaf[] {
  return c.commands.flatMap((sub) => sub.commands.length ? leaves(sub, [...prefix, sub.name()]) : [{ argv: [...prefix, sub.name()], command: sub }]);
}

const takesValue = (o: Option) => o.required || o.optional;

/** The run of one flag with a bad value: required arguments (a missing file) and required options filled in. */
function caseOf(leaf: Leaf, o: Option, bad: string): string[] {
  const args = (leaf.command as unknown as { registeredArguments: { required: boolean }[] }).registeredArguments
    .filter((a) => a.required).map(() => path.join(dir, 'no-such-file.jsonl'));
  const required = leaf.command.options.filter((x) => x.mandatory && x !== o).flatMap((x) => [x.long!, REQUIRED[x.long!] ?? `no value for ${x.long}`]);
  return [...leaf.argv, ...args, ...required, o.long!, bad];
}

const program = await buildProgram();
const commands = leaves(program);

describe('every flag value refused in Chinese under LANG=zh_CN.UTF-8', () => {
  it('every value-taking option is defined in src/cli/options.ts or free text', () => {
    const unknown = commands.flatMap((c) => c.command.options.filter(takesValue)
      .filter((o) => !definitionOf(o) && !FREE_TEXT.has(o.long!))
      .map((o) => `${c.argv.join(' ')} ${o.long}`));
    expect(unknown).toEqual([]);
    // the tree is really read: the kinds the definitions cover all occur
    const kinds = new Set(commands.flatMap((c) => c.command.options.map((o) => definitionOf(o)?.kind)));
    expect([...kinds].filter(Boolean).sort()).toEqual(['choice', 'date', 'expiry', 'integer', 'interval', 'level', 'port', 'seconds']);
  });

  for (const leaf of commands) {
    const flags = leaf.command.options.flatMap((o) => {
      const d = definitionOf(o);
      return d ? [{ o, bad: d.bad }] : [];
    });
    if (!flags.length) continue;
    it(`catalog ${leaf.argv.join(' ')}: ${flags.map((f) => f.o.long).join(' ')}`, async () => {
      const found: { argv: string[]; code: number; english: string[]; out: string }[] = [];
      for (const { o, bad } of flags) {
        const argv = caseOf(leaf, o, bad);
        const r = await runCliAsync(argv, { LANG: 'zh_CN.UTF-8', CI: '1' });
        const out = r.stdout + r.stderr;
        const english = englishWords(out);
        // exit 2, one message naming the flag and the value, in Chinese
        if (r.code !== 2 || english.length || !out.includes(o.long!) || !out.includes(bad) || !/[\u4e00-\u9fff]/.test(out)) found.push({ argv, code: r.code, english, out: out.slice(0, 300) });
      }
      expect(found).toEqual([]);
    }, 240_000);
  }

  it('says the same in English under --lang en, and an unknown --lang in the language LANG asks for', async () => {
    const en = await runCliAsync(['validate', path.join(dir, 'x.jsonl'), '--format', 'yaml', '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr.trim()).toBe('catalog: usage error: --format yaml is not valid: use pretty, json, junit, html');
    const zh = await runCliAsync(['validate', path.join(dir, 'x.jsonl'), '--format', 'yaml'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stderr.trim()).toBe('catalog: 用法错误：--format 的值“yaml”无效，可选：“pretty”、“json”、“junit”、“html”');
    const lang = await runCliAsync(['--lang', 'fr', 'profiles'], { LANG: 'zh_CN.UTF-8' });
    expect(lang.code).toBe(2);
    expect(lang.stderr.trim()).toBe('catalog: 用法错误：--lang 的值“fr”无效，可选：“zh”、“en”');
  }, 60_000);
});
