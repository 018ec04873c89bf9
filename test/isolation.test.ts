// vitest.config.ts runs most test files in workers that share their modules; a file that replaces
// a module with vi.mock must be listed in MOCKING to get a module registry of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { MOCKING } from '../vitest.config.js';
import { REPO } from './examples.js';

test('every test file that calls vi.mock or vi.doMock runs isolated, and every file listed as mocking does', () => {
    const testFiles = readdirSync(join(REPO, 'test'), { recursive: true, encoding: 'utf8' })
        .filter(file => file.endsWith('.test.ts') && !file.startsWith('e2e'))
        .map(file => relative(REPO, join(REPO, 'test', file)));
    const mocking = testFiles.filter(file => /\bvi\.(?:do)?[mM]ock\(/.test(readFileSync(join(REPO, file), 'utf8')));
    expect(mocking.sort()).toEqual([...MOCKING].sort());
});

test('the setup file run before every file loads no source: a file\'s vi.mock must come first', () => {
    const importsOf = (file: string) => [...readFileSync(join(REPO, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map(match => match[1]);
    expect(importsOf('test/after-each-file.ts')).toEqual(['vitest', './per-file.js']);
    expect(importsOf('test/per-file.ts')).toEqual([]);
});
