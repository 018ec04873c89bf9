// `journey render` runs its own code from a CommonJS bundle (out/cli-commands.cjs, lint's too) through a V8 code
// cache (src/cli/render-loader.ts): made by the first render, taken by the next (so not written
// again), made again when V8 rejects it, none with JOURNEY_CACHE_DIR=off; the same pictures, and
// the same errors and exit codes (the bundle's own CliError), either way.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { journey, renderedSvg, tempTree } from './run-cli.js';

const renderCaches = (folder: string) => readdirSync(join(folder, 'cache', 'v8')).filter(file => file.startsWith('render-'));

describe("render's code cache", () => {
    test('made by a first render, taken by the next, remade when rejected; the same SVG', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 60) });
        const render = (cacheDir: string) => renderedSvg(folder, { JOURNEY_CACHE_DIR: cacheDir });
        const withoutCache = await render('off');
        expect(readdirSync(folder).sort()).toEqual(['common.journey', 'map.journey']);
        expect(await render('cache')).toBe(withoutCache);
        const [name] = renderCaches(folder);
        expect(name).toMatch(/^render-[0-9a-f]{32}-\d+\.bin$/);
        const file = join(folder, 'cache', 'v8', name);
        const longAgo = new Date(2000, 0, 1);
        utimesSync(file, longAgo, longAgo);
        expect(await render('cache')).toBe(withoutCache);
        expect(statSync(file).mtime).toEqual(longAgo);
        writeFileSync(file, 'not a code cache');
        expect(await render('cache')).toBe(withoutCache);
        expect(renderCaches(folder)).toEqual([name]);
        expect(readFileSync(file).length).toBeGreaterThan(100_000);
    });

    test("lint's and render's code caches, of one bundle, are kept side by side: neither drops the other's", async () => {
        const folder = tempTree({ 'map.journey': generateMap(0, 12) });
        const env = { JOURNEY_CACHE_DIR: 'cache' };
        const caches = () => readdirSync(join(folder, 'cache', 'v8')).filter(file => !file.startsWith('elk-')).sort();
        // Lint's findings (exit 1) are not what is tested here; a usage error or a crash (2) would be.
        expect((await journey(['lint', 'map.journey'], { cwd: folder, env })).code).toBeLessThan(2);
        expect((await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env })).code).toBe(0);
        // Lint and render set different V8 flags (v8-flags.ts), part of what a code cache is valid for: one cache each.
        const [lint, render] = caches();
        expect(lint).toMatch(/^lint-[0-9a-f]{32}-\d+\.bin$/);
        expect(render).toMatch(/^render-[0-9a-f]{32}-\d+\.bin$/);
        // One bundle: one key.
        expect(/-([0-9a-f]{32})-/.exec(lint)?.[1]).toBe(/-([0-9a-f]{32})-/.exec(render)?.[1]);
        // A lint after the render takes its own cache (not written again), which the render left in place.
        const longAgo = new Date(2000, 0, 1);
        utimesSync(join(folder, 'cache', 'v8', lint), longAgo, longAgo);
        expect((await journey(['lint', 'map.journey'], { cwd: folder, env })).code).toBeLessThan(2);
        expect(caches()).toEqual([lint, render]);
        expect(statSync(join(folder, 'cache', 'v8', lint)).mtime).toEqual(longAgo);
    });

    test("a usage error and a syntax error from the bundle keep their message and exit code", async () => {
        const folder = tempTree({ 'map.journey': 'journey J "J" {\n  stage S "S" {\n    touchpoint T {\n' });
        const usage = await journey(['render', 'map.journey', '--theme', 'purple'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'cache' } });
        expect(usage.stderr).toBe("journey render: --theme: unknown value 'purple' (expected light, dark)\n");
        expect(usage.code).toBe(2);
        const syntax = await journey(['render', 'map.journey'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'cache' } });
        expect(syntax.stderr).toMatch(/^journey render: map\.journey:\d+:\d+: /);
        expect(syntax.code).toBe(1);
    });
});
