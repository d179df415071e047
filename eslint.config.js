// Layer boundaries of DESIGN.md §1, enforced here so a wrong import fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { builtinModules } from 'node:module';

// Exact names (`paths`), so `lib0/buffer` is not mistaken for node's `buffer`.
const nodeBuiltinPaths = builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: 'No Node built-ins here (DESIGN.md §1).' }));
const nodeBuiltins = ['node:*'];

/** core/ may import only yjs, lib0, y-protocols, zod and itself. */
const coreRule = {
  paths: nodeBuiltinPaths,
  patterns: [
    { group: nodeBuiltins, message: 'core/ is pure: no Node built-ins (DESIGN.md §1).' },
    { group: ['electron', 'electron/*'], message: 'core/ must not import electron.' },
    { group: ['**/main/**', '**/renderer/**', '**/sync-server/**', '**/cli/**', '**/preload/**'], message: 'core/ must not import other layers.' },
    {
      regex: '^(?!\\.|yjs$|lib0(/|$)|y-protocols(/|$)|zod(/|$))',
      message: 'core/ may import only yjs, lib0, y-protocols and zod (DESIGN.md §1).',
    },
  ],
};

export default tseslint.config(
  // Golden files are generator output checked by their own consumer tests (tsc, ajv, graphql); scratch files never land.
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'reports/**', 'test/lint/fixtures/**', 'test/fixtures/**/golden/**', '**/*.d.ts', '.tmp*/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['bin/**/*.js', '*.config.js', '.ci/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  { files: ['core/**/*.ts'], rules: { 'no-restricted-imports': ['error', coreRule] } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths,
        patterns: [
          { group: ['**/main/**', '**/sync-server/**', '**/cli/**', '**/preload/**'], message: 'renderer/ talks to the outside only through window.studio (renderer/src/api).' },
          { group: nodeBuiltins, message: 'renderer/ runs sandboxed: no Node built-ins.' },
          { group: ['electron', 'electron/*', 'better-sqlite3'], message: 'renderer/ must not import electron or native modules.' },
        ],
      }],
    },
  },
  {
    files: ['main/services/**/*.ts', 'main/ipc/**/*.ts', 'main/web/**/*.ts', 'cli/**/*.ts', 'sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only main/electron/ may import electron (DESIGN.md §1).' },
          { group: ['**/renderer/**'], message: 'Node code must not import the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/main/**', '**/renderer/**', '**/sync-server/**'], message: 'preload/ exposes only the typed contract from core/.' }],
      }],
    },
  },
);
