// The one rule for where a map's workspace is rooted (README, "Every map has one workspace root"),
// shared by the CLI (src/cli/find-files.ts, workspace-groups.ts) and the language server
// (src/server/workspace-roots.ts): both must split a folder into the same workspaces.
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { projectFolderOf, projectOf } from '../language/config.js';
import { homeFolder } from './home-folder.js';

/**
 * The folder a workspace is rooted at for a file in `folder`: the nearest folder up holding
 * `journey.config.json`, else the git root, else `cwd` when `folder` is under it (the folder
 * `journey` runs from stands for the folder an editor opened, whose maps are all one workspace)
 * and it is a project's folder, else `folder` itself (a folder reached through a symbolic link: its real
 * folder's journey.config.json or git root, see `markedRootOf`). Every map has one root, and a workspace is
 * the maps of one root: every command, every file given and the editor see the same workspaces.
 * The root is spelled as `folder` is (through the same symbolic links), so that the maps listed
 * under it are named as the files given are.
 */
export function workspaceRootOf(folder: string, cwd: string): string {
    return markedRootOf(folder) ?? (isNoProjectFolder(cwd) ? undefined : cwdAsSpelledIn(folder, cwd)) ?? folder;
}

/**
 * `cwd` spelled as in `folder` when `folder` is `cwd` or below it, else undefined. Compared by real paths:
 * process.cwd() is the real folder, while a shell in a symbolic link passes paths through the link
 * (`$PWD/maps/a.journey`), and an editor may open a folder through one.
 */
function cwdAsSpelledIn(folder: string, cwd: string): string | undefined {
    if (isInside(folder, cwd)) return resolve(cwd);
    const realCwd = realPath(cwd);
    if (!isInside(realPath(folder), realCwd)) return undefined;
    return nearestUp(folder, f => realPath(f) === realCwd);
}

/** Whether `a` and `b` are the same folder, through symbolic links or not. */
export function sameFolder(a: string, b: string): boolean {
    return resolve(a) === resolve(b) || realPath(a) === realPath(b);
}

/** The path with symbolic links resolved; as it is when it cannot be (it does not exist). */
export function realPath(path: string): string {
    try {
        return realpathSync.native(path);
    } catch {
        return resolve(path);
    }
}

/**
 * Whether `cwd` is the home folder, the temporary folder, a folder above either or a filesystem
 * root: no project's folder, and walking it for a workspace would walk a whole home, every
 * program's temporary files or a disk (minutes from `/` or a busy `/tmp`).
 */
export function isNoProjectFolder(cwd: string): boolean {
    // Asked for each unmarked folder of a command (and of the editor's opened folders): decided once per folder.
    // A user may have no home folder (HOME unset, no passwd entry): then the temporary folder alone.
    const shared = [homeFolder(), tmpdir()].filter(path => path !== undefined);
    const key = [cwd, ...shared].join('\0');
    let answer = noProjectFolders.get(key);
    if (answer === undefined) {
        const folder = realPath(cwd);
        noProjectFolders.set(key, answer = dirname(folder) === folder || shared.some(path => isInside(realPath(path), folder)));
    }
    return answer;
}
/** `isNoProjectFolder`'s answers, by current folder, home and temporary folder (a few in a process: the CLI's one, the editor's opened folders). */
const noProjectFolders = new Map<string, boolean>();

/**
 * The nearest folder up holding journey.config.json, else the git root, else undefined (`workspaceRootOf`
 * without its fallbacks), up from `projectFolderOf(folder)`: a folder reached through a symbolic link is
 * of its real folder's project (the holding project's walk does not follow links, so that its workspace
 * does not hold the maps the link leads to), unless the real folder has none or it is the link's own
 * project or git repository. The severities are looked up the same way (config.ts). The root is spelled
 * as `folder` is where `folder` goes through it (a project reached through a link).
 */
export function markedRootOf(folder: string): string | undefined {
    const walked = projectFolderOf(folder);
    const root = projectOf(walked);
    if (root === undefined || walked === resolve(folder)) return root;
    return nearestUp(folder, f => realPath(f) === root) ?? root;
}

/** The nearest of `folder` and the folders above it that passes `test`. */
export function nearestUp(folder: string, test: (folder: string) => boolean): string | undefined {
    for (let current = resolve(folder); ; current = dirname(current)) {
        if (test(current)) return current;
        if (dirname(current) === current) return undefined;
    }
}

/** Whether `path` is `folder` or below it, as spelled (`..x`, a name starting with two dots, is below). */
export function isInside(path: string, folder: string): boolean {
    const rel = relative(folder, path);
    return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}
