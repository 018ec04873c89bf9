// Inputs lint cannot read: a folder it may not list (as another user: root lists every folder),
// and a symbolic link loop. Each is a usage or I/O error (exit 2) naming the path, as a file
// that cannot be read is; never a folder skipped in silence, which passed CI with maps unchecked.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journey, REPO, tempTree } from './run-cli.js';

const GOOD = 'journey Ok "o" {\n  description " "\n}\n';
const BAD = 'journey Bad "b" {\n  stage S "s" { touchpoint T "t" { emotion 9 } }\n}\n';

/** A uid with no passwd entry, as test/cli/no-home.test.ts runs the CLI as. */
const UID = 12346;
const hasPasswdEntry = (uid: number) => readFileSync('/etc/passwd', 'utf8').split('\n').some(line => line.split(':')[2] === String(uid));
const skipReason = process.platform !== 'linux' ? 'not Linux'
    : process.getuid?.() !== 0 ? 'not root: only root can run node as another uid (setpriv --reuid)'
    : spawnSync('setpriv', ['--version']).status !== 0 ? 'no setpriv (util-linux) to switch user'
    : hasPasswdEntry(UID) ? `uid ${UID} has a passwd entry` : undefined;

describe.skipIf(skipReason !== undefined)(`a folder lint may not list${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    const root = tempTree({ 'journey.config.json': '{}\n', 'ok.journey': GOOD, 'locked/bad.journey': BAD, 'ignored/bad.journey': BAD, '.gitignore': 'ignored/\n' });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    chmodSync(join(root, 'ignored'), 0o000);
    /** `journey ...args` in the folder, as a user who may not list `locked` (its HOME elsewhere, so no cache is written). */
    const asOther = (args: string[]) => spawnSync('setpriv', [`--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', process.execPath, join(REPO, 'bin/journey.js'), ...args],
        { cwd: root, env: { ...process.env, NO_COLOR: '', HOME: '/nonexistent', JOURNEY_CACHE_DIR: 'off' }, encoding: 'utf8' });

    test.each([
        ['the current folder', ['lint']],
        ['the folder given', ['lint', '.']],
        ['the folder given, on two threads', ['lint', '.', '--threads', '2']],
        ['a glob', ['lint', '**/*.journey']],
        ['the folder itself', ['lint', 'locked']]
    ])('%s: a usage or I/O error naming the folder (exit 2)', (_label, args) => {
        const run = asOther(args);
        expect(run.stderr).toBe("journey lint: cannot read folder 'locked' (EACCES: permission denied)\n");
        expect([run.status, run.stdout]).toEqual([2, '']);
    });

    test('a folder the ignore files leave out is not listed, so not reported', () => {
        const run = asOther(['lint', '.', '--ignore-pattern', 'locked']);
        expect([run.status, run.stderr]).toEqual([0, '']);
    });

    test("a map given alone: its workspace's unreadable folder is left out of the names, as an unreadable map is", () => {
        const run = asOther(['lint', 'ok.journey']);
        expect([run.status, run.stderr]).toEqual([0, '']);
    });
});

describe('a symbolic link loop', () => {
    const root = tempTree({ 'journey.config.json': '{}\n', 'ok.journey': GOOD });
    symlinkSync('b.journey', join(root, 'a.journey'));
    symlinkSync('a.journey', join(root, 'b.journey'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));

    test.each([['a.journey'], ['loop-a']])('given (%s): says so, with the path (exit 2)', async arg => {
        const run = await journey(['lint', arg], { cwd: root });
        expect(run.stderr).toBe(`journey lint: cannot read '${arg}' (ELOOP: too many symbolic links encountered)\n`);
        expect([run.code, run.stdout]).toEqual([2, '']);
    });

    test('met in a folder walk: skipped, the other maps linted', async () => {
        for (const args of [['lint', '.'], ['lint'], ['lint', '*.journey']]) {
            const run = await journey([...args, '--format', 'json'], { cwd: root });
            expect([run.code, run.stderr]).toEqual([0, '']);
            expect((JSON.parse(run.stdout) as { filePath: string }[]).map(file => file.filePath)).toEqual([join(root, 'ok.journey')]);
        }
    });
});
