/**
 * Commander's help under zh (src/cli/help-zh.ts): what commander appends to a description (choices, default,
 * preset, environment variable) is worded in Chinese before wrapping, and Chinese text wraps within the width.
 * The real commands are covered end to end by test/sheets/zh-help.test.ts; these options exercise what no
 * command uses today (choices, preset, env).
 */
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { localiseHelp } from '../../../src/cli/help-zh.js';

const columns = (l: string) => l.length + (l.match(/[\u2e80-\u9fff\uff00-\uff60]/g)?.length ?? 0);

function program(): Command {
  const c = new Command('demo')
    .configureOutput({ getOutHelpWidth: () => 70, getOutHasColors: () => false })
    .addOption(new Option('--mode <mode>', 'output: pretty | json').choices(['pretty', 'json']).default('pretty').env('CATALOG_MODE'))
    .addOption(new Option('--colour [when]', 'colour the output').preset('always'))
    .option('--max-body <bytes>', 'largest request body in bytes, a very long explanation that has to wrap', '33554432');
  c.command('sub').description('a subcommand').option('-x', 'an option');
  return c;
}

describe('help under zh', () => {
  it('words choices, default, preset and env in Chinese; English help keeps commander\'s words', () => {
    const en = program();
    localiseHelp(en, 'en');
    expect(en.helpInformation().replace(/\s+/g, ' ')).toContain('(choices: "pretty", "json", default: "pretty", env: CATALOG_MODE)');
    const zh = program();
    zh.options.find((o) => o.long === '--max-body')!.description = '请求体的最大字节数，一段很长的说明文字，必须在给定的宽度之内换行显示才好读';
    localiseHelp(zh, 'zh');
    const help = zh.helpInformation();
    expect(help.replace(/\s+/g, '')).toContain('（可选值："pretty"、"json"；默认："pretty"；环境变量：CATALOG_MODE）');
    expect(help).toContain('（不带值时："always"）');
    expect(help).not.toMatch(/choices:|default:|preset:|env:/);
    expect(help).toMatch(/^ {2}sub \[选项\]/m);
    // wrapped within 70 columns, at character boundaries, nothing lost
    expect(help.split('\n').filter((l) => columns(l) > 70)).toEqual([]);
    expect(help.replace(/\s+/g, '')).toContain('请求体的最大字节数，一段很长的说明文字，必须在给定的宽度之内换行显示才好读（默认："33554432"）');
  });
});
