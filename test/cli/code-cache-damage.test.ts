// The CLI's V8 code caches (src/cli/code-cache.ts) never crash a command and never go stale:
// a cache whose body is damaged (V8's release builds do not check it: taken, it crashed every
// later run) is dropped and made again; a run that ended in a usage error makes none (it would
// hold too few functions, and be taken forever); a cache made under other V8 flags goes when
// the one for the flags in use is written. Through the real CLI and its built bundles.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { journey, renderedSvg, tempTree } from './run-cli.js';

/** A map whose flows branch: ELK lays it out, so ELK's cache is made too. */
const BRANCHING = generateMap(0, 60).replace(/next P1\b/, 'next P1, P3');
const LONG_AGO = new Date(2000, 0, 1);

const caches = (cache: string) => readdirSync(join(cache, 'v8')).sort();
/** ELK's answers forgotten (elk-cache.ts): ELK, and its code cache, are loaded again. */
const forgetLayouts = (cache: string) => rmSync(join(cache, 'elk'), { recursive: true, force: true });

/** Overwrites `bytes` at `offset` (from the end when negative) in `file`, its header untouched. */
function damage(file: string, offset: number, bytes: Buffer): void {
    const data = readFileSync(file);
    bytes.copy(data, offset < 0 ? data.length + offset : offset);
    writeFileSync(file, data);
    utimesSync(file, LONG_AGO, LONG_AGO);
}

/**
 * Damages the cache `file` (`bytes` at `at` of its length), then expects `run` to print `expected`
 * twice: the cache made again (its mtime now) by the first run, then taken by the second (not
 * written a third time).
 */
async function damagedThenRemade(file: string, at: (length: number) => number, bytes: Buffer, run: () => Promise<string>, expected: string): Promise<void> {
    damage(file, at(statSync(file).size), bytes);
    expect(await run()).toBe(expected);
    expect(statSync(file).mtime.getTime()).toBeGreaterThan(LONG_AGO.getTime());
    expect(statSync(file).size).toBeGreaterThan(100_000);
    utimesSync(file, LONG_AGO, LONG_AGO);
    expect(await run()).toBe(expected);
    expect(statSync(file).mtime).toEqual(LONG_AGO);
}

const DAMAGES: readonly [string, (length: number) => number, Buffer][] = [
    ['0xff bytes in the middle', length => Math.floor(length / 2), Buffer.alloc(64, 0xff)],
    ['16 zero bytes at offset 100', () => 100, Buffer.alloc(16, 0)],
    ['its last bytes changed', () => -8, Buffer.alloc(8, 0x5a)]
];

/**
 * `make` once for the file, then its result for every later call: the damages below each take the
 * caches the set-up made, or the earlier damage's test made again (a cache made by a run that did
 * its work either way), and compare with the one run without a cache.
 */
function once<T>(make: () => Promise<T>): () => Promise<T> {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
}

describe('a damaged code cache', () => {
    /** A map ELK orders, its picture drawn without a cache, then with one: ELK's and render's code caches made. */
    const rendering = once(async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': BRANCHING });
        const cache = join(folder, 'cache');
        const render = (cacheDir: string) => {
            forgetLayouts(cache);
            return renderedSvg(folder, { JOURNEY_CACHE_DIR: cacheDir });
        };
        const withoutCache = await render('off');
        expect(await render(cache)).toBe(withoutCache);
        const names = caches(cache);
        expect(names).toEqual([expect.stringMatching(/^elk-/), expect.stringMatching(/^render-/)]);
        return { cache, render, withoutCache, names };
    });

    test.each(DAMAGES)('render and ELK: %s, the same picture, exit 0, the cache made again', async (_kind, at, bytes) => {
        const { cache, render, withoutCache, names } = await rendering();
        for (const name of names) {
            const file = join(cache, 'v8', name);
            await damagedThenRemade(file, at, bytes, () => render(cache), withoutCache);
        }
        expect(caches(cache)).toEqual(names);
    }, 90_000);

    /** A map with findings, linted without a cache, then with one: lint's code cache made. */
    const linting = once(async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 12).replace(/next P1\b/, 'next P99') });
        const cache = join(folder, 'cache');
        const lint = async (cacheDir: string) => {
            const run = await journey(['lint', '--format', 'json', 'common.journey', 'map.journey'], { cwd: folder, env: { JOURNEY_CACHE_DIR: cacheDir } });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(1);
            return run.stdout;
        };
        const withoutCache = await lint('off');
        expect(await lint(cache)).toBe(withoutCache);
        const [name] = caches(cache);
        expect(name).toMatch(/^lint-/);
        return { cache, lint, withoutCache, name };
    });

    test.each(DAMAGES)('lint: %s, the same findings, exit 1, the cache made again', async (_kind, at, bytes) => {
        const { cache, lint, withoutCache, name } = await linting();
        const file = join(cache, 'v8', name);
        await damagedThenRemade(file, at, bytes, () => lint(cache), withoutCache);
        expect(caches(cache)).toEqual([name]);
    }, 60_000);
});

describe('a code cache is made only by a run that did its work', () => {
    test('render: none after a usage error or a syntax error; one after a picture', async () => {
        const folder = tempTree({ 'map.journey': generateMap(0, 12), 'broken.journey': 'journey J "J" {\n  stage S "S" {\n' });
        const cache = join(folder, 'cache');
        const env = { JOURNEY_CACHE_DIR: cache };
        expect((await journey(['render', 'map.journey', '--theme', 'purple'], { cwd: folder, env })).code).toBe(2);
        expect((await journey(['render', 'broken.journey', '-f', 'svg'], { cwd: folder, env })).code).toBe(1);
        expect(readdirSync(folder).sort()).toEqual(['broken.journey', 'map.journey']);
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env });
        expect(run.code).toBe(0);
        expect(caches(cache).filter(name => name.startsWith('render-'))).toHaveLength(1);
    }, 60_000);

    test('lint: none after a usage error; one after a lint with findings', async () => {
        const folder = tempTree({ 'map.journey': generateMap(0, 12).replace(/next P1\b/, 'next P99') });
        const cache = join(folder, 'cache');
        const env = { JOURNEY_CACHE_DIR: cache };
        expect((await journey(['lint', '--format', 'purple', 'map.journey'], { cwd: folder, env })).code).toBe(2);
        expect(readdirSync(folder)).toEqual(['map.journey']);
        expect((await journey(['lint', 'map.journey'], { cwd: folder, env })).code).toBe(1);
        expect(caches(cache)).toEqual([expect.stringMatching(/^lint-/)]);
    }, 60_000);
});

test("a cache made under other V8 flags (another tag, the same script and Node) goes when this one's is written", async () => {
    const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': BRANCHING });
    const cache = join(folder, 'cache');
    const render = async () => {
        forgetLayouts(cache);
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: cache } });
        expect(run.code).toBe(0);
    };
    await render();
    const names = caches(cache);
    const older = names.map(name => name.replace(/-\d+\.bin$/, '-123.bin'));
    for (const [i, name] of names.entries()) renameSync(join(cache, 'v8', name), join(cache, 'v8', older[i]));
    await render();
    expect(caches(cache)).toEqual(names);
}, 60_000);
