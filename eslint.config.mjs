// Lint for the bugs that slip past the type checker: floating promises, misused async, non-exhaustive switches,
// and in the mini-program the rules of hooks. One config for the whole workspace: each block below is one concern;
// add a new concern as one more block (or one more import spread into the list).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './eslint/module-boundaries.mjs';

const TS = '**/*.{ts,tsx,mts,cts}';
const MINIAPP = ['miniapp/src', 'miniapp/test', 'miniapp/config', 'miniapp/scripts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'test-artifacts/**', '.data/**', 'miniapp/.swc/**', '**/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,

  // TypeScript everywhere, with type information (projectService finds each file's nearest tsconfig.json:
  // shared/, server/, scripts/wechat-sim/, test/, miniapp/).
  {
    files: [TS],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },

  // Plain JavaScript: Node scripts (the mini-program's babel.config.js is CommonJS).
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['miniapp/babel.config.js'], languageOptions: { sourceType: 'commonjs' } },

  // The mini-program (React 18 on Taro). Hooks: rules-of-hooks and exhaustive-deps are errors (docs/testing.md says why).
  {
    files: MINIAPP.map((dir) => `${dir}/**/*.{ts,tsx,js,mjs}`),
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['miniapp/src/**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Tests.
  {
    files: ['**/*.{test,spec}.{ts,tsx}', 'test/**/*.ts', 'miniapp/test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.jest } },
  },

  // The server's architecture (eslint/module-boundaries.mjs, ADR 2): modules reached only through their index.ts,
  // entities exported as types only, common/ and integrations/ independent of modules, every write in Transactions.run.
  {
    files: ['server/src/**/*.ts'],
    plugins: { yiban: moduleBoundaries },
    rules: {
      'yiban/import-boundary': 'error',
      'yiban/index-exports-no-entities': 'error',
      'yiban/writes-through-transactions': 'error',
    },
  },

  // Tests reach the server only through its entry points: @yiban/server and @yiban/server/testing.
  {
    files: ['test/**/*.{ts,mts,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)server/(src|dist)(/|$)|^@yiban/server/(?!testing$)',
              message: 'Tests reach the server only through @yiban/server and @yiban/server/testing (add what you need to server/src/testing).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression > Literal[value=/(^|\\/)server\\/(src|dist)(\\/|$)|^@yiban\\/server\\/(?!testing$)/]',
          message: 'Tests reach the server only through @yiban/server and @yiban/server/testing.',
        },
      ],
    },
  },
);
