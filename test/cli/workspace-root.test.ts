// How much of the file system finding workspace roots asks for: the rule runs for every folder of
// every command (src/node/workspace-root.ts, src/cli/find-files.ts), so what is known is not asked again.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { IgnoreRules, workspaceFilesUnder } from '../../src/cli/find-files.js';
import { workspaceRootOf } from '../../src/node/workspace-root.js';
import { cleanMap, tempTree } from './run-cli.js';

type Spied = 'existsSync' | 'realpathSync';
const originals = { existsSync: fs.existsSync, realpath: fs.realpathSync.native };
afterEach(() => {
    fs.existsSync = originals.existsSync;
    fs.realpathSync.native = originals.realpath;
    syncBuiltinESMExports();
});

/** The paths `fn` asks fs.existsSync or fs.realpathSync.native about, in order. */
function asked(which: Spied, fn: () => void): string[] {
    const paths: string[] = [];
    if (which === 'existsSync') {
        fs.existsSync = (path => { paths.push(String(path)); return originals.existsSync(path); }) as typeof fs.existsSync;
    } else {
        fs.realpathSync.native = ((path: fs.PathLike, options?: unknown) => { paths.push(String(path)); return originals.realpath(path, options as undefined); }) as typeof fs.realpathSync.native;
    }
    syncBuiltinESMExports();
    fn();
    return paths;
}

describe('workspaceRootOf', () => {
    test('whether the current folder is a project\'s folder (not home, temporary or above) is decided once, not for each unmarked folder', () => {
        const cwd = tempTree(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}/a.journey`, cleanMap()])));
        const paths = asked('realpathSync', () => {
            for (let i = 0; i < 10; i++) expect(workspaceRootOf(join(cwd, `f${i}`), cwd)).toBe(cwd);
        });
        expect(paths.filter(path => path === homedir() || path === tmpdir())).toHaveLength(2);
    });
});

describe('workspaceFilesUnder', () => {
    test('a root is not looked up again: the maps directly in it are of it', () => {
        const root = tempTree({ 'journey.config.json': '{}', 'a.journey': cleanMap(), 'b.journey': cleanMap() });
        let files: string[] = [];
        const paths = asked('existsSync', () => { files = workspaceFilesUnder(root, new IgnoreRules(root), root); });
        expect(files.map(file => basename(file)).sort()).toEqual(['a.journey', 'b.journey']);
        // Once, to know whether it is a marked root (whose subfolders are walked), not again for its own maps.
        expect(paths.filter(path => path === join(root, 'journey.config.json'))).toHaveLength(1);
    });
});
