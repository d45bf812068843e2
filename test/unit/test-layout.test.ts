import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * Issue 18: unit tests are laid out like src/, so a module's tests are found from its path
 * (src/readers/xlsxstream.ts → test/unit/readers/xlsxstream.test.ts). Directly in test/unit/ live only the checks
 * over the whole tree, listed here with what they check.
 */
const WHOLE_TREE = new Set([
  'long-functions.test.ts', // every function in src/ over 80 lines says why
  'layout.test.ts', // the ESLint layout rules fire
  'test-layout.test.ts', // this file
]);

function dirs(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => [path.join(rel, e.name), ...dirs(root, path.join(rel, e.name))]);
}

describe('unit tests laid out like src/', () => {
  const unit = path.join(ROOT, 'test', 'unit');

  it('every folder of test/unit/ is a folder of src/', () => {
    expect(dirs(unit).filter((d) => !fs.existsSync(path.join(ROOT, 'src', d)))).toEqual([]);
  });

  it('directly in test/unit/ only the whole-tree checks', () => {
    const flat = fs.readdirSync(unit).filter((f) => f.endsWith('.test.ts'));
    expect(flat.filter((f) => !WHOLE_TREE.has(f))).toEqual([]);
  });
});
