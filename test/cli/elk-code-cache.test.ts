// ELK's script compiled with a V8 code cache kept in the CLI's cache folder
// (src/cli/elk-code-cache.ts): made once, taken next time, remade when V8 rejects it (seen from
// `journey render`: one process compiles a script once, whatever the cache says), and
// the same layouts and pictures with it or without. Uses the built script (out/cli-elk.cjs).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { loadElkScript } from '../../src/cli/elk-code-cache.js';
import { COMMAND_V8_FLAGS } from '../../src/cli/v8-flags.js';
import { warmUpGraphs } from '../../src/diagram/elk-order.js';
import { REPO, renderedSvg, tempTree } from './run-cli.js';

const SCRIPT = join(REPO, 'out', 'cli-elk.cjs');

/** V8's code cache tag in a Node started with `flags`. */
function v8TagWith(flags: string): string {
    return execFileSync(process.execPath, [...flags.split(' '), '-p', "require('node:v8').cachedDataVersionTag()"], { encoding: 'utf8' }).trim();
}

async function layOut(folder: string | undefined) {
    const loaded = loadElkScript(SCRIPT, folder);
    const result = await new loaded.ELK().layout(warmUpGraphs().at(-1)!);
    loaded.keep();
    return { cached: loaded.cached, positions: (result.children ?? []).map(({ id, x, y }) => ({ id, x, y })) };
}

describe("ELK's code cache", () => {
    test('made after a first layout (none without a folder); the layout is the same', async () => {
        const folder = tempTree({});
        const first = await layOut(folder);
        expect(first.cached).toBe(false);
        const [file] = readdirSync(join(folder, 'v8'));
        expect(file).toMatch(/^elk-[0-9a-f]{32}-\d+\.bin$/);
        expect(readFileSync(join(folder, 'v8', file)).length).toBeGreaterThan(100_000);
        expect(await layOut(undefined)).toEqual(first);
    });

    // ELK on its own thread (where a core is idle) or on the command's: the same cache either way.
    test.each(['on', 'off'])('`journey render` keeps it in JOURNEY_CACHE_DIR (none with =off), and draws the same map with it (JOURNEY_ELK_THREAD=%s)', async thread => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 60).replace(/next P1\b/, 'next P1, P3') });
        const render = (cacheDir: string) => renderedSvg(folder, { JOURNEY_CACHE_DIR: cacheDir, JOURNEY_ELK_THREAD: thread });
        const withoutCache = await render('off');
        expect(readdirSync(folder).sort()).toEqual(['common.journey', 'map.journey']);
        expect(await render('cache')).toBe(withoutCache);
        // ELK's, and render's own code (render-loader.ts).
        const elkCaches = () => readdirSync(join(folder, 'cache', 'v8')).filter(file => file.startsWith('elk-'));
        expect(readdirSync(join(folder, 'cache', 'v8')).sort()).toEqual([expect.stringMatching(/^elk-/), expect.stringMatching(/^render-/)]);
        const [name] = elkCaches();
        // Made under render's V8 flags (v8-flags.ts): the cache's name ends with the tag of a V8 given them.
        expect(name.endsWith(`-${v8TagWith(COMMAND_V8_FLAGS.render.join(' '))}.bin`)).toBe(true);
        const file = join(folder, 'cache', 'v8', name);
        const longAgo = new Date(2000, 0, 1);
        // ELK's orderings forgotten, its code kept: ELK runs again, from the code cache (taken, so not written again).
        utimesSync(file, longAgo, longAgo);
        rmSync(join(folder, 'cache', 'elk'), { recursive: true });
        expect(await render('cache')).toBe(withoutCache);
        expect(statSync(file).mtime).toEqual(longAgo);
        // A cache V8 rejects is made again.
        writeFileSync(file, 'not a code cache');
        rmSync(join(folder, 'cache', 'elk'), { recursive: true });
        expect(await render('cache')).toBe(withoutCache);
        expect(elkCaches()).toEqual([name]);
        expect(readFileSync(file).length).toBeGreaterThan(100_000);
    });
});
