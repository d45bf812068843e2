import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { ROOT } from '../helpers/cli.js';

/**
 * The layout rules of eslint.config.js (docs/architecture.md) each catch what they are there for: a probe file
 * that breaks one is linted under a path in src/ (its imports resolve to the real modules) and must get that rule's
 * error, and the same code where it is allowed must not. A rule that silently matches nothing fails here.
 * Probes are linted as text: nothing is written into src/.
 */
const LAYOUT_RULES = new Set(['import-x/no-restricted-paths', 'import-x/no-cycle', 'no-console', 'no-restricted-syntax']);
const eslint = new ESLint({ cwd: ROOT });

/** The layout findings of a probe at `file` (relative to the repository): each rule's id and message. */
async function layoutMessages(file: string, code: string): Promise<{ ruleId: string; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => m.ruleId && LAYOUT_RULES.has(m.ruleId)).map((m) => ({ ruleId: m.ruleId!, message: m.message }));
}

/** The layout rules a probe at `file` breaks, one entry per finding. */
async function layoutFindings(file: string, code: string): Promise<string[]> {
  return (await layoutMessages(file, code)).map((m) => m.ruleId);
}

describe('layout rules: a folder never imports another', () => {
  // [probe file, import that breaks the rule, words of the zone's message, import from the same file that is allowed]
  const cases: [string, string, string, string][] = [
    ['src/model/probe.ts', '../cli/text.js', 'the library never imports src/cli/', '../issues/issue.js'],
    ['src/probe.ts', './cli/text.js', 'the library never imports src/cli/', './model/record.js'],
    ['src/readers/probe.ts', '../validate/records.js', 'readers/ deliver rows', '../rows/row.js'],
    ['src/readers/probe.ts', '../cli/text.js', 'readers/ deliver rows', '../io/atomic.js'],
    ['src/model/probe.ts', '../readers/row.js', 'model/ is the record model', '../issues/issue.js'],
    ['src/validate/probe.ts', '../report/pretty.js', 'validate/ returns issues', '../issues/issue.js'],
    ['src/publish/probe.ts', '../centre/store.js', 'publish/ talks to a centre over HTTP only', '../model/record.js'],
    ['src/centre/probe.ts', '../publish/collect.js', 'centre/ never imports publish/', '../model/record.js'],
  ];
  it.each(cases)('%s importing %s: "%s"', async (file, bad, words, good) => {
    const found = await layoutMessages(file, `import * as m from '${bad}';\nexport const probe = m;\n`);
    expect(found.map((m) => m.ruleId)).toContain('import-x/no-restricted-paths');
    expect(found.filter((m) => m.message.includes(words))).toHaveLength(1);
    expect(await layoutFindings(file, `import * as m from '${good}';\nexport const probe = m;\n`)).toEqual([]);
  });

  it('src/cli/ may import src/cli/', async () => {
    expect(await layoutFindings('src/cli/probe.ts', `import * as m from './text.js';\nexport const probe = m;\n`)).toEqual([]);
  });
});

describe('layout rules: only src/cli/ prints', () => {
  const printing = [
    `console.log('a');`, `console.error('a');`, `process.stdout.write('a');`, `process.stderr.write('a');`,
  ];
  it.each(printing)('%s is refused outside src/cli/ and allowed inside', async (line) => {
    const code = `export function probe(): void {\n  ${line}\n}\n`;
    for (const file of ['src/centre/probe.ts', 'src/validate/probe.ts', 'src/probe.ts']) {
      expect(await layoutFindings(file, code)).toHaveLength(1);
    }
    expect(await layoutFindings('src/cli/probe.ts', code)).toEqual([]);
  });

  it('reading a stream\'s state is not printing', async () => {
    expect(await layoutFindings('src/centre/probe.ts', 'export const probe = process.stderr.isTTY;\n')).toEqual([]);
  });

  it('the centre\'s one sink is the exception', async () => {
    const sink = fs.readFileSync(path.join(ROOT, 'src/centre/log-sink.ts'), 'utf8');
    expect(sink).toMatch(/process\.stderr\.write/);
    expect(await layoutFindings('src/centre/log-sink.ts', sink)).toEqual([]);
  });
});

describe('layout rules: no import cycles', () => {
  // A cycle needs two real files; they live in a temp tree linted with this repository's config.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-layout-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };

  it('two modules importing each other are reported, also through a lazy import(); type-only imports are not', async () => {
    write('src/a/one.ts', `import { two } from './two.js';\nexport const one = (): number => two() + 1;\n`);
    write('src/a/two.ts', `import { one } from './one.js';\nexport const two = (): number => one() - 1;\n`);
    write('src/b/one.ts', `export const one = async (): Promise<number> => (await import('./two.js')).two;\n`);
    write('src/b/two.ts', `import { one } from './one.js';\nexport const two = 2;\nexport const again = one;\n`);
    // no cycle, and a cycle through a type-only import (gone at run time), are not reported
    write('src/c/one.ts', `import { two } from './two.js';\nexport const one = two;\n`);
    write('src/c/two.ts', `export const two = 2;\n`);
    write('src/d/one.ts', `import type { Two } from './two.js';\nexport interface One { two?: Two }\nexport const one = 1;\n`);
    write('src/d/two.ts', `import { one } from './one.js';\nexport interface Two { n: number }\nexport const two = one + 1;\n`);
    const linter = new ESLint({ cwd: dir, overrideConfigFile: path.join(ROOT, 'eslint.config.js') });
    const results = await linter.lintFiles(['src/a/one.ts', 'src/b/one.ts', 'src/c/one.ts', 'src/d/one.ts', 'src/d/two.ts']);
    const cycles = Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').length]));
    expect(cycles).toEqual({ 'src/a/one.ts': 1, 'src/b/one.ts': 1, 'src/c/one.ts': 0, 'src/d/one.ts': 0, 'src/d/two.ts': 0 });
  });
});
