import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { ROOT } from '../../helpers/cli.js';

/**
 * Issue 18: text is rendered only at the edges. The `// edges` block of eslint.config.js refuses t/tCode and
 * renderIssue imports anywhere else; this checks that block on sample code at a few paths, so a config change
 * that silently switches it off fails here.
 */
const code = (from: string) => `import { t } from '${from}';\nexport const x = t;\n`;

async function refused(file: string, from: string): Promise<boolean> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code(from), { filePath: `${ROOT}/${file}` });
  return result.messages.some((m) => m.ruleId === 'no-restricted-imports');
}

describe('messages rendered only at the edges (eslint.config.js, "// edges")', () => {
  it.each([
    ['src/export/new-format.ts', '../i18n/t.js'],
    ['src/import/new-importer.ts', '../i18n/render-issue.js'],
    ['src/centre/tree/new.ts', '../../i18n/t.js'],
    ['src/demo/new.ts', '../i18n/t.js'],
  ])('%s may not import %s', async (file, from) => {
    expect(await refused(file, from)).toBe(true);
  });

  it.each([
    ['src/cli/new-command.ts', '../index.js'], // the CLI renders through the front door (or ./text.js)
    ['src/report/new-renderer.ts', '../i18n/render-issue.js'],
    ['src/centre/handlers/new.ts', '../../i18n/t.js'],
    ['src/centre/html/new.ts', '../../i18n/t.js'],
    ['src/centre/new-page.ts', '../i18n/t.js'],
  ])('%s (an edge) may import %s', async (file, from) => {
    expect(await refused(file, from)).toBe(false);
  });
});
