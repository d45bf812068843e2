/**
 * `--help` under zh (issue 16): every option and argument of every command (enumerated from the program, so a new
 * option is covered without touching this file) has a Chinese description in src/cli/help-zh.ts, and commander's
 * headings are Chinese too.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { HELP_MESSAGES, localiseHelp } from '../../src/cli/help-zh.js';
import { runCli } from '../helpers/cli.js';

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
