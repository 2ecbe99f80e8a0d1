// One jest run for the whole workspace (ESM mode: Nest 12 is ESM-only). See docs/testing.md.
import { readFileSync } from 'node:fs';

const swc = JSON.parse(readFileSync(new URL('./.swcrc.json', import.meta.url), 'utf8'));
delete swc.$schema;

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: {
    '^@yiban/shared$': '<rootDir>/../shared/src/index.ts',
    '^@yiban/server$': '<rootDir>/../server/src/index.ts',
    '^@yiban/server/testing$': '<rootDir>/../server/src/testing/index.ts',
    '^@yiban/wechat-sim$': '<rootDir>/../scripts/wechat-sim/src/index.ts',
    // sanitize-html (CommonJS) requires htmlparser2 12, which is ESM only: Node loads that, jest's require cannot
    // (before Node 24.9). Under jest it gets htmlparser2 6 (the root's
    // `htmlparser2-cjs` alias), the CommonJS release with the same Parser API; production runs the real 12.
    '^htmlparser2$': '<rootDir>/../node_modules/htmlparser2-cjs/lib/index.js',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

const rel = (dir) => new URL(dir, import.meta.url).pathname;

/** Database suites run on every database the run is given: MariaDB/MySQL via DATABASE_URL, and always the embedded SQLite. */
const databases = [...(process.env.DATABASE_URL ? ['mysql'] : []), 'sqlite'];

export default {
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'shared', rootDir: rel('./shared'), testMatch: ['<rootDir>/test/**/*.test.ts'] },
    { ...common, displayName: 'wechat-sim', rootDir: rel('./scripts/wechat-sim'), testMatch: ['<rootDir>/test/**/*.test.ts'] },
    { ...common, displayName: 'server', rootDir: rel('./server'), testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    // The lint rules that hold the server's architecture (module boundaries, writes in transactions).
    { displayName: 'lint-rules', rootDir: rel('./eslint'), testMatch: ['<rootDir>/**/*.test.mjs'], testEnvironment: 'node', transform: {} },
    // Mini-program (miniapp/): unit tests of the request module and platform layer (jsdom), and the WeChat build check.
    {
      displayName: 'miniapp',
      rootDir: rel('./miniapp'),
      testMatch: ['<rootDir>/test/unit/**/*.test.ts?(x)'],
      testEnvironment: 'jsdom',
      transform: {
        '^.+\\.tsx?$': [
          '@swc/jest',
          {
            jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
            module: { type: 'commonjs' },
            swcrc: false,
          },
        ],
      },
      moduleNameMapper: { '^@yiban/shared$': '<rootDir>/../shared/src/index.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
    },
    { ...common, displayName: 'miniapp:weapp', rootDir: rel('./miniapp'), testMatch: ['<rootDir>/test/weapp/**/*.test.ts'] },
    // Browser end-to-end: the H5 build in Debian's Chromium against the real server and simulator (built once in globalSetup).
    {
      ...common,
      displayName: 'browser',
      rootDir: rel('./test'),
      testMatch: ['<rootDir>/browser/**/*.test.ts'],
      setupFiles: ['<rootDir>/support/use-sqlite.ts'],
      globalSetup: '<rootDir>/browser/global-setup.mjs',
    },
    ...databases.map((db) => ({
      ...common,
      displayName: `api:${db}`,
      rootDir: rel('./test'),
      testMatch: ['<rootDir>/api/**/*.test.ts'],
      setupFiles: [`<rootDir>/support/use-${db}.ts`],
    })),
  ],
};
