// A map that is not UTF-8 somewhere in the folder no longer stops render, export, compare and
// preview of the other maps: it is left out with a warning naming file:line:column (as lint's
// diagnostic does), unless the user named that file (then it stays an error, exit 2).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, startPreview, tempTree } from './run-cli.js';
import { subscribe } from '../render-export/preview-server.js';

const A = 'journey A "A" { stage S "S" { touchpoint T "T" { emotion 1 } } }\n';
const B = 'journey B "B" { stage S "S" { touchpoint T "T" { emotion -1 } } }\n';
/** `Café` in Latin-1: byte 0xE9 at line 2, column 20. */
const LATIN1 = Buffer.concat([Buffer.from('// old export\njourney C "Caf'), Buffer.from([0xe9]), Buffer.from('" { stage S "S" { } }\n')]);

function folder(): string {
    const root = tempTree({ 'a.journey': A, 'b.journey': B, 'sub/.keep': '' });
    writeFileSync(join(root, 'sub/latin1.journey'), LATIN1);
    return root;
}

const WARNING = /^sub\/latin1\.journey:2:15: warning: byte 0xE9 is not UTF-8/m;

/** How many times the warning is printed: once per run, however many times the map is met. */
function warnings(stderr: string): number {
    return stderr.split('\n').filter(line => WARNING.test(line)).length;
}

describe('a map that is not UTF-8 beside the ones asked for', () => {
    test('render, export and compare of other maps go on, with one warning naming file:line:column', async () => {
        const root = folder();
        const render = await journey(['render', 'a.journey', '-f', 'svg'], { cwd: root });
        expect(render.stderr).toMatch(WARNING);
        expect([render.code, render.stdout.includes('</svg>')]).toEqual([0, true]);
        const exported = await journey(['export', 'a.journey', '-f', 'json'], { cwd: root });
        expect(exported.stderr).toMatch(WARNING);
        expect(exported.code).toBe(0);
        expect(JSON.parse(exported.stdout).journeys.map((j: { id: string }) => j.id)).toEqual(['A']);
        const compare = await journey(['compare', 'a.journey', 'b.journey', '-f', 'json'], { cwd: root });
        expect(compare.stderr).toMatch(WARNING);
        expect(compare.code).toBe(0);
        expect([render, exported, compare].map(run => warnings(run.stderr))).toEqual([1, 1, 1]);
        // compare with no arguments finds the state current and ideal maps: the one not UTF-8 is left out.
        writeFileSync(join(root, 'a.journey'), A.replace('{ stage', '{ state current stage'));
        writeFileSync(join(root, 'b.journey'), B.replace('{ stage', '{ state ideal stage'));
        const found = await journey(['compare', '-f', 'json'], { cwd: root });
        expect(found.stderr).toMatch(WARNING);
        expect(found.code).toBe(0);
    });

    test('a folder or glob given: the map is left out of it, the others drawn', async () => {
        const root = folder();
        const render = await journey(['render', '.', '-o', 'out/'], { cwd: root });
        expect(render.stderr).toMatch(WARNING);
        expect(render.code).toBe(0);
        expect([existsSync(join(root, 'out/A.svg')), existsSync(join(root, 'out/B.svg'))]).toEqual([true, true]);
        expect(warnings(render.stderr)).toBe(1);
        const exported = await journey(['export', '**/*.journey', '-f', 'json'], { cwd: root });
        expect(exported.stderr).toMatch(WARNING);
        expect(JSON.parse(exported.stdout).journeys.map((j: { id: string }) => j.id)).toEqual(['A', 'B']);
    });

    test('the map named by the user stays an error (exit 2) at its file:line:column', async () => {
        const root = folder();
        for (const args of [['render', 'sub/latin1.journey', '-f', 'svg'], ['export', 'sub/latin1.journey', '-f', 'json'], ['compare', 'a.journey', 'sub/latin1.journey', '-f', 'json']]) {
            const run = await journey(args, { cwd: root });
            expect(run.code).toBe(2);
            expect(run.stderr).toContain('sub/latin1.journey:2:15: byte 0xE9 is not UTF-8');
            expect(run.stderr).not.toMatch(/warning/);
        }
    });

    test('in French, the map\'s language (its journey.config.json), as lint\'s diagnostic', async () => {
        const root = folder();
        writeFileSync(join(root, 'journey.config.json'), '{ "locale": "fr" }');
        const run = await journey(['render', 'a.journey', '-f', 'svg'], { cwd: root });
        expect(run.code).toBe(0);
        expect(run.stderr).toMatch(/^sub\/latin1\.journey:2:15: avertissement\u00a0: l'octet 0xE9 n'est pas de l'UTF-8, la carte est laissée de côté/m);
    });

    test('journey preview draws the map asked for', async () => {
        const root = folder();
        const preview = await startPreview('a.journey', root);
        try {
            const page = await (await fetch(preview.url)).text();
            const secret = /<meta name="journey-preview-secret" content="([^"]+)">/.exec(page)![1];
            const sse = subscribe(`${preview.url}events?secret=${encodeURIComponent(secret)}`);
            await sse.until(1);
            expect(sse.events[0].diagrams.map(d => d.id)).toEqual(['A']);
            expect(sse.events[0].errors).toEqual([]);
            sse.close();
            expect(preview.stderr()).toMatch(WARNING);
        } finally {
            preview.child.kill('SIGINT');
        }
        expect(await preview.exited).toBe(0);
    });
});
