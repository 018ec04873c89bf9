// The files of one command split by workspace (the maps of one root: a folder with its own
// journey.config.json or git root, else the current folder or a map's own folder; see
// workspaceRootOf): files of different workspaces must not see each other's names, nor one
// workspace's configuration apply to another's maps. Lint, render and export split the same way, here.
import { dirname, resolve } from 'node:path';
import type { CliIO } from './command.js';
import { findJourneyFiles, IgnoreRules, workspaceRootOf } from './find-files.js';
import { STDIN_ARG, STDIN_PATH, type WorkspaceOptions } from './workspace.js';

/**
 * The arguments split by workspace: the given arguments as they are when they are all of one
 * workspace (or `--workspace` names it), else each workspace's files (standard input, `-`, with
 * the workspace `--stdin-filename` puts it in), the workspaces in the order of their roots.
 * `found`: the files of the arguments other than standard input, when the caller has listed them (`listArguments`).
 */
export function workspaceGroups(paths: readonly string[], io: Pick<CliIO, 'cwd'>, options: Pick<WorkspaceOptions, 'workspaceDir' | 'stdinFilename' | 'find'>, found?: readonly string[]): string[][] {
    if (options.workspaceDir !== undefined) return [[...paths]];
    const args = paths.filter(arg => arg !== STDIN_ARG);
    const withStdin = args.length < paths.length;
    const files = found ?? (paths.length === 0 || args.length > 0 ? listArguments(args, io, options) : []);
    const groups = new Map<string, string[]>();
    const add = (root: string, path: string) => groups.get(root)?.push(path) ?? groups.set(root, [path]);
    const roots = new Map<string, string>();
    const rootOf = (folder: string) => roots.get(folder) ?? roots.set(folder, workspaceRootOf(folder, io.cwd)).get(folder)!;
    for (const file of files) add(rootOf(dirname(file)), file);
    if (withStdin) add(workspaceRootOf(dirname(resolve(io.cwd, options.stdinFilename ?? '__stdin__')), io.cwd), STDIN_ARG);
    return groups.size > 1 ? [...groups.keys()].sort().map(root => groups.get(root)!) : [[...paths]];
}

/** The files of `args` (default: the current folder), as every command lists them; standard input aside. */
export function listArguments(args: readonly string[], io: Pick<CliIO, 'cwd'>, options: Pick<WorkspaceOptions, 'find'>): string[] {
    return findJourneyFiles(args.length > 0 ? args : ['.'], io.cwd, new IgnoreRules(io.cwd, options.find?.ignorePatterns), options.find);
}

/** Results of several workspaces in the order one workspace gives them: by path, standard input last. */
export function inGivenOrder<T extends { readonly path: string }>(items: T[], io: Pick<CliIO, 'cwd'>, stdinFilename: string | undefined): T[] {
    const stdinPath = stdinFilename === undefined ? STDIN_PATH : resolve(io.cwd, stdinFilename);
    return items.sort((a, b) => Number(a.path === stdinPath) - Number(b.path === stdinPath) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
