import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, tempTree } from './run-cli.js';

const messy = 'team A "A"\njourney J "J" { stage S "S" { touchpoint T "T" { owner A } } }';
const formatted = 'team A "A"\njourney J "J" {\n  stage S "S" {\n    touchpoint T "T" { owner A }\n  }\n}\n';

describe('journey format --write never loses or misplaces text', () => {
    test('a read-only file is reported without a stack trace, and the other files are still formatted', async () => {
        const root = tempTree({ 'a.journey': messy, 'b.journey': messy });
        chmodSync(join(root, 'a.journey'), 0o444);
        const run = await journey(['format', '--write', 'a.journey', 'b.journey'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe('a.journey: cannot write: the file is read-only\n');
        expect(run.stdout).toBe('formatted b.journey\n');
        expect(readFileSync(join(root, 'a.journey'), 'utf8')).toBe(messy);
        expect(readFileSync(join(root, 'b.journey'), 'utf8')).toBe(formatted);
    });

    test('Latin-1 bytes are refused with file, line and column, and the file is left as it was', async () => {
        const latin1 = Buffer.from('team A "A"\nteam B "Caf\u00e9"\njourney J {  }\n', 'latin1');
        const root = tempTree({});
        writeFileSync(join(root, 'latin.journey'), latin1);
        const run = await journey(['format', '--write', 'latin.journey'], { cwd: root });
        expect(run.code).toBe(2);
        expect(run.stderr).toBe('latin.journey:2:12: cannot format: byte 0xE9 is not UTF-8 (save the file as UTF-8)\n');
        expect(readFileSync(join(root, 'latin.journey')).equals(latin1)).toBe(true);
    });

    test('a byte order mark is kept', async () => {
        const root = tempTree({ 'bom.journey': `\uFEFF${messy}` });
        expect((await journey(['format', '--write', 'bom.journey'], { cwd: root })).code).toBe(0);
        expect(readFileSync(join(root, 'bom.journey'), 'utf8')).toBe(`\uFEFF${formatted}`);
        expect((await journey(['format', '--check', 'bom.journey'], { cwd: root })).code).toBe(0);
    });

    test('a symbolic link leading out of the folder is not written through', async () => {
        const root = tempTree({ 'outside/victim.journey': messy, 'ws/own.journey': messy });
        symlinkSync(join(root, 'outside/victim.journey'), join(root, 'ws/link.journey'));
        const run = await journey(['format', '--write', 'link.journey', 'own.journey'], { cwd: join(root, 'ws') });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^link\.journey: cannot write: a symbolic link to '.*victim\.journey', outside its folder/);
        expect(readFileSync(join(root, 'outside/victim.journey'), 'utf8')).toBe(messy);
        expect(readFileSync(join(root, 'ws/own.journey'), 'utf8')).toBe(formatted);
    });

    test('what lint reports is the same after formatting (journey-disable-next-line keeps its statement)', async () => {
        const map = 'persona P "P"\nchannel C "C" digital\nteam O "O"\njourney J { stage S {\n'
            + '    // journey-disable-next-line\n    touchpoint T\n    { emotion 9 }\n'
            + '    // journey-disable-next-line emotion-range\n    touchpoint U { emotion 7 next Nowhere\n    }\n  }\n}\n';
        const root = tempTree({ 'map.journey': map });
        const lint = async () => {
            const run = await journey(['lint', '--format', 'json', 'map.journey'], { cwd: root });
            const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
            return { code: run.code, messages: result.messages.map(m => `${m.ruleId}: ${m.message}`).sort() };
        };
        const before = await lint();
        expect(before.messages.some(m => m.startsWith('emotion-range'))).toBe(true);
        expect((await journey(['format', '--write', 'map.journey'], { cwd: root })).code).toBe(0);
        expect(readFileSync(join(root, 'map.journey'), 'utf8')).not.toBe(map);
        expect(await lint()).toEqual(before);
    });

    // A real full disk: a small tmpfs (needs root and mount; skipped elsewhere).
    const canMount = (() => {
        if (process.getuid?.() !== 0) return false;
        const probe = tempTree({});
        try {
            execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
            execFileSync('umount', [probe], { stdio: 'ignore' });
            return true;
        } catch {
            return false;
        }
    })();

    test.skipIf(!canMount)('a disk that fills up midway leaves the map whole (tmpfs)', async () => {
        const root = tempTree({});
        const disk = join(root, 'disk');
        mkdirSync(disk);
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]);
        try {
            const stage = (i: number) => `stage S${i} "S" { touchpoint T${i} "T" { action "a" description "d" } goal "g" }\n`;
            const map = `journey J "J" {\n${Array.from({ length: 150 }, (_, i) => stage(i)).join('')}}\n`;
            writeFileSync(join(disk, 'map.journey'), map);
            // Leave less room than the formatted map needs (it grows by its indentation).
            const { bavail, bsize } = statfsSync(disk);
            writeFileSync(join(disk, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 8192)));
            const run = await journey(['format', '--write', 'map.journey'], { cwd: disk });
            expect(run.code).toBe(2);
            expect(run.stderr).toBe('map.journey: cannot write: ENOSPC: no space left on device\n');
            expect(readFileSync(join(disk, 'map.journey'), 'utf8')).toBe(map);
        } finally {
            execFileSync('umount', [disk]);
            rmSync(disk, { recursive: true, force: true });
        }
    });
});

describe('render, export and import -o write whole files too', () => {
    test('a read-only output is a clear error, not a stack trace, and stays as it was', async () => {
        const root = tempTree({ 'in.mmd': 'journey\n  title T\n  section S\n    Do: 5: Me\n', 'out.journey': 'old' });
        chmodSync(join(root, 'out.journey'), 0o444);
        const run = await journey(['import', 'in.mmd', '-o', 'out.journey'], { cwd: root });
        expect([run.code, run.stderr]).toEqual([2, "journey import: cannot write 'out.journey' (the file is read-only)\n"]);
        expect(readFileSync(join(root, 'out.journey'), 'utf8')).toBe('old');
    });

    test('an output that is a symbolic link leading out of the folder is refused', async () => {
        const root = tempTree({ 'outside/.bashrc': 'keep', 'ws/in.mmd': 'journey\n  title T\n  section S\n    Do: 5: Me\n' });
        symlinkSync(join(root, 'outside/.bashrc'), join(root, 'ws/out.journey'));
        const run = await journey(['import', 'in.mmd', '-o', 'out.journey'], { cwd: join(root, 'ws') });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/cannot write 'out\.journey' \(a symbolic link to '.*\.bashrc', outside its folder/);
        expect(readFileSync(join(root, 'outside/.bashrc'), 'utf8')).toBe('keep');
    });
});

describe('a map that cannot be read: format, render and export stop where lint (and the editor) point', () => {
    const map = `journey J "J" {
  stage A "A" {
    touchpoint T "T" {
      emotion 1
    }

  stage B "B" {
    touchpoint U "U" { emotion 0 }
  }
}
`;
    const CASES: [string, string][] = [
        ['a stage left open, noticed at the next stage', map],
        ['the file ends before the journey closes', map.replace(/\}\n$/, '').replace('stage A "A" {\n    touchpoint T "T" {\n      emotion 1\n    }\n', 'stage A "A" {\n    touchpoint T "T" {\n      emotion 1\n    }\n  }\n')],
        ['a value missing at the end of a line', 'journey J "J" {\n  stage A "A" {\n    touchpoint T "T" {\n      emotion\n    }\n  }\n}\n']
    ];
    // Each case's map in a folder of its own, all linted by one process: a syntax error is the file's
    // own (its parse), whatever else is linted beside it. Format, render and export each run per map.
    const folders = CASES.map(([, text]) => tempTree({ 'map.journey': text }));
    let linted: Promise<{ filePath: string, messages: { ruleId: string, line: number, column: number, message: string }[] }[]> | undefined;
    const firstSyntaxError = async (root: string) => {
        linted ??= journey(['lint', '-f', 'json', ...folders.map(folder => join(folder, 'map.journey'))]).then(run => JSON.parse(run.stdout));
        const [first] = (await linted).find(result => result.filePath === join(root, 'map.journey'))!.messages.filter(m => m.ruleId === 'syntax');
        return first;
    };

    test.each(CASES.map(([what], index) => [what, index] as const))('%s', async (_, index) => {
        const root = folders[index];
        const first = await firstSyntaxError(root);
        const place = `map.journey:${first.line}:${first.column}: `;
        const format = await journey(['format', 'map.journey'], { cwd: root });
        expect(format.stderr).toBe(`${place}cannot format: ${first.message}\n`);
        for (const command of [['render', 'map.journey'], ['export', 'map.journey', '-f', 'json']]) {
            const run = await journey(command, { cwd: root });
            expect(run.code).toBe(1);
            expect(run.stderr).toContain(place);
        }
    });
});
