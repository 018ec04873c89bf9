import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globSync, isDynamicPattern, type FileSystemAdapter } from 'tinyglobby';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { CliError, ioErrorReason } from './command.js';
import { localized } from '../language/localized-messages.js';
import { isNoProjectFolder, isInside, markedRootOf, nearestUp, realPath, sameFolder, workspaceRootOf } from '../node/workspace-root.js';

/** Where a map's workspace is rooted: one rule for the CLI and the editor (src/node/workspace-root.ts). */
export { workspaceRootOf };

/**
 * How the CLI turns its file arguments into files, the way other tools do
 * (ESLint, Prettier, ripgrep): globs through tinyglobby (picomatch syntax,
 * `\[` escapes), `.gitignore` and `.journeyignore` files honoured in folder
 * walks and globs, dotfiles and dot-folders skipped unless named, and
 * `node_modules` and `.git` never searched. A file named explicitly is always
 * read, ignored or not (as ripgrep does).
 */

/** Ignore files read in every folder from the search root down, with `.gitignore` syntax. */
export const IGNORE_FILES = ['.gitignore', '.journeyignore'] as const;
/** Never searched, whatever the ignore files say. */
const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

export interface FindOptions {
    /** `--ignore-pattern`: `.gitignore`-style patterns, relative to the current folder. */
    readonly ignorePatterns?: readonly string[];
    /** `--no-error-on-unmatched-pattern` sets this to false: a glob or folder without maps is skipped silently. */
    readonly errorOnUnmatched?: boolean;
}

/**
 * Ignore rules match names as the files are found: case-sensitively where file systems are (a glob
 * `MAPS/*` finds nothing in `maps/` on Linux, and git ignores by case there), not where they are not
 * (git's `core.ignoreCase` on macOS and Windows).
 */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** Decides which found files the ignore files and `--ignore-pattern` leave out; caches one rule set per folder. */
export class IgnoreRules {
    private readonly byFolder = new Map<string, Ignore | undefined>();
    private readonly patterns: Ignore | undefined;
    /** Each folder's path from the current folder for `--ignore-pattern`: undefined when it is not below it. */
    private readonly fromCwd = new Map<string, string | undefined>();

    constructor(private readonly cwd: string, patterns: readonly string[] = []) {
        this.patterns = patterns.length > 0 ? ignore({ ignorecase: IGNORE_CASE }).add(patterns.map(fromCurrentFolder)) : undefined;
    }

    /**
     * Whether `file` (absolute; a folder when `isFolder`) is ignored by an ignore file between `top` and its
     * folder, or by `--ignore-pattern`.
     */
    ignores(file: string, top: string, isFolder = false): boolean {
        // A folder is named with a trailing slash, which patterns for folders only (`dist/`) match.
        const slash = isFolder ? '/' : '';
        if (this.patterns && this.ignoredByPatterns(file, slash)) return true;
        const folders: string[] = [];
        for (let folder = dirname(file); isInside(folder, top); folder = dirname(folder)) {
            folders.push(folder);
            if (folder === top || dirname(folder) === folder) break;
        }
        return folders.some(folder => this.rulesIn(folder)?.ignores(toSlashes(relative(folder, file)) + slash) ?? false);
    }

    private rulesIn(folder: string): Ignore | undefined {
        if (!this.byFolder.has(folder)) {
            const texts = IGNORE_FILES.map(name => readSmallText(join(folder, name))).filter(text => text !== undefined);
            this.byFolder.set(folder, texts.length > 0 ? ignore({ ignorecase: IGNORE_CASE }).add(texts.join('\n')) : undefined);
        }
        return this.byFolder.get(folder);
    }

    private ignoredByPatterns(file: string, slash: string): boolean {
        const folder = dirname(file);
        if (!this.fromCwd.has(folder)) this.fromCwd.set(folder, this.pathFromCwd(folder));
        const path = this.fromCwd.get(folder);
        return path !== undefined && this.patterns!.ignores(toSlashes(join(path, basename(file))) + slash);
    }

    /**
     * `folder` from the current folder, by real paths when it is not below it as spelled: a shell in a
     * symbolic link gives paths through the link (`$PWD/maps`), while the current folder is the real one.
     */
    private pathFromCwd(folder: string): string | undefined {
        if (isInside(folder, this.cwd)) return relative(this.cwd, folder);
        const real = realPath(folder), realCwd = realPath(this.cwd);
        return isInside(real, realCwd) ? relative(realCwd, real) : undefined;
    }
}

/**
 * An `--ignore-pattern` as `.gitignore` syntax has it, relative to the current folder: `./x` (which
 * names the path `x` there, as a shell does) is anchored there (`/x`), and repeated slashes are one.
 */
function fromCurrentFolder(pattern: string): string {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).replace(/\/{2,}/g, '/').replace(/^(?:\.\/)+/, '/');
    return (negated ? '!' : '') + body;
}

/**
 * The `.journey` files of the arguments: a file as given, every map under a
 * folder, every map a glob matches (relative to `cwd`). Throws `CliError`
 * (exit 2) for a missing file, and for a folder or glob without maps unless
 * `errorOnUnmatched` is false.
 */
export function findJourneyFiles(args: readonly string[], cwd: string, rules: IgnoreRules, options: FindOptions = {}): string[] {
    const files = new Set<string>();
    for (const arg of args) {
        for (const file of expandArgument(arg, cwd, rules, options.errorOnUnmatched ?? true)) files.add(file);
    }
    return [...files];
}

function expandArgument(arg: string, cwd: string, rules: IgnoreRules, errorOnUnmatched: boolean): string[] {
    const path = resolve(cwd, arg);
    const stats = statOfArgument(path, arg);
    if (stats && !stats.isDirectory()) return [path]; // named explicitly: read, and reported if it cannot be
    const listing = new FolderListing(cwd);
    const [found, what] = stats?.isDirectory()
        ? [journeyFilesUnder(path, rules, searchTop(path), listing), localized('cli.noMapsInFolder', { extension: JOURNEY_FILE_EXTENSION, folder: arg })]
        : [globJourneyFiles(arg, cwd, rules, listing), isDynamicPattern(arg) || arg.includes('\\')
            ? localized('cli.noMapsMatch', { extension: JOURNEY_FILE_EXTENSION, pattern: arg })
            : localized('cli.noSuchPath', { path: arg })];
    if (found.length === 0 && errorOnUnmatched) throw new CliError(what);
    return found;
}

/**
 * What an argument names, undefined when nothing (a glob, a missing file); one that is there but
 * cannot be looked at (a symbolic link loop, a folder on the way that may not be searched) is an
 * I/O error naming it, not "no such file".
 */
function statOfArgument(path: string, arg: string) {
    try {
        return statSync(path, { throwIfNoEntry: false });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (isDynamicPattern(arg) || (code !== 'ELOOP' && code !== 'EACCES' && code !== 'EPERM')) return undefined;
        throw new CliError(localized('cli.cannotRead', { file: arg, reason: ioErrorReason(error) }));
    }
}

/**
 * The folders a walk of the arguments could not list: the globbing library skips them in silence,
 * which would leave their maps unchecked and the lint passing. One the ignore files leave out is
 * no error (its maps would be left out anyway); any other stops the command, as a map that cannot
 * be read does. Walks of the rest of a workspace (names only) leave such a folder out, as they
 * leave out a map that cannot be read.
 */
class FolderListing {
    constructor(private readonly cwd: string) {}

    private readonly unreadable: { folder: string, error: unknown }[] = [];
    /** The `fs` the globbing library lists folders with. */
    readonly fs = {
        readdirSync: ((folder: string, options: { withFileTypes: true }) => {
            try {
                return readdirSync(folder, options);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.unreadable.push({ folder: resolve(folder), error });
                throw error;
            }
        }) as typeof readdirSync
    };

    /** Throws `CliError` for the first folder that could not be listed and that no ignore file (from `top` down) leaves out. */
    check(rules: IgnoreRules, top: string): void {
        const first = this.unreadable.find(({ folder }) => !rules.ignores(folder, top, true));
        if (!first) return;
        const rel = relative(this.cwd, first.folder);
        const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? first.folder : rel;
        throw new CliError(localized('cli.cannotReadFolder', { folder: toSlashes(shown), reason: ioErrorReason(first.error) }));
    }
}

/** Every map under `folder` that no ignore file (from `top` down) leaves out; dot-folders skipped. */
export function journeyFilesUnder(folder: string, rules: IgnoreRules, top = folder, listing?: FolderListing): string[] {
    const found = globSync(`**/*${JOURNEY_FILE_EXTENSION}`, { cwd: folder, absolute: true, dot: false, ignore: ALWAYS_SKIPPED, followSymbolicLinks: false, fs: listing?.fs });
    listing?.check(rules, top);
    return found.map(file => resolve(file)).filter(file => !rules.ignores(file, top));
}

function globJourneyFiles(arg: string, cwd: string, rules: IgnoreRules, listing: FolderListing): string[] {
    const { base } = staticBase(arg, cwd);
    const top = searchTop(isInside(base, cwd) ? cwd : base);
    const found = globFiles(arg, cwd, listing.fs);
    listing.check(rules, top);
    return found
        // The ignore files apply from the git root down; a glob leaving the current folder (through a link to it, say), from its own.
        .filter(file => file.endsWith(JOURNEY_FILE_EXTENSION) && !rules.ignores(file, top));
}

/** The files (absolute) the glob `arg` matches from `cwd`, as the CLI globs (options above), in the folders `fs` lists. */
function globFiles(arg: string, cwd: string, fs: FileSystemAdapter): string[] {
    return globFrom(staticBase(arg, cwd), fs);
}

/** The files (absolute) that `pattern` matches from the folder `base`, as the CLI globs, in the folders `fs` lists. */
function globFrom({ base, pattern }: { base: string; pattern: string }, fs: FileSystemAdapter): string[] {
    return globSync(pattern, { cwd: base, absolute: true, dot: false, ignore: ALWAYS_SKIPPED, followSymbolicLinks: false, expandDirectories: false, fs })
        .map(file => resolve(file));
}

/**
 * Those of `files` (absolute paths that need not be on disk: `diff` matches the maps git knows
 * at a revision) that the glob `arg`, relative to `cwd`, matches as a glob given to `lint` does
 * (picomatch's syntax: braces, extglobs, `**`; a leading dot only when written), ignore files
 * aside: the globbing walks the folders that `files` make up instead of the disk's. Git knows
 * them by real paths (its root is one), so the glob's leading folders are read as their real path
 * on disk (`/link/to/repo/maps/*.journey`, a current folder reached by a link).
 */
export function globMatches(arg: string, cwd: string, files: readonly string[]): string[] {
    const { base, pattern } = staticBase(arg, cwd);
    return globFrom({ base: realPathSoFar(base), pattern }, listingOf(files));
}

/** `path` with the links on its way resolved as far as it exists: a folder removed since a revision keeps its name. */
function realPathSoFar(path: string): string {
    const parent = dirname(path);
    return existsSync(path) || parent === path ? realPath(path) : join(realPathSoFar(parent), basename(path));
}

/** An `fs` whose `readdirSync` lists the folders and files that `files` (absolute) make up, and nothing else. */
function listingOf(files: readonly string[]): FileSystemAdapter {
    const folders = new Map<string, Map<string, boolean>>();
    const add = (path: string, isFolder: boolean): void => {
        const parent = dirname(path);
        if (parent === path) return;
        const entries = folders.get(parent);
        if (entries) return void entries.set(basename(path), isFolder);
        folders.set(parent, new Map([[basename(path), isFolder]]));
        add(parent, true);
    };
    for (const file of files) add(resolve(file), false);
    const list = (folder: string) => {
        const entries = folders.get(resolve(folder));
        if (!entries) throw Object.assign(new Error(`ENOENT: ${folder}`), { code: 'ENOENT' });
        return [...entries].map(([name, isFolder]) => ({
            name, parentPath: folder, path: folder,
            isFile: () => !isFolder, isDirectory: () => isFolder, isSymbolicLink: () => false
        }));
    };
    return { readdirSync: list as unknown as typeof readdirSync };
}

/**
 * The folder a glob's leading literal segments name, and the rest of the glob: tinyglobby walks a
 * glob that leaves `cwd` (`../x/*.journey`, `/abs/link/*.journey`) from a folder above both, and does
 * not enter a symbolic link on the way (`followSymbolicLinks: false`) even when the glob names it.
 */
function staticBase(arg: string, cwd: string): { base: string; pattern: string } {
    // Up to the last slash before the first character that may be magic (a brace may hold slashes).
    const magic = arg.search(/[*?[\]{}()!+@\\]/);
    const cut = magic < 0 ? -1 : arg.lastIndexOf('/', magic);
    const literal = arg.slice(0, cut);
    // Folders never searched stay in the glob, for ALWAYS_SKIPPED to leave out.
    if (cut < 0 || literal.split('/').some(segment => segment === 'node_modules' || segment === '.git')) return { base: cwd, pattern: arg };
    return { base: resolve(cwd, literal || '/'), pattern: arg.slice(cut + 1) };
}

/** Whether `root`, a workspace root of no config and no git root, is a map's own folder (not the current folder's root). */
function isOwnFolderRoot(root: string, cwd: string): boolean {
    return markedRootOf(root) === undefined && (!sameFolder(root, cwd) || isNoProjectFolder(cwd));
}

/**
 * The maps of the workspace rooted at `root` (see `workspaceRootOf`): every map under it whose
 * root it is, that no ignore file leaves out. Not those of a workspace nested in it (a folder
 * below with its own journey.config.json, or its own git root), nor, for the own folder of a
 * file outside `cwd`, those of its subfolders (each their own folder's).
 */
export function workspaceFilesUnder(root: string, rules: IgnoreRules, cwd: string): string[] {
    // Such a root's maps are the folder's own: no walk below it (it may be a large folder such as $HOME).
    const found = isOwnFolderRoot(root, cwd) ? journeyFilesIn(root, rules) : journeyFilesUnder(root, rules);
    return ofRoot(found, root, cwd);
}

/** Those of `files` whose workspace is that of `folder` (not one nested in it, nor another). */
export function ofWorkspaceOf(files: readonly string[], folder: string, cwd: string): string[] {
    return ofRoot(files, workspaceRootOf(folder, cwd), cwd);
}

/** Those of `files` whose workspace root is `own`. */
function ofRoot(files: readonly string[], own: string, cwd: string): string[] {
    // A root is its own folder's root (workspaceRootOf(own) is own): its maps are not looked up again.
    const byFolder = new Map<string, boolean>([[own, true]]);
    return files.filter(file => {
        const fileFolder = dirname(file);
        if (!byFolder.has(fileFolder)) byFolder.set(fileFolder, workspaceRootOf(fileFolder, cwd) === own);
        return byFolder.get(fileFolder);
    });
}

/** The maps directly in `folder` (not below) that no ignore file leaves out. */
function journeyFilesIn(folder: string, rules: IgnoreRules): string[] {
    return globSync(`*${JOURNEY_FILE_EXTENSION}`, { cwd: folder, absolute: true, dot: false, followSymbolicLinks: false })
        .map(file => resolve(file))
        .filter(file => !rules.ignores(file, folder));
}

/**
 * Whether listing `args` (relative to `cwd`) walked the whole of the workspace rooted at `root` with
 * the ignore files its own listing applies (`workspaceFilesUnder`, `journeyFilesUnder`): a folder
 * argument that is the root, where the ignore files start to apply at the root itself (no git
 * root above it). Then every map of the workspace is among the files found, and it need not be walked again.
 */
export function walkedWhole(args: readonly string[], cwd: string, root: string): boolean {
    return args.some(arg => resolve(cwd, arg) === root) && searchTop(root) === root;
}

/** Where ignore files start to apply for a search in `folder`: the git root, else the folder itself. */
function searchTop(folder: string): string {
    return nearestUp(folder, f => existsSync(join(f, '.git'))) ?? folder;
}

/** An ignore file's text; a missing, unreadable or oversized one counts as absent. */
function readSmallText(path: string): string | undefined {
    const stats = statOrUndefined(path);
    if (!stats?.isFile() || stats.size > 1_000_000) return undefined;
    try {
        return readFileSync(path, 'utf8');
    } catch {
        return undefined;
    }
}

function statOrUndefined(path: string) {
    try {
        return statSync(path);
    } catch {
        return undefined;
    }
}

function toSlashes(path: string): string {
    return path.split(sep).join('/');
}
