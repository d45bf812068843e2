/**
 * `--help` under zh (issue 16): every option and argument of every command (enumerated from the program, so a new
 * option is covered without touching this file) has a Chinese description in src/cli/help-zh.ts, and commander's
 * headings are Chinese too. The whole `--help` of every command and subcommand is run under zh (no English prose
 * outside identifiers, flags, codes, paths and `$ catalog …` examples) and under en (no Chinese prose added).
 */
import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { HELP_AFTER_ZH, HELP_MESSAGES, localiseHelp } from '../../src/cli/help-zh.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { englishWords } from '../helpers/english.js';

const CJK = /[\u4e00-\u9fff]/;
/** Descriptions that are only codes (the same in every language). */
const CODES_ONLY = new Set(['ed25519 | sm2']);

function described(c: Command, path: string[] = []): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const o of c.options) out.push({ where: `${path.join(' ')} ${o.flags}`, text: o.description });
  for (const a of (c as unknown as { registeredArguments?: { name(): string; description: string }[] }).registeredArguments ?? []) out.push({ where: `${path.join(' ')} <${a.name()}>`, text: a.description });
  for (const sub of c.commands) out.push(...described(sub, [...path, sub.name()]));
  return out;
}

describe('--help in Chinese', () => {
  it('every option and argument description of every command has a Chinese text', async () => {
    const english = described(await buildProgram()).filter((d) => d.text && !CODES_ONLY.has(d.text) && !HELP_MESSAGES[`help:${d.text}`]);
    expect(english).toEqual([]);
    const program = await buildProgram();
    localiseHelp(program, 'zh');
    const after = described(program).filter((d) => d.text && !CODES_ONLY.has(d.text) && !CJK.test(d.text));
    expect(after).toEqual([]);
  });

  it('catalog map --help under LANG=zh_CN.UTF-8: Chinese headings and option texts; English under en', () => {
    const zh = runCli(['map', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法： catalog map \[选项\]/m);
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toContain('--guess                   根据（所有输入的）表头建议一个模板');
    expect(zh.stdout).not.toMatch(/^(Usage|Options|Arguments):/m);
    const en = runCli(['map', '--help']);
    expect(en.stdout).toMatch(/^Usage: catalog map \[options\]/m);
    expect(en.stdout).toContain('propose a template from the headers');
  });
});

/** Every command and subcommand as its path (["validate"], ["centre", "token", "create"]…). */
function commandPaths(c: Command, prefix: string[] = []): string[][] {
  return c.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

/** Words that are names in the help of any command: command and argument names (shown as they are typed). */
function names(c: Command): string[] {
  return [c.name(), 'help', ...c.registeredArguments.flatMap((a) => a.name().split('-')), ...c.commands.flatMap(names)];
}

/** The text a command's addHelpText('after', …) adds, as registered (English unless the process runs under zh). */
function afterText(c: Command): string {
  let text = '';
  (c as unknown as EventEmitter).emit('afterHelp', { error: false, command: c, write: (s: string) => (text += s) });
  return text;
}

function helpOf(argv: string[], lang: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...argv, '--help'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LANG: lang, LC_ALL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`catalog ${argv.join(' ')} --help: exit ${code}\n${out}`))));
  });
}

/** Runs `f` on each item, a few at a time (the machine is shared). */
async function pooled<T, R>(items: T[], f: (x: T) => Promise<R>, size = 3): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
  return out;
}

/**
 * Help text without what stays as typed: example commands (not their comments), words with <arg> or [arg] terms,
 * and the values of a choice list ("pretty | json", "required（必填）| optional").
 */
function prose(help: string): string {
  return help.split('\n').map((line) => line.trim().startsWith('$ ') ? line.replace(/^\s*\$ \S.*?(?=\s{2,}|$)/, '') : line).join('\n')
    .replace(/\S*<[^>]*>\S*|\[[^\]\s]*\]/g, ' ')
    .replace(/[\w.-]+(?:（[^）]*）)?(?=\s*\|)|(?<=\|\s*)[\w.-]+/g, ' ');
}

/** Example commands of an after-help text (their comments left out). */
function examples(text: string): string[] {
  return text.split('\n').filter((l) => l.trim().startsWith('$ ')).map((l) => l.trim().replace(/\s{2,}.*$/, ''));
}

/** Exit codes an after-help text explains, in order. */
function exitCodes(text: string): string[] {
  const i = Math.max(text.indexOf('Exit codes:'), text.indexOf('退出码：'));
  return i < 0 ? [] : [...text.slice(i).matchAll(/(?:Exit codes: |退出码：|, |，|^)(\d{1,3}) /gm)].map((m) => m[1]);
}

describe('--help of every command and subcommand', () => {
  it('the Chinese after-help texts match the English ones: same commands, examples and exit codes', async () => {
    const program = await buildProgram();
    const english = new Map(commandPaths(program).map((p) => [p.join(' '), afterText(p.reduce((c, n) => c.commands.find((s) => s.name() === n)!, program))]));
    const withText = [...english].filter(([, t]) => t).map(([k]) => k);
    expect(Object.keys(HELP_AFTER_ZH).sort()).toEqual(withText.sort());
    for (const k of withText) {
      expect(examples(HELP_AFTER_ZH[k]), k).toEqual(examples(english.get(k)!));
      expect(exitCodes(HELP_AFTER_ZH[k]), k).toEqual(exitCodes(english.get(k)!));
    }
  });

  it('under LANG=zh_CN.UTF-8 is Chinese; under en has no Chinese prose', async () => {
    const program = await buildProgram();
    const paths = [[], ...commandPaths(program)];
    const allowed = new Set(names(program).map((n) => n.toLowerCase()));
    const zh = await pooled(paths, (p) => helpOf(p, 'zh_CN.UTF-8'));
    const english = paths.map((p, i) => ({ command: p.join(' '), words: englishWords(prose(zh[i])).filter((w) => !allowed.has(w.toLowerCase())) })).filter((x) => x.words.length);
    expect(english).toEqual([]);
    expect(zh.filter((h) => !/^用法：/m.test(h) || /\(default:|\(choices:/.test(h))).toEqual([]);
    // the option and command lists wrap Chinese text within commander's 80 columns (CJK characters take two)
    const columns = (l: string) => l.length + (l.match(/[\u2e80-\u9fff\uff00-\uff60]/g)?.length ?? 0);
    const wide = zh.flatMap((h) => h.split('\n').filter((l) => /^\s+[^\s$]/.test(l) && /[\u4e00-\u9fff]/.test(l) && columns(l) > 80));
    expect(wide).toEqual([]);
    const en = await pooled(paths, (p) => helpOf(p, 'en_US.UTF-8'));
    // Chinese prose is full-width punctuation or a Chinese heading; names such as 目录编制表.xlsx or 信息项 may stay
    // (example commands are left out: 示例区… in them is a department name)
    const chinese = paths.map((p, i) => ({ command: p.join(' '), lines: en[i].split('\n').filter((l) => !l.trim().startsWith('$ ') && /[，。：；（）、]|示例|退出码|用法/.test(l)) })).filter((x) => x.lines.length);
    expect(chinese).toEqual([]);
    expect(en.filter((h) => !/^Usage:/m.test(h))).toEqual([]);
  }, 300_000);
});
