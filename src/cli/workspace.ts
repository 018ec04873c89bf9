import { DefaultIndexManager, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { ConfigError, JOURNEY_FILE_EXTENSION } from '../language/config.js';
import type { Model } from '../language/generated/ast.js';
import { createJourneyServices, type JourneyServiceSet } from '../language/journey-module.js';
import { CliError, type CliIO } from './command.js';

/** Folders never searched when a folder or glob is expanded. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** The argument that means "read the map from standard input". */
export const STDIN_ARG = '-';
/** How stdin is named in reports (ESLint's convention). */
export const STDIN_PATH = '<stdin>';

export interface WorkspaceOptions {
    /** Run the checks (lint). Commands that only need the model (render, export) may skip them. Default true. */
    readonly validate?: boolean;
    /** `--config FILE` (relative to `io.cwd`): rule severities from this file instead of the nearest journey.config.json. */
    readonly configFile?: string;
}

/** One loaded file. */
export interface WorkspaceDocument {
    /** Absolute path of the file, or `<stdin>`. */
    readonly path: string;
    readonly document: LangiumDocument<Model>;
    /** The document's diagnostics, sorted by line then column (empty when not validated). */
    readonly diagnostics: readonly Diagnostic[];
}

export interface JourneyWorkspace {
    /** Built with `BatchIndexManager`: references resolve, but "who references X" is not indexed. */
    readonly services: JourneyServiceSet;
    /** Every file, sorted by path (stdin last). */
    readonly documents: readonly WorkspaceDocument[];
}

/**
 * Loads files, globs and folders (default: every `.journey` under `io.cwd`) into
 * ONE Langium workspace, so references between the given files resolve, and builds
 * it. Throws `CliError` (exit 2) for missing or unreadable files and globs or
 * folders that match nothing.
 */
export async function loadWorkspace(paths: readonly string[], io: CliIO, options: WorkspaceOptions = {}): Promise<JourneyWorkspace> {
    const configFile = options.configFile === undefined ? undefined : checkConfigFile(options.configFile, io.cwd);
    const sources = await readSources(paths.length > 0 ? paths : ['.'], io);
    const services = createJourneyServices({ ...NodeFileSystem }, {
        workspace: { IndexManager: shared => new BatchIndexManager(shared) }
    });
    if (configFile) useConfigFile(services, configFile, io.cwd);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const documents = sources.map(source => {
        const document = LangiumDocumentFactory.fromString<Model>(source.text, source.uri);
        LangiumDocuments.addDocument(document);
        return { path: source.path, document };
    });
    const validate = options.validate ?? true;
    await DocumentBuilder.build(documents.map(d => d.document), { validation: validate });
    return {
        services,
        documents: documents.map(d => ({ ...d, diagnostics: validate ? sortDiagnostics(d.document.diagnostics ?? []) : [] }))
    };
}

/**
 * One-shot commands never ask who references a declaration (that index serves
 * find-references and rename in the editor), so building it is skipped: about
 * 8% of lint's time on a large workspace (see `npm run bench -- lint`).
 */
class BatchIndexManager extends DefaultIndexManager {
    override async updateReferences(): Promise<void> {
        // Nothing reads the reference index in a batch run.
    }
}

/** The absolute path of a `--config` file, once it is known to exist. */
function checkConfigFile(arg: string, cwd: string): string {
    const path = resolve(cwd, arg);
    if (!statOrUndefined(path)?.isFile()) throw new CliError(`config file not found: '${arg}'`);
    return path;
}

/** Rule severities from `path` for every document; a bad file is a usage error at its line and column. */
function useConfigFile(services: JourneyServiceSet, path: string, cwd: string): void {
    try {
        services.Journey.config.RuleSeverities.useConfigFile(path);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new CliError(`invalid config file ${displayPath(error.file, cwd)}:${error.line}:${error.column}: ${error.reason}`);
    }
}

interface Source {
    readonly path: string;
    readonly uri: URI;
    readonly text: string;
}

async function readSources(args: readonly string[], io: CliIO): Promise<Source[]> {
    const files = new Set<string>();
    let readsStdin = false;
    for (const arg of args) {
        if (arg === STDIN_ARG) {
            readsStdin = true;
        } else {
            for (const file of expandArgument(arg, io.cwd)) files.add(file);
        }
    }
    const sources = [...files].sort(comparePaths).map(path => ({ path, uri: URI.file(path), text: readText(path, io.cwd) }));
    if (readsStdin) {
        // Named as a file of the current folder so the nearest journey.config.json applies to it.
        sources.push({ path: STDIN_PATH, uri: URI.file(join(io.cwd, '__stdin__' + JOURNEY_FILE_EXTENSION)), text: await readStream(io.stdin) });
    }
    return sources;
}

/** A file as given, every `.journey` of a folder, or every `.journey` a glob matches. */
function expandArgument(arg: string, cwd: string): string[] {
    const path = resolve(cwd, arg);
    const stats = statOrUndefined(path);
    if (stats?.isDirectory()) {
        const found = walk(path, Infinity).filter(f => f.endsWith(JOURNEY_FILE_EXTENSION));
        if (found.length === 0) throw new CliError(`no ${JOURNEY_FILE_EXTENSION} files found in folder '${arg}'`);
        return found;
    }
    if (stats) return [path];
    if (isGlob(arg)) {
        const found = expandGlob(arg, cwd);
        if (found.length === 0) throw new CliError(`no ${JOURNEY_FILE_EXTENSION} files match the pattern '${arg}'`);
        return found;
    }
    throw new CliError(`no such file or folder: '${arg}'`);
}

function readText(path: string, cwd: string): string {
    try {
        return readFileSync(path, 'utf8');
    } catch (error) {
        throw new CliError(`cannot read '${displayPath(path, cwd)}' (${ioErrorReason(error)})`);
    }
}

/** A file system error's reason: Node's message without the syscall and the absolute path it repeats. */
export function ioErrorReason(error: unknown): string {
    return (error as Error).message.replace(/, \w+ '.*'$/, '');
}

export function readStream(stream: NodeJS.ReadableStream): Promise<string> {
    return new Promise((resolveText, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
        stream.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', error => reject(new CliError(`cannot read standard input: ${error.message}`)));
    });
}

function statOrUndefined(path: string) {
    try {
        return statSync(path);
    } catch {
        return undefined;
    }
}

/** Every file under `folder`, at most `depth` folders down, skipping node_modules and .git. */
function walk(folder: string, depth: number): string[] {
    let entries: Dirent[];
    try {
        entries = readdirSync(folder, { withFileTypes: true });
    } catch {
        return []; // an unreadable folder inside the tree is skipped, like `find` does
    }
    const files: string[] = [];
    for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
            if (depth > 1 && !SKIPPED_FOLDERS.has(entry.name)) files.push(...walk(path, depth - 1));
        } else if (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(path)?.isFile())) {
            files.push(path);
        }
    }
    return files;
}

const GLOB_CHARS = /[*?[\]{}]/;

export function isGlob(pattern: string): boolean {
    return GLOB_CHARS.test(pattern);
}

/**
 * The `.journey` files matching a glob: `*`, `?`, `[abc]`, `[!abc]`, `{a,b}` and
 * `**` (any number of folders). Node 20 has no `fs.glob`, and shells in CI often
 * pass patterns quoted.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
    const matches = new Set<string>();
    for (const alternative of expandBraces(pattern.replaceAll('\\', '/'))) {
        const segments = alternative.split('/');
        const firstGlob = segments.findIndex(s => isGlob(s));
        const base = resolve(cwd, segments.slice(0, firstGlob).join('/') || '.');
        const rest = segments.slice(firstGlob);
        const matcher = globToRegExp(rest);
        const depth = rest.includes('**') ? Infinity : rest.length;
        for (const file of walk(base, depth)) {
            if (file.endsWith(JOURNEY_FILE_EXTENSION) && matcher.test(relative(base, file).split(sep).join('/'))) matches.add(file);
        }
    }
    return [...matches];
}

/** `a{b,c}d` → `abd`, `acd` (nested braces included). */
export function expandBraces(pattern: string): string[] {
    const open = pattern.indexOf('{');
    if (open < 0) return [pattern];
    let level = 0;
    const commas: number[] = [];
    for (let i = open; i < pattern.length; i++) {
        const char = pattern[i];
        if (char === '{') level++;
        else if (char === '}' && --level === 0) {
            const cuts = [open, ...commas, i];
            const head = pattern.slice(0, open);
            const tails = expandBraces(pattern.slice(i + 1));
            return cuts.slice(1).flatMap((cut, k) =>
                expandBraces(pattern.slice(cuts[k] + 1, cut)).flatMap(middle => tails.map(tail => head + middle + tail)));
        } else if (char === ',' && level === 1) commas.push(i);
    }
    return [pattern]; // unbalanced: taken literally
}

/** A RegExp for slash-separated glob segments, matched against a slash-separated relative path. */
export function globToRegExp(segments: readonly string[]): RegExp {
    const parts = segments.map((segment, index) => {
        const last = index === segments.length - 1;
        if (segment === '**') return last ? '.*' : '(?:[^/]+/)*';
        return segmentToRegExp(segment) + (last ? '' : '/');
    });
    return new RegExp(`^${parts.join('')}$`, 'u');
}

function segmentToRegExp(segment: string): string {
    let source = '';
    for (let i = 0; i < segment.length; i++) {
        const char = segment[i];
        if (char === '*') source += '[^/]*';
        else if (char === '?') source += '[^/]';
        else if (char === '[' && segment.indexOf(']', i + 2) > 0) {
            const close = segment.indexOf(']', i + 2);
            const body = segment.slice(i + 1, close);
            const negated = body.startsWith('!') || body.startsWith('^');
            source += `[${negated ? '^' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&')}]`;
            i = close;
        } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return source;
}

/** Plain code-unit order: the same on every machine and locale. */
function comparePaths(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Diagnostics by start line, start column, then end, rule id and message: a stable order for every format. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return [...diagnostics].sort((a, b) =>
        a.range.start.line - b.range.start.line
        || a.range.start.character - b.range.start.character
        || a.range.end.line - b.range.end.line
        || a.range.end.character - b.range.end.character
        || comparePaths(String(a.code ?? ''), String(b.code ?? ''))
        || comparePaths(a.message, b.message));
}

/** A path as the user wants to read it: relative to `base` when inside it, with forward slashes. */
export function displayPath(path: string, base: string): string {
    if (path === STDIN_PATH) return path;
    const rel = relative(base, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
    return rel.split(sep).join('/');
}
