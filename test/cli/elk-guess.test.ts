// Which renders start ELK's thread (src/cli/elk-guess.ts): a guess from the text, before
// Langium loads, that a map's flows need ELK. A wrong guess costs time only (the pictures are
// the same either way: elk-thread.test.ts), but a map ELK orders that the guess misses pays
// ELK's whole cold start on the command's thread, and a chain guessed wrongly pays the thread.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { mayNeedElk, rendersMayNeedElk } from '../../src/cli/elk-guess.js';
import { wantsElkThread } from '../../src/cli/elk-thread.js';
import { clearOrderCache } from '../../src/diagram/elk-order.js';
import { parseMap, pipeline } from '../diagram/fixtures.js';
import { journey, tempTree } from './run-cli.js';

const chain = generateMap(0, 60);
/** A machine with a core to spare (the load average decides otherwise). */
const idle = () => true;
const branching = chain.replace(/next P1\b/, 'next P1, P3');

describe("the guess that a render needs ELK's thread", () => {
    test('a chain through the touchpoints in text order needs none; a branch, a merge, a jump or a loop may', () => {
        expect(mayNeedElk(chain)).toBe(false);
        expect(mayNeedElk(branching)).toBe(true);
        // P0 and P1 both go to P2 (P1 no longer to its follower): a merge.
        expect(mayNeedElk(chain.replace(/next P1\b/, 'next P2'))).toBe(true);
        // P5 goes back to P0 at the end: a loop.
        expect(mayNeedElk(chain.replace(/(touchpoint P59 \{[^}]*)\}/, '$1 next P0 }'))).toBe(true);
        // Written over several lines, as a formatter may.
        expect(mayNeedElk(chain.replace(/next P1\b/, 'next P1,\n      P3'))).toBe(true);
        // No flow at all: nothing to order.
        expect(mayNeedElk(chain.replace(/ next P\d+/g, ''))).toBe(false);
        expect(mayNeedElk('')).toBe(false);
    });

    test('no map ELK orders is missed: the pipeline asks ELK only where the guess says it may', async () => {
        // The examples' flows are chains, or their cells hold one touchpoint: ELK orders none of
        // them. So: the generated map with each way a chain can turn into something else.
        await parseMap(SHARED_DECLARATIONS);
        const variants = Array.from({ length: 16 }, (_, i) => {
            const k = (7 * i + 3) % 57 + 1;
            const next = [`next P${k + 1}, P${k + 3}`, `next P${k + 2}`, `next P${k - 1}`, '', `next P${k + 1} next P${k + 2}`][i % 5];
            return chain.replace(new RegExp(`(touchpoint P${k} \\{[^}]*?) next P${k + 1}\\b`), `$1 ${next}`);
        });
        expect(new Set(variants).size).toBe(variants.length);
        let ordered = 0;
        for (const text of variants) {
            clearOrderCache();
            const layouts = await pipeline(await parseMap(text));
            const elk = layouts.some(({ layout }) => layout.ordering === 'elk');
            if (elk) ordered++;
            if (elk) expect(mayNeedElk(text)).toBe(true);
        }
        expect(ordered).toBeGreaterThan(10);
    });

    test('only the .journey files named are read; folders, globs and missing files start no thread', () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'chain.journey': chain, 'branching.journey': branching, 'maps/branching.journey': branching });
        expect(rendersMayNeedElk(folder, ['branching.journey', '-f', 'svg', '-o', 'out.svg'])).toBe(true);
        expect(rendersMayNeedElk(folder, ['chain.journey', 'common.journey', '-o', 'out.svg'])).toBe(false);
        expect(rendersMayNeedElk(folder, ['chain.journey', 'branching.journey'])).toBe(true);
        expect(rendersMayNeedElk(folder, ['maps', 'maps/*.journey', 'missing.journey', '-'])).toBe(false);
    });

    test('the thread starts for a guessed need while a core is idle; JOURNEY_ELK_THREAD=on or off decides instead', () => {
        const folder = tempTree({ 'chain.journey': chain, 'branching.journey': branching });
        expect(wantsElkThread(folder, {}, ['branching.journey'], idle)).toBe(true);
        expect(wantsElkThread(folder, {}, ['branching.journey'], () => false)).toBe(false);
        expect(wantsElkThread(folder, {}, ['chain.journey'], idle)).toBe(false);
        expect(wantsElkThread(folder, { JOURNEY_ELK_THREAD: 'off' }, ['branching.journey'], idle)).toBe(false);
        expect(wantsElkThread(folder, { JOURNEY_ELK_THREAD: 'on' }, ['chain.journey'], () => false)).toBe(true);
    });

    test('a map drawn before with its ELK answers kept starts no thread until its text changes; the picture is the same', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching, 'chain.journey': chain });
        const env = { JOURNEY_CACHE_DIR: 'cache' };
        const render = async (file: string) => {
            const run = await journey(['render', file, '-f', 'svg'], { cwd: folder, env });
            expect(run.stderr).toBe('');
            expect(run.code).toBe(0);
            return run.stdout;
        };
        const drawnMarks = () => readdirSync(join(folder, 'cache', 'elk')).filter(name => name.endsWith('.drawn.json'));
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
        const first = await render('map.journey');
        expect(drawnMarks()).toHaveLength(1);
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(false);
        expect(await render('map.journey')).toBe(first);
        // A chain needs no mark: the guess already starts no thread for it.
        await render('chain.journey');
        expect(drawnMarks()).toHaveLength(1);
        // Another text (a label edited) is guessed again; without the cache, always.
        writeFileSync(join(folder, 'map.journey'), branching.replace('Parcours n°0', 'Parcours zéro'));
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
        expect(wantsElkThread(folder, { JOURNEY_CACHE_DIR: 'off' }, ['map.journey'], idle)).toBe(true);
        await render('map.journey');
        expect(drawnMarks()).toHaveLength(2);
    });

    test('no mark when the answers could not be kept (a cache folder that cannot be made)', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': branching, blocked: 'a file' });
        const env = { JOURNEY_CACHE_DIR: 'blocked/cache' };
        const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env });
        expect(run.code).toBe(0);
        expect(wantsElkThread(folder, env, ['map.journey'], idle)).toBe(true);
    });
});
