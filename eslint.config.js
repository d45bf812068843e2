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
  {
    // The CLI is a client of the library like any other: library code only through the front door (src/index.ts).
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!index\\.js$)', message: 'src/cli/ imports library code only from ../index.js' }] }],
    },
  },
  {
    // The start-up path of every command (catalog --version loads only these): importing the front door would load
    // the validator with it (test/unit/cli-startup.test.ts), so these take the language, message and temp-file
    // helpers straight from their modules.
    files: ['src/cli/main.ts', 'src/cli/context.ts', 'src/cli/interrupt.ts', 'src/cli/commander-zh.ts', 'src/cli/text.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!(index|i18n/lang|i18n/t|i18n/catalogue|io/errors|io/temp-files)\\.js$)', message: 'the start-up path imports only i18n/io helpers directly' }] }],
    },
  },
);
