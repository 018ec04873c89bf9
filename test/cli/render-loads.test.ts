import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanMap, journey, tempTree } from './run-cli.js';

/**
 * What `journey render` takes beyond its bundles, as it starts (bench/cli.bench.ts times it): a module
 * loaded from disk is resolved, read and compiled on every run, and an Intl.Segmenter costs ~20 ms to
 * make. A map written in ASCII and Latin letters needs neither (text.ts measures it without the segmenter).
 */
describe('journey render takes only what it uses', () => {
    const hook = join(fileURLToPath(new URL('.', import.meta.url)), 'record-requires.cjs');

    /** The lines record-requires.cjs wrote for a render of `map` to `format`. */
    async function taken(map: string, format: string): Promise<string[]> {
        const folder = tempTree({ 'map.journey': map });
        const list = join(folder, 'taken.txt');
        const run = await journey(['render', 'map.journey', '-f', format, '-o', `map.${format}`], {
            cwd: folder, env: { NODE_OPTIONS: `--require "${hook}"`, JOURNEY_REQUIRES_FILE: list, JOURNEY_CACHE_DIR: 'off' }
        });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        return existsSync(list) ? readFileSync(list, 'utf8').split('\n').filter(line => line !== '') : [];
    }

    it('-f svg of a map in Latin letters, with targets (drawn with ≥ and ≤): no module from disk, no grapheme segmenter', async () => {
        const map = cleanMap('  metric Conversion "Taux de conversion" in Achat target >= 80% actual 75%\n  metric Attente "Attente" in Achat target <= 5 unit "min"\n');
        expect(await taken(map, 'svg')).toEqual([]);
    });

    it('-f png: resvg, from disk (its native binary cannot be bundled), and nothing else', async () => {
        const required = (await taken(cleanMap(), 'png')).map(line => line.replace(/\\/g, '/'));
        expect(required.length).toBeGreaterThan(0);
        expect(required.filter(line => !/^require .*\/node_modules\/@resvg\//.test(line))).toEqual([]);
    });

    it('a map with an emoji in a label still gets its segmenter (the record sees one when it is made)', async () => {
        const taken_ = await taken(cleanMap().replace(/"([^"]*)"/, '"$1 👍🏽"'), 'svg');
        expect(taken_.filter(line => line.startsWith('Intl.Segmenter'))).toHaveLength(1);
    });
});
