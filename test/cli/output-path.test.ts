// `-o` (and diff's `--render`) naming a folder where a regular file is, or a path under one: a
// usage/IO error naming the path with exit code 2, as any other unwritable -o, never an
// "Internal error" (mkdir's EEXIST, ENOTDIR) and never the file overwritten.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, journey, tempTree } from './run-cli.js';

const two = readFileSync(join(EXAMPLES, 'banque-actuel.journey'), 'utf8');
const twoIdeal = readFileSync(join(EXAMPLES, 'banque-cible.journey'), 'utf8');
const one = `journey J "J" { stage S "S" { touchpoint T "T" { } } }\n`;

/** A folder with maps and `afile`, a regular file in the way of `-o afile/`. */
function workspace(): string {
    return tempTree({ 'a.journey': two, 'b.journey': twoIdeal, 'one.journey': one, afile: 'keep me\n' });
}

function expectRefused(run: { code: number | null, stderr: string }, path: string, root: string): void {
    expect(run.stderr).not.toMatch(/Internal error|This is a bug/);
    expect(run.stderr).toContain(`cannot write '${path}'`);
    expect(run.code).toBe(2);
    expect(readFileSync(join(root, 'afile'), 'utf8')).toBe('keep me\n');
}

describe('-o into a path a regular file is in the way of', () => {
    test('render of several journeys into afile/', async () => {
        const root = workspace();
        const run = await journey(['render', '.', '-o', 'afile/'], { cwd: root });
        expectRefused(run, 'afile/', root);
        expect(run.stderr).toMatch(/cannot write 'afile\/' \(not a folder: a file is in the way\)/);
    });

    test('render of one journey into afile/ and into afile/sub/', async () => {
        const root = workspace();
        expectRefused(await journey(['render', 'one.journey', '-o', 'afile/'], { cwd: root }), 'afile/', root);
        expectRefused(await journey(['render', '.', '-o', 'afile/sub/'], { cwd: root }), 'afile/sub/', root);
    });

    test('render, export and compare to a file under afile', async () => {
        const root = workspace();
        expectRefused(await journey(['render', 'one.journey', '-o', 'afile/x.svg'], { cwd: root }), 'afile/x.svg', root);
        expectRefused(await journey(['export', 'one.journey', '-o', 'afile/x.csv'], { cwd: root }), 'afile/x.csv', root);
        expectRefused(await journey(['compare', 'a.journey', 'b.journey', '-o', 'afile/x.md'], { cwd: root }), 'afile/x.md', root);
    });

    test('compare and diff -o afile/ (a folder named) do not overwrite the file', async () => {
        const root = workspace();
        expectRefused(await journey(['compare', 'a.journey', 'b.journey', '-o', 'afile/'], { cwd: root }), 'afile/', root);
        expectRefused(await journey(['diff', 'a.journey', 'b.journey', '-o', 'afile/'], { cwd: root }), 'afile/', root);
    });

    test('diff --render afile and afile/sub', async () => {
        const root = workspace();
        expectRefused(await journey(['diff', 'a.journey', 'b.journey', '--render', 'afile'], { cwd: root }), 'afile', root);
        expectRefused(await journey(['diff', 'a.journey', 'b.journey', '--render', 'afile/sub'], { cwd: root }), 'afile/sub', root);
    });
});

// `-o` into folders that do not exist yet makes them, as most CLIs do (the write stays atomic).
describe('-o into a folder that does not exist yet', () => {
    test('render, export, compare and diff make the folders', async () => {
        const root = workspace();
        const runs = [
            await journey(['render', 'one.journey', '-o', 'a/b/x.svg'], { cwd: root }),
            await journey(['export', 'one.journey', '-o', 'missing/dir/x.json'], { cwd: root }),
            await journey(['compare', 'a.journey', 'b.journey', '-o', 'c/d/x.html'], { cwd: root }),
            await journey(['diff', 'a.journey', 'b.journey', '-o', 'e/f/report.md'], { cwd: root })
        ];
        for (const run of runs) expect(run.stderr).toBe('');
        expect(runs.map(run => run.code)).toEqual([0, 0, 0, expect.any(Number)]);
        expect(readFileSync(join(root, 'a/b/x.svg'), 'utf8')).toContain('</svg>');
        expect(JSON.parse(readFileSync(join(root, 'missing/dir/x.json'), 'utf8'))).toBeTypeOf('object');
        expect(readFileSync(join(root, 'c/d/x.html'), 'utf8')).toMatch(/<html/i);
        expect(readFileSync(join(root, 'e/f/report.md'), 'utf8')).not.toBe('');
    });

    test('a folder under a regular file still says which -o it cannot write, exit 2', async () => {
        const root = workspace();
        expectRefused(await journey(['export', 'one.journey', '-o', 'afile/sub/x.json'], { cwd: root }), 'afile/sub/x.json', root);
    });
});
