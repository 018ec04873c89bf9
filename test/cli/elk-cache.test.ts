import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { ELK_CACHE_LIMIT } from '../../src/cli/elk-cache.js';
import { journey, tempTree } from './run-cli.js';

/**
 * A 60-touchpoint map with `next` flows and cells holding several cards: ELK decides their
 * order. One branch (P0 goes to P1 and P3): a plain chain in source order is not given to
 * ELK at all (src/diagram/elk-order.ts).
 */
function project() {
    return tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 60).replace(/next P1\b/, 'next P1, P3') });
}

/** Three flows that cross unless ELK reorders the second stage's cards (it puts B3 above B1). */
function crossing() {
    const touchpoint = (name: string, next?: string) => `    touchpoint ${name} { channel Web personas Ana owner Ops emotion 0${next ? ` next ${next}` : ''} }`;
    return tempTree({
        'map.journey': [
            'persona Ana "Ana" { goal "g" }', 'channel Web "Web" digital', 'team Ops "Ops"',
            'journey Crossing "Crossing" {',
            '  stage S1 "S1" { goal "g"', touchpoint('A1', 'B3'), touchpoint('A2', 'B2'), touchpoint('A3', 'B1'), '  }',
            '  stage S2 "S2" { goal "g"', touchpoint('B1'), touchpoint('B2'), touchpoint('B3'), '  }',
            '}', ''
        ].join('\n'),
        blocked: 'a file, not a folder'
    });
}

/** ELK's kept answers in `folder` (not the marks of maps drawn with them: elk-guess.ts). */
function answers(folder: string): string[] {
    return readdirSync(folder).filter(name => !name.endsWith('.drawn.json'));
}

async function render(folder: string, cacheDir: string, env: NodeJS.ProcessEnv = {}) {
    const run = await journey(['render', 'map.journey', '-f', 'svg'], { cwd: folder, env: { JOURNEY_CACHE_DIR: cacheDir, ...env } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run.stdout;
}

/**
 * The SVG of project()'s map drawn without a cache (ELK run), rendered once for the file: the
 * tests that compare cold and warm renders with it each make their own project() to render in.
 */
let projectSvg: Promise<string> | undefined;
function projectWithoutCache(): Promise<string> {
    return projectSvg ??= (async () => {
        const folder = project();
        const svg = await render(folder, 'off');
        expect(readdirSync(folder)).not.toContain('cache');
        return svg;
    })();
}

describe("render keeps ELK's orderings on disk", () => {
    test('crossing flows that ELK untangles: the same SVG with and without the cache, cold and warm', async () => {
        const folder = crossing();
        const withoutCache = await render(folder, 'off');
        const cold = await render(folder, 'cache');
        expect(answers(join(folder, 'cache', 'elk'))).toHaveLength(1);
        expect(cold).toBe(withoutCache);
        expect(await render(folder, 'cache')).toBe(withoutCache);
        // ELK did reorder (B3 above B1), so the kept answer is not just the source order.
        const [name] = answers(join(folder, 'cache', 'elk'));
        const kept = JSON.parse(readFileSync(join(folder, 'cache', 'elk', name), 'utf8')) as { children: { id: string, y: number }[] };
        const y = (id: string) => kept.children.find(child => child.id === `touchpoint:${id}`)!.y;
        expect(y('B3')).toBeLessThan(y('B1'));
    });

    // The answer cannot be kept there: ELK's order all the same, not the source order of a failed ELK.
    test.each(['off', 'on', ''])('a cache folder that cannot be made (a file in its way) changes nothing (JOURNEY_ELK_THREAD=%s)', async thread => {
        const folder = crossing();
        const withoutCache = await render(folder, 'off', { JOURNEY_ELK_THREAD: thread });
        expect(await render(folder, 'blocked/cache', { JOURNEY_ELK_THREAD: thread })).toBe(withoutCache);
        expect(await render(folder, 'blocked/cache', { JOURNEY_ELK_THREAD: thread })).toBe(withoutCache);
        expect(readFileSync(join(folder, 'blocked'), 'utf8')).toBe('a file, not a folder');
    });

    test('cold and warm renders are the same SVG, byte for byte, as one that runs ELK without a cache', async () => {
        const withoutCache = await projectWithoutCache();
        const folder = project();
        const cold = await render(folder, 'cache');
        const kept = answers(join(folder, 'cache', 'elk'));
        expect(kept).toHaveLength(1);
        const warm = await render(folder, 'cache');
        expect(cold).toBe(withoutCache);
        expect(warm).toBe(withoutCache);
    });

    test('a chain in source order (each touchpoint says next to the one after it) is drawn without ELK: nothing of ELK is kept', async () => {
        const folder = tempTree({ 'common.journey': SHARED_DECLARATIONS, 'map.journey': generateMap(0, 60) });
        await render(folder, 'cache');
        // Only render's own compiled code (render-loader.ts): no ordering, no ELK code.
        expect(readdirSync(join(folder, 'cache'))).toEqual(['v8']);
        expect(readdirSync(join(folder, 'cache', 'v8'))).toEqual([expect.stringMatching(/^render-[0-9a-f]{32}-\d+\.bin$/)]);
    });

    test('the warm render reads the kept answer (a changed one changes the picture); a broken one is ignored', async () => {
        const withoutCache = await projectWithoutCache();
        const folder = project();
        await render(folder, 'cache');
        const [name] = answers(join(folder, 'cache', 'elk'));
        const file = join(folder, 'cache', 'elk', name);
        const kept = JSON.parse(readFileSync(file, 'utf8')) as { children: { id: string, x: number, y: number }[] };
        // Mirrored: every cell's cards in the opposite order.
        writeFileSync(file, JSON.stringify({ children: kept.children.map(child => ({ ...child, x: -child.x, y: -child.y })) }));
        expect(await render(folder, 'cache')).not.toBe(withoutCache);
        writeFileSync(file, '{ not json');
        expect(await render(folder, 'cache')).toBe(withoutCache);
        // ... and the broken answer was replaced by ELK's.
        expect(await render(folder, 'cache')).toBe(withoutCache);
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(kept);
    });

    test('the cache stays bounded: past its limit the least recently used answers go, the new one stays', async () => {
        const folder = project();
        const elkDir = join(folder, 'cache', 'elk');
        mkdirSync(elkDir, { recursive: true });
        const old = new Date(Date.now() - 86_400_000);
        for (let i = 0; i < ELK_CACHE_LIMIT + 50; i++) {
            const file = join(elkDir, `${String(i).padStart(64, '0')}.json`);
            writeFileSync(file, '{"children":[]}');
            utimesSync(file, old, old);
        }
        await render(folder, 'cache');
        const left = answers(elkDir);
        expect(left.length).toBeLessThanOrEqual(ELK_CACHE_LIMIT);
        expect(left.length).toBeGreaterThan(ELK_CACHE_LIMIT / 2);
        // The answer just computed is kept; a later render reads it.
        const fresh = left.filter(name => !name.startsWith('0000'));
        expect(fresh).toHaveLength(1);
    });
});

