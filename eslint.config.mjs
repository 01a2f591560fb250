// Lint for the whole repository: type-aware typescript-eslint everywhere, plus the import rules
// that keep workflow code runnable inside Temporal's deterministic sandbox.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node 20's list leaves out the modules that exist only with the prefix.
const PREFIX_ONLY_BUILTINS = ['node:sea', 'node:sqlite', 'node:test', 'node:test/reporters'];
const NODE_BUILTINS = [
  ...new Set([
    ...builtinModules.flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`])),
    ...PREFIX_ONLY_BUILTINS,
  ]),
];

const SANDBOX = 'Workflow code runs in the deterministic Temporal sandbox';

const workflowImportRules = {
  paths: NODE_BUILTINS.map((name) => ({
    name,
    message: `${SANDBOX}: Node built-ins are not available there.`,
  })),
  patterns: [
    {
      regex: '^(knex|pg|stripe|koa|@koa/[^/]+|@temporalio/(activity|client|worker|testing))(/.*)?$',
      message: `${SANDBOX}: I/O and Node-side Temporal packages belong in activities, the worker or the client.`,
    },
    {
      regex: '^(\\.\\.?/)+(src/)?(db|stripe|api|activities)(/.*)?$',
      allowTypeImports: true,
      message: `${SANDBOX}: reach I/O through proxyActivities; import activities by type only.`,
    },
  ],
};

export default defineConfig(
  globalIgnores(['dist/', '.tools/', '.data/', 'test-artifacts/']),
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
  {
    files: ['scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly' } },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An unawaited promise in a workflow, an activity or a handler is an error nobody sees.
      '@typescript-eslint/no-floating-promises': 'error',
      // The code marks index reads it knows are present with `!`, as if noUncheckedIndexedAccess were on.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // A leading underscore names what is dropped on purpose (destructured away, unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      // Tests read JSON bodies and raw rows as `any` on purpose; their assertions check the shape.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces without having anything to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Bundled workflow code, ours and the test fixtures'. Tests beside workflows run in Node.
    files: ['src/workflows/**/*.ts', 'test/fixtures/workflows/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', workflowImportRules] },
  },
);
