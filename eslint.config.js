import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
);
