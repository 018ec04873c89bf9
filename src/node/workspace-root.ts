// The one rule for where a map's workspace is rooted (README, "Every map has one workspace root"),
// shared by the CLI (src/cli/find-files.ts, workspace-groups.ts) and the language server
// (src/server/workspace-roots.ts): both must split a folder into the same workspaces.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAME } from '../language/config.js';

/**
 * The folder a workspace is rooted at for a file in `folder`: the nearest folder up holding
 * `journey.config.json`, else the git root, else `cwd` when `folder` is under it (the folder
 * `journey` runs from stands for the folder an editor opened, whose maps are all one workspace)
 * and it is a project's folder, else `folder` itself. Every map has one root, and a workspace is
 * the maps of one root: every command, every file given and the editor see the same workspaces.
 */
export function workspaceRootOf(folder: string, cwd: string): string {
    return markedRootOf(folder) ?? (isInside(folder, cwd) && !holdsHome(cwd) ? resolve(cwd) : folder);
}

/**
 * Whether `cwd` is the home folder, a folder above it or a filesystem root: no project's folder,
 * and walking it for a workspace would walk a whole home or disk (minutes from `/`).
 */
export function holdsHome(cwd: string): boolean {
    const folder = resolve(cwd);
    return dirname(folder) === folder || isInside(homedir(), folder);
}

/** The nearest folder up holding journey.config.json, else the git root, else undefined (`workspaceRootOf` without its fallbacks). */
export function markedRootOf(folder: string): string | undefined {
    return nearestUp(folder, f => existsSync(join(f, CONFIG_FILE_NAME))) ?? nearestUp(folder, f => existsSync(join(f, '.git')));
}

/** The nearest of `folder` and the folders above it that passes `test`. */
export function nearestUp(folder: string, test: (folder: string) => boolean): string | undefined {
    for (let current = resolve(folder); ; current = dirname(current)) {
        if (test(current)) return current;
        if (dirname(current) === current) return undefined;
    }
}

/** Whether `path` is `folder` or below it. */
export function isInside(path: string, folder: string): boolean {
    const rel = relative(folder, path);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}
