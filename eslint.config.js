import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The layout (docs/architecture.md): folders of src/ that a folder never imports, as import-x zones. Paths are
// relative to this file's folder, so the rules mean the same whatever directory eslint runs from.
const ROOT = path.dirname(fileURLToPath(import.meta.url));
const LAYOUT_ZONES = [
  { target: ['./src/!(cli)/**', './src/*.ts'], from: './src/cli', message: 'the library never imports src/cli/: the CLI is a client of src/index.ts.' },
  { target: './src/readers', from: ['./src/validate', './src/cli'], message: 'readers/ deliver rows and grids; they never validate or print.' },
  { target: './src/model', from: './src/readers', message: 'model/ is the record model: it never reads sources.' },
  { target: './src/validate', from: './src/report', message: 'validate/ returns issues (src/issues/); rendering them is report/\'s job, not the other way.' },
  { target: './src/publish', from: './src/centre', message: 'publish/ talks to a centre over HTTP only: it never imports the centre\'s code.' },
  { target: './src/centre', from: './src/publish', message: 'centre/ never imports publish/: a centre knows its API, not its clients.' },
];
// Printing is the CLI's job. The centre's log lines (errors, scheduled harvests, `--access-log -`) go through one
// sink, src/centre/log-sink.ts, which callers may replace (logError, log); it is the one exception.
const PRINTING = [
  { selector: "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name=/^(stdout|stderr)$/][property.name='write']", message: 'Only src/cli/ prints: return data, or take a sink (src/centre/log-sink.ts) from the caller.' },
];


export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', AbortController: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // edges (issue 18): messages are rendered to zh/en only at the edges (the CLI, report renderers, the centre's
  // HTTP answers and pages); below them, findings and errors are codes + params. No file is exempt.
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/cli/**', 'src/report/**', 'src/centre/handlers/**', 'src/centre/html/**', 'src/**/*page.ts', 'src/i18n/**', 'src/index.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['**/i18n/t.js', '**/i18n/render-issue.js'],
          message: 'Render text only at the edges (src/cli, src/report, centre handlers/html/pages): return a code + params (issue() or an error with code and params) instead.',
        }],
      }],
    },
  },
  // read-map: mapping/ reads no files and uses no readers/ code (row types live in src/rows/); readers/ never call mapping.
  {
    files: ['src/mapping/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message: 'mapping/ reads no files: open sources in src/pipeline/.' })),
        patterns: [
          { group: ['**/readers/*'], allowTypeImports: true, message: 'mapping/ uses no readers/ code: take rows from src/rows/, read files in src/pipeline/.' },
          { group: ['**/pipeline/*'], message: 'mapping/ is called by src/pipeline/, not the other way.' },
        ],
      }],
    },
  },
  {
    files: ['src/readers/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/mapping/*', '**/pipeline/*'], message: 'readers/ deliver rows and grids; they never call mapping.' }] }] },
  },
  // layout (issue 18): the "never" rules between folders and no import cycles, resolved from the .js specifiers to .ts.
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // without these two, import-x skips .ts files and both rules silently match nothing (test/unit/layout.test.ts)
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(ROOT, 'tsconfig.json') })],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: LAYOUT_ZONES }],
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...PRINTING],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/centre/log-sink.ts'],
    rules: { 'no-console': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // The CLI is a client of the library like any other: library code only through the front door (src/index.ts).
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!index\\.js$)', message: 'src/cli/ imports library code only from ../index.js' }] }],
    },
  },
  {
    // The start-up path of every command (catalog --version loads only these): importing the front door would load
    // the validator with it (test/unit/cli/startup.test.ts), so these take the language, message and temp-file
    // helpers straight from their modules.
    files: ['src/cli/main.ts', 'src/cli/context.ts', 'src/cli/interrupt.ts', 'src/cli/commander-zh.ts', 'src/cli/text.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!(index|i18n/lang|i18n/t|i18n/catalogue|io/errors|io/temp-files)\\.js$)', message: 'the start-up path imports only i18n/io helpers directly' }] }],
    },
  },
);
