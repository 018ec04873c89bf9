import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { devNull } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import {
    COMPARISON_SCHEMA_VERSION, comparisonMarkdown, compareJourneys, matchNamed, type ComparedJourney, type Comparison
} from '../compare/index.js';
import type { ExportedJourney } from '../export/model.js';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { localized } from '../language/localized-messages.js';
import { CliError, type CliCommand, type CliIO, FORMAT_AND_OUTPUT_OPTIONS, parseCommandOptions } from './command.js';
import { configLocale, renderComparison, REPORT_BY_EXTENSION, warnUndrawable } from './compare.js';
import { cliLocale, LOCALE_OPTION, localeOption } from './locale.js';
import { t, tn, type Locale } from '../i18n/index.js';
import {
    loadFoundJourneyFile, loadJourneyFile, loadRevisionJourneys, shownPath, writeOutput, type LoadedJourneys, type RevisionFile
} from './compare-sources.js';
import { checkedOutputFormat, makeOutputFolder } from './map-io.js';
import { oneOf, THEMES } from './render.js';
import { pictureFileNames } from './picture-names.js';
import { globMatches } from './find-files.js';

const FORMATS = ['markdown', 'json'] as const;
const PICTURES = ['svg', 'png', 'html'] as const;

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed';

/** One changed map file and the comparisons of its journeys that changed. */
export interface FileDiff {
    status: FileStatus;
    /** Paths relative to the repository root (the two files given, as given); null when added or removed. */
    from: string | null;
    to: string | null;
    comparisons: Comparison[];
}

export interface DiffReport {
    schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
    /** The revision compared with the working tree; null for two files. */
    base: string | null;
    files: FileDiff[];
}

/** What a comparison needs to be rendered, next to its JSON. */
interface Rendered { comparison: Comparison; from: ComparedJourney; to: ComparedJourney }

/** `journey diff`: what changed in the maps since a revision, or between two files. */
export const diffCommand: CliCommand = {
    name: 'diff',
    async run(args, io) {
        const { values, positionals } = parseCommandOptions(args, {
            base: { type: 'string' },
            ...FORMAT_AND_OUTPUT_OPTIONS,
            render: { type: 'string' },
            'render-format': { type: 'string' },
            theme: { type: 'string' },
            ...LOCALE_OPTION
        });
        const flag = localeOption(values.locale);
        const asked = values.format === undefined ? undefined : oneOf('format', values.format, FORMATS);
        const format = checkedOutputFormat(asked, values.output, REPORT_BY_EXTENSION, 'markdown', 'cli.picturesHint');
        const picture = oneOf('render-format', values['render-format'] ?? 'svg', PICTURES);
        const theme = oneOf('theme', values.theme ?? 'light', THEMES);
        // git difftool passes the null device for the side of an added or removed map.
        const twoFiles = values.base === undefined && positionals.length === 2 && !positionals.every(isNullDevice)
            && positionals.every(p => isNullDevice(p) || isFile(resolve(io.cwd, p)));
        const { report, rendered } = twoFiles
            ? await diffTwoFiles(positionals[0], positionals[1], io)
            : await diffSinceRevision(values.base, positionals, io);
        // The language of the current folder's journey.config.json (the newer file's with two), unless --locale says otherwise.
        const newer = [...positionals].reverse().find(p => !isNullDevice(p));
        const locale = flag ?? configLocale(twoFiles && newer !== undefined ? dirname(resolve(io.cwd, newer)) : io.cwd, io.cwd);
        if (values.render !== undefined) {
            makeOutputFolder(values.render, io);
            const names = pictureFileNames(rendered.map(({ from, to }) => {
                const ref = (to.ref ?? from.ref)!;
                return { id: ref.journey, shown: ref.file };
            }), picture);
            for (const [i, { comparison, from, to }] of rendered.entries()) {
                const out = join(values.render, names[i]);
                writeOutput(await renderComparison(picture, from, to, comparison, theme, locale, warnUndrawable([from, to], io)), out, io);
                io.stderr.write(`${t(cliLocale(io, flag), 'cli.wrote', { file: out })}\n`);
            }
        }
        writeOutput(format === 'json' ? JSON.stringify(report, undefined, 2) + '\n' : reportMarkdown(report, rendered, locale), values.output, io);
        return 0;
    }
};

function isFile(path: string): boolean {
    try {
        return statSync(path).isFile();
    } catch {
        return false;
    }
}

function isNullDevice(path: string): boolean {
    return path === '/dev/null' || path === devNull;
}

async function diffTwoFiles(a: string, b: string, io: CliIO) {
    // Both files named, as compare's two: the other one met beside the first is not warned about, it stops the command.
    const load = (path: string) => isNullDevice(path) ? undefined : loadJourneyFile(path, io, undefined, [a, b].filter(p => !isNullDevice(p)));
    const [from, to] = [await load(a), await load(b)];
    const file = fileDiff(!from ? 'added' : !to ? 'removed' : 'modified', from, to);
    const report: DiffReport = { schemaVersion: COMPARISON_SCHEMA_VERSION, base: null, files: file.diff ? [file.diff] : [] };
    return { report, rendered: file.rendered };
}

async function diffSinceRevision(baseOption: string | undefined, positionals: string[], io: CliIO) {
    const git = gitRunner(io.cwd);
    const root = repositoryRoot(io.cwd);
    let paths = positionals;
    let base = baseOption;
    // `journey diff HEAD~1`: a first argument that is no path but a revision is the base, as with git diff.
    if (base === undefined && paths.length > 0 && !exists(resolve(io.cwd, paths[0])) && isRevision(git, paths[0])) [base, ...paths] = paths;
    base ??= defaultBase(git);
    if (!isRevision(git, base)) throw new CliError(localized('cli.notRevision', { base }));
    const globs = paths.filter(path => isGlob(path, io.cwd));
    const pathspecs = paths.filter(path => !globs.includes(path));
    const maps = globs.length > 0 ? knownMaps(git, base, root) : [];
    const globbed = new Map(globs.map(glob => [glob, globMatches(glob, io.cwd, maps)]));
    // A path that matches nothing, such as a mistyped or unfetched revision, would report "no change".
    const unknown = paths.find(path => globbed.has(path) ? globbed.get(path)!.length === 0
        : !exists(resolve(io.cwd, path)) && !knownToGit(git, base, path));
    if (unknown !== undefined) {
        throw new CliError(unknown === positionals[0] && baseOption === undefined
            ? localized('cli.notRevisionOrPath', { arg: unknown }) : localized('cli.noSuchPath', { path: unknown }));
    }
    const entries = globs.length === 0 ? changedFiles(git, base, pathspecs)
        : changedInGlobs(git, base, root, pathspecs, new Set([...globbed.values()].flat()));
    const files: FileDiff[] = [];
    const rendered: Rendered[] = [];
    for (const entry of entries) {
        const from = entry.from === null ? undefined : await loadAtRevision(root, base, entry.from, io);
        const to = entry.to === null ? undefined : await loadFoundJourneyFile(join(root, entry.to), io);
        // A side that is not UTF-8 was left out, with a warning: the file cannot be compared.
        if ((entry.from !== null && !from) || (entry.to !== null && !to)) continue;
        const file = fileDiff(entry.status, from, to, entry.from ?? undefined, entry.to ?? undefined);
        if (file.diff) files.push(file.diff);
        rendered.push(...file.rendered);
    }
    return { report: { schemaVersion: COMPARISON_SCHEMA_VERSION, base, files } as DiffReport, rendered };
}

/** The journeys of one file on both sides, matched by id then title; null when nothing is worth reporting. */
function fileDiff(status: FileStatus, from: LoadedJourneys | undefined, to: LoadedJourneys | undefined, fromPath = from?.shown, toPath = to?.shown) {
    const olds = from?.model.journeys ?? [], news = to?.model.journeys ?? [];
    // A file holding one journey on each side holds the same journey, even renamed (git difftool's case).
    const { pairs, added, removed } = olds.length === 1 && news.length === 1
        ? { pairs: [[olds[0], news[0]] as [ExportedJourney, ExportedJourney]], added: [], removed: [] }
        : matchNamed(olds, news);
    const side = (loaded: LoadedJourneys | undefined, journey: ExportedJourney | undefined): ComparedJourney =>
        loaded && journey ? { ref: { file: loaded.shown, journey: journey.id }, journey } : { ref: null };
    const sides: Array<[ComparedJourney, ComparedJourney]> = [
        ...pairs.map(([old, now]) => [side(from, old), side(to, now)] as [ComparedJourney, ComparedJourney]),
        ...added.map(now => [{ ref: null }, side(to, now)] as [ComparedJourney, ComparedJourney]),
        ...removed.map(old => [side(from, old), { ref: null }] as [ComparedJourney, ComparedJourney])
    ];
    const rendered = sides.map(([f, t]) => ({ comparison: compareJourneys(f, t), from: f, to: t })).filter(r => r.comparison.changes.length > 0);
    const diff: FileDiff | null = rendered.length === 0 && status === 'modified' ? null
        : { status, from: status === 'added' ? null : fromPath ?? null, to: status === 'removed' ? null : toPath ?? null, comparisons: rendered.map(r => r.comparison) };
    return { diff, rendered };
}

function reportMarkdown(report: DiffReport, rendered: readonly Rendered[], locale: Locale): string {
    const since = report.base === null ? '' : t(locale, 'diff.since', { base: `\`${report.base}\`` });
    if (report.files.length === 0) return `# ${t(locale, 'diff.title', { what: t(locale, 'diff.noChange'), since })}\n`;
    const lines = [`# ${t(locale, 'diff.title', { what: tn(locale, 'count.fileChanged', report.files.length), since })}`];
    for (const file of report.files) {
        const path = file.to ?? file.from!;
        const how = file.status === 'renamed' ? t(locale, 'diff.renamedFrom', { file: `\`${file.from}\`` })
            : file.status === 'added' ? t(locale, 'diff.fileAdded') : file.status === 'removed' ? t(locale, 'diff.fileRemoved')
            : file.from !== file.to ? t(locale, 'diff.comparedWith', { file: `\`${file.from}\`` }) : '';
        lines.push('', `## \`${path}\`${how}`);
        if (file.comparisons.length === 0) lines.push('', t(locale, 'diff.noJourneyChanged'));
        for (const comparison of file.comparisons) {
            const { from, to } = rendered.find(r => r.comparison === comparison)!;
            lines.push('', comparisonMarkdown(from, to, comparison, 3, locale).trimEnd());
        }
    }
    return lines.join('\n') + '\n';
}

type Git = (args: string[]) => string;

function gitRunner(cwd: string): Git {
    return args => gitOutput(cwd, args).toString('utf8');
}

/** What git writes on stdout, as bytes (a file's at a revision need not be UTF-8). */
function gitOutput(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Buffer {
    const result = spawnSync('git', args, { cwd, env, maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw new CliError(localized('cli.cannotRunGit', { reason: result.error.message }));
    if (result.status !== 0) throw new CliError(localized('cli.gitFailed', { command: args[0], reason: result.stderr.toString('utf8').trim() || { key: 'cli.exitCode', params: { code: String(result.status) } } }));
    return result.stdout;
}

/**
 * The top folder of the repository `cwd` is in. Outside one, an error that says so and names the
 * form that needs none; git's other refusals (a repository it deems unsafe) as git says them.
 */
function repositoryRoot(cwd: string): string {
    try {
        // git's message untranslated (LC_ALL=C overrides LANGUAGE too): its words are what tells "no repository" apart.
        return gitOutput(cwd, ['rev-parse', '--show-toplevel'], { ...process.env, LC_ALL: 'C' }).toString('utf8').trim();
    } catch (error) {
        if (error instanceof CliError && /fatal: not a git repository/.test(error.message)) throw new CliError(localized('cli.notInRepository'));
        throw error;
    }
}

function isRevision(git: Git, rev: string): boolean {
    try {
        git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
        return true;
    } catch {
        return false;
    }
}

/**
 * Whether a path argument is a glob, read as `lint` reads one (braces, extglobs, `**`: see
 * globMatches), not as a git pathspec: git's `:(glob)` has no braces, and its plain pathspecs
 * let `*` cross folders. Files and folders there, and pathspecs with magic (`:(...)`), are not.
 */
function isGlob(path: string, cwd: string): boolean {
    return !path.startsWith(':') && isDynamicPattern(path) && !exists(resolve(cwd, path));
}

/** Every map at `base`, in the index or untracked (not ignored): what a glob may name, absolute. */
function knownMaps(git: Git, base: string, root: string): string[] {
    const list = (...which: string[]) => git(['ls-files', '-z', '--full-name', ...which, '--', ':/']).split('\0');
    const listed = [...list(`--with-tree=${base}`), ...list('--others', '--exclude-standard')];
    return [...new Set(listed.filter(path => path.endsWith(JOURNEY_FILE_EXTENSION)).map(path => join(root, path)))];
}

/**
 * The changed maps of the whole repository one of whose sides the `pathspecs` name or is in
 * `globbed` (absolute paths), as git pairs them: a map renamed from a name the paths give is
 * renamed, whatever its new name (git's diff limited to the old name would say removed).
 */
function changedInGlobs(git: Git, base: string, root: string, pathspecs: readonly string[], globbed: ReadonlySet<string>): ChangedFile[] {
    const named = new Set(pathspecs.length === 0 ? [] : changedFiles(git, base, pathspecs).flatMap(entry => [entry.from, entry.to]));
    const wanted = (path: string | null) => path !== null && (named.has(path) || globbed.has(join(root, path)));
    return changedFiles(git, base, [':/']).filter(entry => wanted(entry.from) || wanted(entry.to));
}

/** Whether the pathspec `path` matches a file at `base`, in the index or untracked (not ignored). */
function knownToGit(git: Git, base: string, path: string): boolean {
    const matches = (args: string[]) => {
        try {
            git(['ls-files', '--error-unmatch', ...args, '--', path]);
            return true;
        } catch {
            return false;
        }
    };
    return matches([`--with-tree=${base}`]) || matches(['--others', '--exclude-standard']);
}

function exists(path: string): boolean {
    try {
        statSync(path);
        return true;
    } catch {
        return false;
    }
}

/** The merge base with the upstream branch when there is one, else HEAD. */
function defaultBase(git: Git): string {
    try {
        return git(['merge-base', 'HEAD', '@{upstream}']).trim();
    } catch {
        return 'HEAD';
    }
}

interface ChangedFile { status: FileStatus; from: string | null; to: string | null }

/** Changed `.journey` files between `base` and the working tree (paths from the root), untracked ones included. */
function changedFiles(git: Git, base: string, paths: readonly string[]): ChangedFile[] {
    const isMap = (path: string | null) => path !== null && path.endsWith(JOURNEY_FILE_EXTENSION);
    const fields = git(['diff', '--name-status', '-M', '-z', base, '--', ...paths]).split('\0').filter(f => f !== '');
    const files: ChangedFile[] = [];
    for (let i = 0; i < fields.length;) {
        const status = fields[i++];
        const first = fields[i++];
        const second = /^[RC]/.test(status) ? fields[i++] : undefined;
        let entry: ChangedFile;
        if (status.startsWith('R')) entry = { status: 'renamed', from: first, to: second! };
        else if (status.startsWith('C') || status === 'A') entry = { status: 'added', from: null, to: second ?? first };
        else if (status === 'D') entry = { status: 'removed', from: first, to: null };
        else entry = { status: 'modified', from: first, to: first };
        // A map renamed to another extension (or back) is removed (or added).
        if (!isMap(entry.from)) entry = { status: 'added', from: null, to: entry.to };
        if (!isMap(entry.to)) entry = { ...entry, status: entry.from === null ? entry.status : 'removed', to: null };
        if (isMap(entry.from) || isMap(entry.to)) files.push(entry);
    }
    for (const path of git(['ls-files', '--others', '--exclude-standard', '--full-name', '-z', '--', ...paths]).split('\0')) {
        if (isMap(path)) files.push({ status: 'added', from: null, to: path });
    }
    return files.sort((a, b) => compare(a.to ?? a.from!, b.to ?? b.from!));
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A map as it was at `base`, read with the other maps of its folder at that revision (nothing is
 * checked out); undefined when it is not UTF-8 (left out, with a warning).
 */
async function loadAtRevision(root: string, base: string, path: string, io: CliIO): Promise<LoadedJourneys | undefined> {
    const folder = posix.dirname(path);
    const listed = gitRunner(root)(['ls-tree', '-z', '--name-only', base, '--', folder === '.' ? '.' : `${folder}/`]).split('\0');
    const files = new Map<string, RevisionFile>();
    for (const file of listed.filter(f => f.endsWith(JOURNEY_FILE_EXTENSION) && posix.dirname(f) === folder)) {
        files.set(join(root, file), { bytes: gitOutput(root, ['show', `${base}:${file}`]), shown: `${base}:${file}` });
    }
    return loadRevisionJourneys(files, join(root, path), io, shownPath(join(root, path), io));
}
