// `journey lint` loads its bundle (out/cli-commands.cjs, render's too) through a V8 code cache on every thread
// (src/cli/lint-loader.ts, lint-worker.ts, code-cache.ts): made by a first lint, taken by the
// next on the main thread and the workers alike (so not written again), made again when V8
// rejects it, no error when it cannot be written, and the same output with it or without.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { journey, tempTree } from './run-cli.js';

describe("lint's code cache", () => {
    test('made by a first lint, then taken by every thread; remade when rejected or stale; the same output with it or without', async () => {
        const maps: Record<string, string> = { 'common.journey': SHARED_DECLARATIONS };
        for (let i = 0; i < 4; i++) maps[`map-${i}.journey`] = generateMap(i, 12);
        maps['map-1.journey'] = maps['map-1.journey'].replace(/next P1\b/, 'next P99');
        const folder = tempTree(maps);
        const cacheRoot = tempTree({});
        // Two threads, files dealt round-robin so that the worker lints some too.
        const lint = async (cacheDir: string, threads = 2) => {
            const run = await journey(['lint', '--format', 'json', '--threads', String(threads), '.'], { cwd: folder, env: { JOURNEY_CACHE_DIR: cacheDir, JOURNEY_LINT_DEAL: 'round-robin' } });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(1);
            return run.stdout;
        };
        const withoutCache = await lint('off');
        expect(withoutCache).toContain('unresolved-reference');
        expect(readdirSync(folder).sort()).toEqual(Object.keys(maps).sort());

        const cache = join(cacheRoot, 'cache');
        expect(await lint(cache)).toBe(withoutCache);
        const [name, ...others] = readdirSync(join(cache, 'v8'));
        expect(others).toEqual([]);
        expect(name).toMatch(/^lint-[0-9a-f]{32}-\d+\.bin$/);
        const file = join(cache, 'v8', name);
        expect(statSync(file).size).toBeGreaterThan(100_000);

        // Taken by both threads, and by a one-thread lint: none writes it again.
        const longAgo = new Date(2000, 0, 1);
        utimesSync(file, longAgo, longAgo);
        expect(await lint(cache)).toBe(withoutCache);
        expect(await lint(cache, 1)).toBe(withoutCache);
        expect(statSync(file).mtime).toEqual(longAgo);

        // A cache V8 rejects is made again; one for another bundle or Node goes then; another tool's stays.
        writeFileSync(file, 'not a code cache');
        const stale = `lint-${'0'.repeat(32)}-123.bin`;
        writeFileSync(join(cache, 'v8', stale), 'an older bundle\'s');
        writeFileSync(join(cache, 'v8', `elk-${'0'.repeat(32)}-123.bin`), 'ELK\'s');
        // Named as code caches were before V8's tag was in the name: of no further use either.
        writeFileSync(join(cache, 'v8', `lint-${'1'.repeat(32)}.bin`), 'an older name\'s');
        expect(await lint(cache)).toBe(withoutCache);
        expect(readdirSync(join(cache, 'v8')).sort()).toEqual([`elk-${'0'.repeat(32)}-123.bin`, name]);
        expect(readFileSync(file).length).toBeGreaterThan(100_000);

        // A cache folder that cannot be made (a file is in its place) is no error.
        const blocked = join(cacheRoot, 'blocked');
        writeFileSync(blocked, 'a file');
        expect(await lint(blocked)).toBe(withoutCache);
    }, 60_000);
});
