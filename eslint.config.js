import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import * as espree from 'espree';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'demo-output/', 'test-artifacts/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Plain .js/.mjs scripts and the bin shim run in Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // The pane's plain scripts run in the task pane's browser (Office.js loaded before them).
    files: ['addin/**/*.js', 'tests/browser/**/*.js'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly' } },
  },
  {
    // The portal's page scripts run as-is in the browsers of government desktops: ES5, no modules.
    files: ['reporter/portal/public/**/*.js'],
    // espree, not the TypeScript parser, so that anything newer than ES5 is a parse error.
    languageOptions: { parser: espree, ecmaVersion: 5, sourceType: 'script', globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // core/ is shared by the add-in and the reporter: it must not reach for Node or the DOM.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'exceljs', 'better-sqlite3', 'docx'],
              message: 'core/ is pure: no Node or I/O imports.',
            },
          ],
        },
      ],
    },
  },
);
