import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);

/** The first fenced block of `lang` after `heading` in `markdown` (before the next level-2 heading). */
function fenced(markdown: string, heading: string, lang: string): string {
  const start = markdown.indexOf(`\n${heading}`);
  expect(start, `README.md has no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  expect(block, `README.md's "${heading}" has no \`\`\`${lang} block`).not.toBeNull();
  return block![1];
}

/**
 * README's library example is real: its code is a program of its own that imports the package by name ('catalog',
 * resolved through a node_modules link to this checkout, so dist/index.js and its .d.ts), type-checks against the
 * published types, and prints what README says it prints.
 */
describe('README library example', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-readme-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const code = fenced(readme, '## Library', 'ts');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'catalog'), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  fs.writeFileSync(path.join(dir, 'example.ts'), code);

  it('imports only the package entry and type-checks against its types', async () => {
    expect([...code.matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['node:path', 'catalog']);
    const compilerOptions = {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
      types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['example.ts'] }));
    const tsc = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 })
      .catch((err: { stdout?: string }) => ({ stdout: `tsc failed:\n${err.stdout ?? String(err)}` }));
    expect(tsc.stdout).toBe('');
  });

  it('runs and prints the output README shows', async () => {
    const shown = fenced(readme, '## Library', 'text');
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'example.ts'], {
      cwd: dir, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toBe(shown);
  });
});
