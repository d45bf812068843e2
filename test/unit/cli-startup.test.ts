import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

describe('start-up: only the command named is loaded', () => {
  it('finds the command word past global options', () => {
    expect(commandOf(['validate', 'x.jsonl'])).toBe('validate');
    expect(commandOf(['--lang', 'zh', '-q', 'pack', 'a.jsonl'])).toBe('pack');
    expect(commandOf(['--lang=en', 'verify', 'p.zip'])).toBe('verify');
    expect(commandOf(['--version'])).toBe('');
  });

  it('loads every command for help and for words it does not know (so commander can suggest)', () => {
    expect(commandOf([])).toBeUndefined();
    expect(commandOf(['--help'])).toBeUndefined();
    expect(commandOf(['help', 'pack'])).toBeUndefined();
    expect(commandOf(['valdate'])).toBeUndefined();
  });

  it('top-level help still lists every command; an unknown command still gets a suggestion', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'map', 'validate', 'pack', 'verify', 'diff', 'export', 'import', 'publish', 'centre', 'demo']) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const typo = runCli(['valdate']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('validate');
    expect(runCli(['--version']).stdout.trim()).toBe('0.1.0');
  });
});
