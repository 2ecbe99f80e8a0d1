// The pictures in README.md come from the browser journeys (DOCS_SHOTS in h5-stack.ts): each one the README shows is in
// the repository, each is taken by a journey that still exists, and none is taken for nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCS_SCREENSHOTS, DOCS_SHOTS } from './h5-stack.js';

const root = path.resolve(new URL('.', import.meta.url).pathname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const shown = [...readme.matchAll(/\(docs\/screenshots\/([\w-]+)\.jpg\)/g)].map((m) => m[1]!);
const journeys = readdirSync(path.join(root, 'test/browser'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(path.join(root, 'test/browser', f), 'utf8'))
  .join('\n');

describe('the screenshots in the docs', () => {
  it('are in the repository for every picture README.md shows, and README shows every one', () => {
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.filter((name) => !existsSync(path.join(DOCS_SCREENSHOTS, `${name}.jpg`)))).toEqual([]);
    expect([...Object.values(DOCS_SHOTS)].sort()).toEqual([...new Set(shown)].sort());
  });

  it('are each taken by a journey of the browser tests', () => {
    expect(Object.keys(DOCS_SHOTS).filter((name) => !journeys.includes(`'${name}'`))).toEqual([]);
  });
});
