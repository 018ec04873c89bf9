// V8's flags for lint and render, set in one place (src/cli/v8-flags.ts): each command runs
// under its own (seen in the tag its code caches are named by), and a flag this V8 lacks is
// not given to it, so V8 prints no "unrecognized flag" on every run. In a Node of its own:
// V8's flags are process-wide.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { COMMAND_V8_FLAGS } from '../../src/cli/v8-flags.js';
import { journey, REPO, tempTree } from './run-cli.js';

/** V8's code cache tag in a Node started with `flags`. */
function v8TagWith(flags: readonly string[]): string {
    return execFileSync(process.execPath, [...flags, '-p', "require('node:v8').cachedDataVersionTag()"], { encoding: 'utf8' }).trim();
}

/** Runs `setV8Flags(flags, cacheFolder)` in a Node of its own: its stderr, and V8's tag after. */
function setInOwnNode(flags: readonly string[], cacheFolder: string | undefined) {
    const folder = tempTree({});
    const script = join(folder, 'set.mjs');
    const { outputFiles } = buildSync({
        stdin: {
            contents: `import { setV8Flags } from './src/cli/v8-flags.ts';
                import { cachedDataVersionTag } from 'node:v8';
                setV8Flags(${JSON.stringify(flags)}, ${JSON.stringify(cacheFolder)});
                process.stdout.write(String(cachedDataVersionTag()));`,
            resolveDir: REPO, loader: 'ts'
        },
        bundle: true, format: 'esm', platform: 'node', write: false
    });
    writeFileSync(script, outputFiles[0].contents);
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    return { stderr: run.stderr, tag: run.stdout, status: run.status };
}

describe("V8's flags", () => {
    test('a flag this V8 lacks is left out (nothing on stderr); one it has, though not measured, is set', () => {
        const cache = join(tempTree({}), 'cache');
        const bogus = setInOwnNode(['--no-such-flag-in-any-v8=3', '--no-lazy-feedback-allocation'], cache);
        expect(bogus.stderr).toBe('');
        expect(bogus.status).toBe(0);
        expect(bogus.tag).toBe(v8TagWith(['--no-lazy-feedback-allocation']));
        // This Node's flags, listed once, kept beside the code caches.
        expect(readdirSync(join(cache, 'v8'))).toEqual([`flags-${process.version}-${process.arch}.txt`]);
        expect(setInOwnNode(['--no-such-flag-in-any-v8'], cache)).toEqual({ stderr: '', tag: v8TagWith([]), status: 0 });
        // Without a cache folder, as well.
        expect(setInOwnNode(['--no-such-flag-in-any-v8'], undefined)).toEqual({ stderr: '', tag: v8TagWith([]), status: 0 });
    });

    test.each(Object.entries(COMMAND_V8_FLAGS))("%s's flags are set as they are listed", (_command, flags) => {
        expect(setInOwnNode(flags, undefined)).toEqual({ stderr: '', tag: v8TagWith(flags), status: 0 });
    });

    test('`journey lint` and `journey render` run under their own flags (their code caches are named by that tag)', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 12) });
        for (const command of ['lint', 'render'] as const) {
            const run = await journey(command === 'lint' ? ['lint', 'common.journey', 'map.journey'] : ['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: 'cache' } });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            const [name] = readdirSync(join(folder, 'cache', 'v8')).filter(file => file.startsWith(`${command}-`));
            expect(name.endsWith(`-${v8TagWith(COMMAND_V8_FLAGS[command])}.bin`), name).toBe(true);
        }
    }, 60_000);
});
