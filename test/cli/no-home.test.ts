// A user with no home folder (HOME unset and no passwd entry: a container's or CI sandbox's
// arbitrary uid, where os.homedir() throws "uv_os_homedir returned ENOENT"): lint and render
// run, with no cache (src/cli/elk-cache.ts journeyCacheFolder), never an internal error.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { journeyCacheFolder } from '../../src/cli/elk-cache.js';
import { isNoProjectFolder } from '../../src/node/workspace-root.js';
import { EXAMPLES, REPO } from './run-cli.js';

vi.mock('node:os', async original => {
    const actual = await original<typeof import('node:os')>();
    return { ...actual, homedir: vi.fn(actual.homedir) };
});
const homedir = vi.mocked(os.homedir);
const noHome = () => {
    throw Object.assign(new Error('A system error occurred: uv_os_homedir returned ENOENT (no such file or directory)'), { code: 'ERR_SYSTEM_ERROR' });
};

/** A folder with no node_modules above it (the temporary folder's), so the user's cache folder would be asked for. */
const root = mkdtempSync(join(os.tmpdir(), 'journey-no-home-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => homedir.mockReset());

describe('journeyCacheFolder with os.homedir() failing', () => {
    test('no cache: undefined, unless XDG_CACHE_HOME or JOURNEY_CACHE_DIR names one', () => {
        homedir.mockImplementation(noHome);
        expect(existsSync(join(root, 'node_modules'))).toBe(false);
        if (os.platform() !== 'win32') expect(journeyCacheFolder(root, {})).toBeUndefined();
        expect(journeyCacheFolder(root, { XDG_CACHE_HOME: '/var/cache/ci', LOCALAPPDATA: 'C:\\Cache' })).toMatch(/journey$/);
        expect(journeyCacheFolder(root, { JOURNEY_CACHE_DIR: 'kept' })).toBe(join(root, 'kept'));
    });

    test('JOURNEY_CACHE_DIR=off does not ask for the home folder at all', () => {
        homedir.mockImplementation(noHome);
        expect(journeyCacheFolder(root, { JOURNEY_CACHE_DIR: 'off' })).toBeUndefined();
        expect(homedir).not.toHaveBeenCalled();
    });

    test('isNoProjectFolder (asked by every lint) still answers, from the temporary folder alone', () => {
        homedir.mockImplementation(noHome);
        expect(isNoProjectFolder(join(root, 'project-without-home'))).toBe(false);
        expect(isNoProjectFolder(os.tmpdir())).toBe(true);
    });
});

/** A uid with no passwd entry, so that Node finds no home folder once HOME is unset. */
const UID = 12345;
const hasPasswdEntry = (uid: number) => readFileSync('/etc/passwd', 'utf8').split('\n').some(line => line.split(':')[2] === String(uid));
const setpriv = spawnSync('setpriv', ['--version']).status === 0;
const skipReason = process.platform !== 'linux' ? 'not Linux'
    : process.getuid?.() !== 0 ? 'not root: only root can run node as a uid without a passwd entry (setpriv --reuid)'
    : !setpriv ? 'no setpriv (util-linux) to switch user'
    : hasPasswdEntry(UID) ? `uid ${UID} has a passwd entry` : undefined;

describe.skipIf(skipReason !== undefined)(`the real CLI as a user with no home folder${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    const map = readFileSync(join(EXAMPLES, 'en/bank-loan.journey'), 'utf8');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
        const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', ...env };
        delete childEnv.HOME;
        delete childEnv.XDG_CACHE_HOME;
        return spawnSync('setpriv', [`--reuid=${UID}`, `--regid=${UID}`, '--clear-groups', process.execPath, join(REPO, 'bin/journey.js'), ...args], { cwd: root, env: childEnv, encoding: 'utf8' });
    };
    writeFileSync(join(root, 'x.journey'), map);
    chmodSync(root, 0o755);

    test('the uid really has no home folder', () => {
        const home = spawnSync('setpriv', [`--reuid=${UID}`, 'env', '-u', 'HOME', process.execPath, '-e', 'require("os").homedir()'], { encoding: 'utf8' });
        expect(home.stderr).toMatch(/uv_os_homedir returned ENOENT/);
    });

    for (const env of [{}, { JOURNEY_CACHE_DIR: 'off' }]) {
        test(`lint and render ${Object.keys(env).length ? 'with JOURNEY_CACHE_DIR=off' : 'with the default cache folder'}`, () => {
            const lint = run(['lint', 'x.journey'], env);
            expect(lint.stderr).not.toMatch(/Internal error|uv_os_homedir/);
            expect(lint.status).toBe(0);
            const render = run(['render', 'x.journey'], env);
            expect(render.stderr).not.toMatch(/Internal error|uv_os_homedir/);
            expect([render.status, render.stdout.includes('<svg ')]).toEqual([0, true]);
            // No cache written anywhere under the folder (no node_modules here, no home to keep one in).
            expect(existsSync(join(root, 'node_modules'))).toBe(false);
        });
    }
});
