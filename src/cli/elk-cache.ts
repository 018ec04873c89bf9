import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import elkPackage from 'elkjs/package.json';
import type { ElkApi } from '../diagram/index.js';
import { homeFolder } from '../node/home-folder.js';

/**
 * ELK for `journey render`, with its answers kept on disk. ELK only orders the cards of a
 * cell by the flow topology (src/diagram/elk-order.ts), and its input holds no text or size,
 * so the answer for one graph never changes: a render in CI or a re-render after a label
 * edit reads it back instead of starting ELK (1.5 MB of script, ~0.25 s to construct, ~0.3 s
 * for its first layout). What is kept is the positions the ordering reads, so a cached
 * render is the same SVG, byte for byte, as one that ran ELK (test/cli/elk-cache.test.ts).
 *
 * Where: `JOURNEY_CACHE_DIR` (or `off`), else node_modules/.cache/journey of the nearest
 * folder up with node_modules (where build tools keep their caches, so CI caches it with
 * the dependencies), else the user's cache folder, else (no home folder: HOME unset for a
 * user id without a passwd entry) none. A cache that cannot be read or written is no error: ELK runs.
 */

/** Bumped when the kept answer's meaning changes; the ELK version is part of every key too. */
const FORMAT = 1;
/**
 * Files kept at most, ELK's answers (each a few KB) and the marks of maps drawn (drawnWithoutElk)
 * counted together, as the README says: a CI cache or a designer's laptop must not grow
 * without end as maps change. Past it, the least recently used go (reads touch their file).
 */
export const ELK_CACHE_LIMIT = 2000;

/**
 * An ElkApi that answers from the cache, and asks `elk` (which loads ELK when first asked) only
 * on a miss; `allKept`: whether every answer it gave is now in the cache (none asked: true), so
 * that drawing the same again will not run ELK.
 */
export function cachedElk(cwd: string, env: NodeJS.ProcessEnv, elk: ElkApi): ElkApi & { readonly allKept: boolean } {
    const folder = cacheFolder(cwd, env);
    let allKept = true;
    return {
        get allKept() {
            return allKept;
        },
        async layout(graph: ElkNode): Promise<ElkNode> {
            const file = folder === undefined ? undefined : join(folder, `${keyOf(JSON.stringify(graph))}.json`);
            const kept = file === undefined ? undefined : readKept(file, graph);
            if (kept) {
                touch(file!);
                return kept;
            }
            let result: ElkNode;
            try {
                result = await elk.layout(graph);
            } catch (error) {
                allKept = false;
                throw error;
            }
            if (file === undefined || !keep(file, result)) allKept = false;
            else prune(folder!, file);
            return result;
        }
    } as ElkApi & { readonly allKept: boolean };
}

/**
 * The texts of maps drawn before with every ELK answer they need kept (or none needed), so
 * that drawing one again starts no ELK thread for it (elk-guess.ts). Kept beside ELK's answers
 * as `<hash of the text>.drawn.json`, and pruned with them; none with JOURNEY_CACHE_DIR=off.
 * A text kept here that does need ELK (its answers pruned since) only loads ELK later.
 */
export interface DrawnWithoutElk {
    has(text: string): boolean;
    add(text: string): void;
}

export function drawnWithoutElk(cwd: string, env: NodeJS.ProcessEnv): DrawnWithoutElk {
    const folder = cacheFolder(cwd, env);
    const fileOf = (text: string) => join(folder!, `${keyOf('drawn', text)}.drawn.json`);
    return {
        has: text => {
            if (folder === undefined) return false;
            const file = fileOf(text);
            if (!existsSync(file)) return false;
            touch(file);
            return true;
        },
        add: text => {
            if (folder === undefined) return;
            const file = fileOf(text);
            if (existsSync(file)) return;
            keep(file, { id: 'root' });
            prune(folder, file);
        }
    };
}

function cacheFolder(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
    const root = journeyCacheFolder(cwd, env);
    return root === undefined ? undefined : join(root, 'elk');
}

/**
 * The CLI's cache folder (ELK's answers in elk/, ELK's compiled code in v8/: elk-code-cache.ts);
 * undefined when JOURNEY_CACHE_DIR=off (the home folder not even looked up), or when the user's
 * cache folder is wanted and there is no home folder to put it in.
 */
export function journeyCacheFolder(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
    const configured = env.JOURNEY_CACHE_DIR;
    if (configured === 'off') return undefined;
    if (configured) return resolve(cwd, configured);
    for (let folder = resolve(cwd); ; folder = dirname(folder)) {
        if (existsSync(join(folder, 'node_modules'))) return join(folder, 'node_modules', '.cache', 'journey');
        if (dirname(folder) === folder) break;
    }
    const user = userCacheFolder(env);
    return user === undefined ? undefined : join(user, 'journey');
}

/**
 * The user's cache folder; undefined without a home folder. Not the temporary folder instead:
 * it is shared by every user of the machine, and a V8 code cache there (compiled code V8
 * runs) could be planted by another; a user without a home is mostly a throwaway
 * container's, where a cache would not outlive the run anyway.
 */
function userCacheFolder(env: NodeJS.ProcessEnv): string | undefined {
    if (platform() === 'win32' && env.LOCALAPPDATA) return env.LOCALAPPDATA;
    if (platform() !== 'win32' && platform() !== 'darwin' && env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
    const home = homeFolder();
    if (home === undefined) return undefined;
    if (platform() === 'win32') return join(home, 'AppData', 'Local');
    return platform() === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
}

/** A kept file's name: the hash of its parts with this format and ELK's version (another ELK may order differently). */
function keyOf(...parts: string[]): string {
    return createHash('sha256').update([FORMAT, elkVersion(), ...parts].join('\u0000')).digest('hex');
}

/** elkjs's version, bundled in at build time (elkjs is not installed with the CLI): another ELK may order differently. */
function elkVersion(): string {
    return elkPackage.version;
}

/** The kept answer for `graph`: a position for each of its nodes, or undefined (absent, unreadable, not for this graph). */
function readKept(file: string, graph: ElkNode): ElkNode | undefined {
    try {
        const kept = JSON.parse(readFileSync(file, 'utf8')) as { children?: unknown };
        const ids = new Set((graph.children ?? []).map(child => child.id));
        const children = Array.isArray(kept.children) ? kept.children as { id: unknown, x: unknown, y: unknown }[] : [];
        const seen = new Set(children.map(child => child.id));
        const valid = children.length === ids.size && seen.size === ids.size
            && children.every(child => ids.has(child.id as string) && Number.isFinite(child.x) && Number.isFinite(child.y));
        return valid ? { id: graph.id, children: children as ElkNode[] } : undefined;
    } catch {
        return undefined;
    }
}

/** Keeps what the ordering reads (each node's id and position), written whole or not at all: whether it was. */
function keep(file: string, result: ElkNode): boolean {
    const children = (result.children ?? []).map(child => ({ id: child.id, x: child.x ?? 0, y: child.y ?? 0 }));
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(temporary, JSON.stringify({ children }));
        renameSync(temporary, file);
        return true;
    } catch {
        // A folder that cannot be made (a file in its way) cannot hold the temporary either: rmSync would throw (ENOTDIR).
        try { rmSync(temporary, { force: true }); } catch { /* nothing was written */ }
        return false;
    }
}

/** Marks a kept answer as used now, for `prune` (best effort). */
function touch(file: string): void {
    try {
        const now = new Date();
        utimesSync(file, now, now);
    } catch { /* a read-only cache still answers */ }
}

/** Past `ELK_CACHE_LIMIT` answers, removes the least recently used down to nine tenths of it (never `keep`). */
function prune(folder: string, keep: string): void {
    try {
        const names = readdirSync(folder).filter(name => name.endsWith('.json'));
        if (names.length <= ELK_CACHE_LIMIT) return;
        const byAge = names.map(name => join(folder, name)).filter(path => path !== keep)
            .map(path => ({ path, used: statSync(path).mtimeMs }))
            .sort((a, b) => a.used - b.used);
        for (const { path } of byAge.slice(0, names.length - Math.floor(ELK_CACHE_LIMIT * 0.9))) rmSync(path, { force: true });
    } catch { /* another process pruned first, or the folder is read-only */ }
}
