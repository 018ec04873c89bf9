import { AstUtils, DefaultAstNodeDescriptionProvider, DefaultIndexManager, type AstNode, type AstNodeDescription, type DocumentSegment, type LangiumDocument, type LanguageMetaData, type Lexer, type LexerResult } from 'langium';
import type { IToken } from 'chevrotain';
import { NodeFileSystem } from 'langium/node';
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Position } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { ConfigError } from '../language/config.js';
import { Journey, JourneyTerminals, Model } from '../language/generated/ast.js';
import { JourneyMapsLanguageMetaData } from '../language/generated/module.js';
import { createJourneyCoreServices, type JourneyCoreServiceSet } from '../language/journey-core-module.js';
import { LazyDescription } from '../language/references/lazy-description.js';
import { t, type Locale } from '../i18n/index.js';
import { localized, sayIn } from '../language/localized-messages.js';
import { journeyBodies, journeyBodiesBlanked, linesKept } from '../language/journey-bodies.js';

export { journeyBodiesBlanked };
import { JourneyDiagramModule, type JourneyDiagramServices } from '../services/diagram-module.js';
import { environmentLocale } from './locale.js';
import { CliError, ioErrorReason, type CliIO } from './command.js';

export { ioErrorReason };
import { findJourneyFiles, IgnoreRules, journeyFilesUnder, workspaceFilesUnder, workspaceRootOf, type FindOptions } from './find-files.js';
import { realPath } from '../node/workspace-root.js';
import { decodeUtf8, hexByte, undecodableDiagnostic, Utf8Error, type DecodedText } from './utf8.js';

/** The argument that means "read the map from standard input". */
export const STDIN_ARG = '-';
/** How stdin is named in reports (ESLint's convention). */
export const STDIN_PATH = '<stdin>';

/** The `parseArgs` options every command that reads maps takes (see `fileOptions`). */
export const FILE_OPTIONS = {
    workspace: { type: 'string' },
    'stdin-filename': { type: 'string' },
    'ignore-pattern': { type: 'string', multiple: true },
    'no-error-on-unmatched-pattern': { type: 'boolean' }
} as const;

/** `WorkspaceOptions` from the values of `FILE_OPTIONS`. */
export function fileOptions(values: {
    workspace?: string; 'stdin-filename'?: string; 'ignore-pattern'?: string[]; 'no-error-on-unmatched-pattern'?: boolean;
}): Pick<WorkspaceOptions, 'workspaceDir' | 'stdinFilename' | 'find'> {
    return {
        workspaceDir: values.workspace,
        stdinFilename: values['stdin-filename'],
        find: { ignorePatterns: values['ignore-pattern'] ?? [], errorOnUnmatched: !values['no-error-on-unmatched-pattern'] }
    };
}

/** The files to read: as given, `-` added when `--stdin-filename` names where standard input stands. */
export function withStdin(paths: readonly string[], stdinFilename: string | undefined): string[] {
    return stdinFilename !== undefined && !paths.includes(STDIN_ARG) ? [...paths, STDIN_ARG] : [...paths];
}

export interface WorkspaceOptions {
    /** Run the checks (lint). Commands that only need the model (render, export) may skip them. Default true. */
    readonly validate?: boolean;
    /** `--config FILE` (relative to `io.cwd`): rule severities from this file instead of the nearest journey.config.json. */
    readonly configFile?: string;
    /** `--workspace DIR` (relative to `io.cwd`): the workspace root for every file, instead of finding it. */
    readonly workspaceDir?: string;
    /** `--stdin-filename PATH`: where standard input stands in the workspace (its config, its neighbours, its name in reports). */
    readonly stdinFilename?: string;
    /** Read the rest of the files' workspaces too (default true); `format` needs no names resolved. */
    readonly withContext?: boolean;
    /** `--ignore-pattern` and `--no-error-on-unmatched-pattern`. */
    readonly find?: FindOptions;
    /** Read maps that are not UTF-8 with U+FFFD instead of stopping: `format` checks each file itself (its own message, the others still formatted). */
    readonly lenientUtf8?: boolean;
    /**
     * lint: a given map that is not UTF-8 gets one `syntax` error at its first bad byte (CI annotates
     * it, the other maps are linted), and a neighbour that is not UTF-8 is left out, as an unreadable one is.
     */
    readonly undecodableAsDiagnostic?: boolean;
    /**
     * The files the user named (default the paths given): one of them that is not UTF-8 stops the
     * command; any other (found in a folder or glob, or beside them) is left out with a warning.
     */
    readonly named?: readonly string[];
    /** Build one shard of the workspace on a lint worker (src/cli/lint-workers.ts) instead of the whole. */
    readonly shard?: WorkspaceShard;
    /** The language of the diagnostics: `explicit` (lint's `--locale`) over each file's config, then `fallback` (LANG…). */
    readonly messageLocale?: { readonly explicit?: Locale; readonly fallback: Locale };
}

/**
 * A lint thread's part of a workspace: the files it claims (in path order, a few at a time
 * while it reads them, so a thread that started later or runs slower takes fewer). Every
 * file of the workspace is read first for its declarations only (a map that is one journey
 * from its header, `JourneyHeaders`; any other with its journey bodies blanked), so that
 * each claimed file can be linked and checked as soon as it is read. With `claimToIndex` and
 * `shareDeclarations`, the threads split that reading (each claims files to index as it claims
 * files to lint) and share what they found: else every thread reads every file.
 */
export interface WorkspaceShard {
    /** Every file of the workspace (absolute, in path order). */
    readonly files: readonly string[];
    /** The next files this shard lints, in path order; empty once every file is claimed. */
    claim(): readonly string[];
    /** Lints one claimed file (its configuration checked), the declarations of every file indexed. */
    lint(services: JourneyCoreServiceSet, path: string, uri: URI, text: string): Promise<void>;
    /** Once every file is claimed: what needs the facts of the whole workspace. */
    finish(services: JourneyCoreServiceSet): Promise<void>;
    /** Reports a claimed file that is not UTF-8 (lint: a diagnostic); without it, such a file stops the shard. */
    undecodable?(services: JourneyCoreServiceSet, path: string, uri: URI, error: Utf8Error): void;
    /** The indices in `files` of the next files this thread reads for their declarations; empty once every file is claimed. */
    claimToIndex?(): readonly number[];
    /** What this thread found in the files it indexed; resolves to what every thread found, in file order. */
    shareDeclarations?(own: DeclaredFile[]): Promise<readonly DeclaredFile[]>;
}

/**
 * What one lint thread found reading a file for its declarations, for every thread (posted
 * between threads: plain data). `text` is the file's, left out for the thread that read it (it keeps it).
 */
export type DeclaredFile =
    /** Cannot be read or is not UTF-8: it declares nothing (the thread that claims it to lint says why). */
    | { readonly file: number, readonly kind: 'unreadable' }
    /** A map that is one journey: declared from its header (`JourneyHeaders`). */
    | { readonly file: number, readonly kind: 'header', readonly header: JourneyHeader, readonly text?: string }
    /** Any other map: each thread parses it with its journey bodies blanked. */
    | { readonly file: number, readonly kind: 'parsed', readonly text?: string };

/**
 * A shard stopped at one of its files: reading it, or the configuration that applies to
 * it (on one thread every file is read before any configuration is checked, so a
 * reading error anywhere comes first, then the first file's configuration error).
 */
export class ShardFileError extends Error {
    constructor(readonly error: unknown, readonly path: string, readonly stage: 'read' | 'config') {
        super(error instanceof Error ? error.message : String(error));
    }
}

/** One loaded file. */
export interface WorkspaceDocument {
    /** Absolute path of the file, or `<stdin>`. */
    readonly path: string;
    readonly document: LangiumDocument<Model>;
    /** The document's diagnostics, sorted by line then column (empty when not validated). */
    readonly diagnostics: readonly Diagnostic[];
    /** The file began with a byte order mark: not in the document's text, whose positions are the editor's (`format` writes it back). */
    readonly bom?: boolean;
}

export interface JourneyWorkspace {
    /** Built with `BatchIndexManager`: references resolve, but "who references X" is not indexed. */
    readonly services: JourneyCoreServiceSet<JourneyDiagramServices>;
    /** The files given (not the rest of their workspace), sorted by path (stdin last). */
    readonly documents: readonly WorkspaceDocument[];
}

/**
 * Loads files, globs and folders (default: every `.journey` under `io.cwd`) with
 * the rest of their workspace (see `workspaceRootOf`), so names declared in any
 * file of it resolve, and builds them. Only the given files are validated; the
 * others are parsed and indexed, and linked only when a given file declares
 * top-level personas, channels or teams (whether they are used depends on every
 * file). Throws `CliError` (exit 2) for missing or unreadable files, globs or
 * folders that match nothing, and a configuration file that cannot be used.
 */
export async function loadWorkspace(paths: readonly string[], io: CliIO, options: WorkspaceOptions = {}): Promise<JourneyWorkspace> {
    if (options.workspaceDir !== undefined && !statOrUndefined(resolve(io.cwd, options.workspaceDir))?.isDirectory()) {
        throw new CliError(localized('cli.noSuchFolder', { option: '--workspace', folder: options.workspaceDir }));
    }
    const services = createJourneyCoreServices<JourneyDiagramServices>({ ...NodeFileSystem }, {
        workspace: { IndexManager: shared => new BatchIndexManager(shared) }
    }, JourneyDiagramModule, BATCH_MODULE, io.services ?? {});
    // Messages (syntax errors that stop render, export, format…) in --locale, else the config's, else LANG's language.
    Object.assign(services.Journey.config.MessageLocale, options.messageLocale ?? { fallback: environmentLocale(io.env) });
    const configFile = options.configFile === undefined ? undefined : checkConfigFile(options.configFile, io.cwd, configLocale(services));
    if (configFile) useConfigFile(services, configFile, io.cwd);
    if (options.shard) return await loadShard(options.shard, services, io);
    const rules = new IgnoreRules(io.cwd, options.find?.ignorePatterns);
    const args = paths.length > 0 ? paths : ['.'];
    const stdin = args.includes(STDIN_ARG) ? await readStdin(io, options) : undefined;
    // Standard input named as a file (--stdin-filename) is that file's text, as an editor's unsaved
    // buffer is: given too (by name, folder or glob), the file is read once, from standard input.
    const targets = findJourneyFiles(args.filter(arg => arg !== STDIN_ARG), io.cwd, rules, options.find)
        .filter(path => path !== stdin?.path).sort(comparePaths);
    const undecodable: Source[] = [];
    const named = new Set((options.named ?? args).map(arg => resolve(io.cwd, arg)));
    // A map that is not UTF-8 stops the command only when named by its path; one a folder or glob
    // found, or one beside them, is left out with a warning (lint: see undecodableAsDiagnostic).
    const leaveOut = options.undecodableAsDiagnostic ? undefined : (path: string, error: MapEncodingError) => warnLeftOut(path, error.utf8, io, services);
    const sources: Source[] = targets.flatMap(path => readSource(path, io.cwd, options, undecodable, named.has(path) ? undefined : leaveOut));
    if (stdin) (stdin.encodingError ? undecodable : sources).push(stdin);
    checkNearestConfigs(services, [...sources, ...undecodable], io);
    const given = new Set([...sources, ...undecodable].map(source => source.uri.fsPath));
    const context = options.withContext === false ? [] : contextFiles(sources, options.workspaceDir === undefined ? undefined : resolve(io.cwd, options.workspaceDir), rules, io.cwd)
        .filter(path => !given.has(path));
    const { LangiumDocumentFactory, LangiumDocuments } = services.shared.workspace;
    const add = (text: string, uri: URI) => {
        const document = LangiumDocumentFactory.fromString<Model>(text, uri);
        LangiumDocuments.addDocument(document);
        return document;
    };
    const documents = sources.map(source => ({ path: source.path, document: add(source.text, source.uri), bom: source.bom }));
    const validate = options.validate ?? true;
    // Whether shared names are used depends on every file's journeys; otherwise only what files export counts.
    const needsBodies = validate && sources.some(source => declaresSharedText(source.text));
    const others = context.flatMap(path => {
        const text = readContextText(path, io.cwd, options.undecodableAsDiagnostic, named.has(path) ? undefined : leaveOut);
        // A lint reports only ranges of other files (related information, a line in a message): their lines are enough.
        return text === undefined ? [] : [add(needsBodies ? text : journeyBodiesBlanked(text, validate ? 'lines' : 'offsets'), URI.file(path))];
    });
    await buildGivenInContext(services, documents.map(d => d.document), others, validate);
    return {
        services,
        documents: withUndecodable(documents.map(d => ({ ...d, diagnostics: validate ? sortDiagnostics(d.document.diagnostics ?? []) : [] })), undecodable, stdin?.path, services)
    };
}

/**
 * A given map's source; one that is not UTF-8 goes to `undecodable` instead when lint reports it
 * as a diagnostic, or is left out through `leaveOut` (a map the user did not name).
 */
function readSource(path: string, cwd: string, options: WorkspaceOptions, undecodable: Source[], leaveOut?: (path: string, error: MapEncodingError) => void): Source[] {
    const uri = URI.file(path);
    try {
        return [{ path, uri, ...readMap(path, cwd, options.lenientUtf8) }];
    } catch (error) {
        if (!(error instanceof MapEncodingError)) throw error;
        if (options.undecodableAsDiagnostic) undecodable.push({ path, uri, text: '', encodingError: error.utf8 });
        else if (leaveOut) leaveOut(path, error);
        else throw error;
        return [];
    }
}

/** The places already warned about, per run (its io): a map met as given and as a neighbour, or by both sides of compare, or at each redraw of preview is told once. */
const warnedLeftOut = new WeakMap<CliIO, Set<string>>();

/** The warning for a map that is not UTF-8 and is left out: at its file:line:column, in its language, as lint's diagnostic is. */
function warnLeftOut(path: string, error: Utf8Error, io: CliIO, services: JourneyCoreServiceSet): void {
    warnNotUtf8LeftOut(displayPath(path, io.cwd), error, services.Journey.config.MessageLocale.of(URI.file(path)), io);
}

/** That warning at `shown`:line:column (`shown` a file, or a file at a revision: `HEAD:maps/old.journey`), in `locale`. */
export function warnNotUtf8LeftOut(shown: string, error: Utf8Error, locale: Locale, io: CliIO): void {
    const warned = warnedLeftOut.get(io) ?? new Set<string>();
    warnedLeftOut.set(io, warned);
    const place = `${shown}:${error.line}:${error.column}`;
    if (warned.has(place)) return;
    warned.add(place);
    const reason = t(locale, 'cli.notUtf8LeftOut', { byte: hexByte(error.byte) });
    io.stderr.write(`${place}: ${t(locale, 'cli.warning', { reason })}\n`);
}

/** The linted documents with the maps that are not UTF-8, each with its one diagnostic (an empty, unbuilt document), in path order. */
function withUndecodable(documents: WorkspaceDocument[], undecodable: readonly Source[], stdinPath: string | undefined, services: JourneyCoreServiceSet): WorkspaceDocument[] {
    if (undecodable.length === 0) return documents;
    const { LangiumDocumentFactory } = services.shared.workspace;
    const reported = undecodable.map(({ path, uri, encodingError }) => ({
        path,
        document: LangiumDocumentFactory.fromString<Model>('', uri),
        diagnostics: [undecodableDiagnostic(encodingError!, services.Journey.config.MessageLocale.of(uri))]
    }));
    // Standard input stays last, as it was, whether it was read or not.
    return [...documents, ...reported].sort((a, b) => Number(a.path === stdinPath) - Number(b.path === stdinPath) || comparePaths(a.path, b.path));
}

/**
 * A lint thread's shard: every file's declarations are indexed (`ShardDeclarations`: from a lone
 * journey's header, else journey bodies blanked), then the claimed files are read, their
 * configurations checked as on one thread, and each handed to `shard.lint` as it is read
 * (claiming while linting is what balances the threads); `shard.finish` runs once every file
 * is claimed. What is reported is the shard's.
 */
async function loadShard(shard: WorkspaceShard, services: JourneyCoreServiceSet<JourneyDiagramServices>, io: CliIO): Promise<JourneyWorkspace> {
    const declarations = new ShardDeclarations(services, io.cwd);
    await declarations.load(shard);
    // Each file is read once: its text waits here until it is claimed. One that cannot be read is read
    // again when claimed, and the thread that claims it reports it, as on one thread.
    const texts = declarations.texts;
    const warned = new Set<string>();
    // After a configuration error the rest is still read: a reading error later in the shard comes first.
    let configError: ShardFileError | undefined;
    for (let batch = shard.claim(); batch.length > 0; batch = shard.claim()) {
        for (const path of batch) {
            let source: Source;
            try {
                source = { path, uri: URI.file(path), text: texts.get(path) ?? readText(path, io.cwd) };
                texts.delete(path);
            } catch (error) {
                if (!(shard.undecodable && error instanceof MapEncodingError)) throw new ShardFileError(error, path, 'read');
                source = { path, uri: URI.file(path), text: '', encodingError: error.utf8 };
            }
            if (configError) continue;
            try {
                checkNearestConfigs(services, [source], io, warned);
            } catch (error) {
                configError = new ShardFileError(error, path, 'config');
                continue;
            }
            if (source.encodingError) shard.undecodable!(services, path, source.uri, source.encodingError);
            else await shard.lint(services, path, source.uri, source.text);
        }
    }
    if (configError) throw configError;
    await shard.finish(services);
    return { services, documents: [] };
}

/**
 * A lint thread's index of the workspace's declarations (see `WorkspaceShard`), and the texts
 * it read for them, each kept until its file is claimed.
 */
class ShardDeclarations {
    readonly texts = new Map<string, string>();
    /** Lone journeys are indexed from their headers where the index takes descriptions as they come (lint's own). */
    private readonly fromHeaders?: { readonly index: BatchIndexManager, readonly headers: JourneyHeaders };

    constructor(private readonly services: JourneyCoreServiceSet, private readonly cwd: string) {
        const index = services.shared.workspace.IndexManager;
        if (index instanceof BatchIndexManager) this.fromHeaders = { index, headers: new JourneyHeaders(services) };
    }

    /** Indexes every file of the shard's workspace, in file order, the parsed ones built. */
    async load(shard: WorkspaceShard): Promise<void> {
        // Split whenever the shard can: every thread must come to the exchange.
        const documents = shard.claimToIndex && shard.shareDeclarations
            ? await this.shared(shard.files, shard.claimToIndex.bind(shard), shard.shareDeclarations.bind(shard))
            : shard.files.flatMap((path, file) => this.read(file, path));
        await this.services.shared.workspace.DocumentBuilder.build(documents, { validation: false, eagerLinking: false });
    }

    /** Every file read on this thread: what it found in each, declared at once. */
    private read(file: number, path: string): LangiumDocument<Model>[] {
        const found = this.found(file, path);
        return found.kind === 'unreadable' ? [] : this.declare(path, found.text!, found.kind === 'header' ? found.header : undefined);
    }

    /** The files this thread claims read here, the others' headers and texts from the threads that read them. */
    private async shared(files: readonly string[], claim: () => readonly number[], share: (own: DeclaredFile[]) => Promise<readonly DeclaredFile[]>): Promise<LangiumDocument<Model>[]> {
        const own: DeclaredFile[] = [];
        for (let batch = claim(); batch.length > 0; batch = claim()) {
            for (const file of batch) own.push(this.found(file, files[file]));
        }
        return (await share(own)).flatMap(found => {
            const path = files[found.file];
            // A text no thread sent (none should be missing) is read here.
            const text = found.kind === 'unreadable' ? undefined : this.texts.get(path) ?? found.text ?? declarationsText(path, this.cwd);
            if (text === undefined) return [];
            this.texts.set(path, text);
            return this.declare(path, text, found.kind === 'header' ? found.header : undefined);
        });
    }

    /** What the file at `path` (`file` in the shard's order) declares, for every thread. */
    private found(file: number, path: string): DeclaredFile {
        const text = declarationsText(path, this.cwd);
        if (text === undefined) return { file, kind: 'unreadable' };
        this.texts.set(path, text);
        const header = this.fromHeaders?.headers.headerOf(text);
        return header ? { file, kind: 'header', header, text } : { file, kind: 'parsed', text };
    }

    /** Declares a file in its place in the index: a lone journey from its `header`, any other as its blanked document, returned to be built. */
    private declare(path: string, text: string, header: JourneyHeader | undefined): LangiumDocument<Model>[] {
        const uri = URI.file(path);
        if (this.fromHeaders) {
            // In file order, each file's place in the index (where a name declared twice is looked up first); a parsed one fills its place when built.
            const { index, headers } = this.fromHeaders;
            index.declare(uri, header ? headers.describe(header, text, uri) : []);
            if (header) return [];
        }
        // Lines kept, not offsets: what lint reports of another file is a range (related information, a line in a message).
        const { LangiumDocumentFactory, LangiumDocuments } = this.services.shared.workspace;
        const document = LangiumDocumentFactory.fromString<Model>(journeyBodiesBlanked(text, 'lines'), uri);
        LangiumDocuments.addDocument(document);
        return [document];
    }
}

/** A file's text for its declarations; undefined when it cannot be read or is not UTF-8 (the thread that claims it says so). */
function declarationsText(path: string, cwd: string): string | undefined {
    try {
        return readContextText(path, cwd);
    } catch {
        return undefined;
    }
}

/**
 * Builds the given documents fully and the others only as far as needed: every file
 * is indexed before anything is linked (so links into the given files resolve); the
 * others are linked only when a given file declares shared names, since whether those
 * are used depends on every file; only the given ones are validated.
 */
async function buildGivenInContext(services: JourneyCoreServiceSet, given: LangiumDocument<Model>[], others: LangiumDocument<Model>[], validate: boolean): Promise<void> {
    const { DocumentBuilder, IndexManager } = services.shared.workspace;
    // Each file's place in the index in path order, as when the whole workspace is given: where a name is
    // declared twice, references find the first file's (the one duplicate-name calls first), not a context file's.
    if (IndexManager instanceof BatchIndexManager) {
        for (const document of [...given, ...others].sort((a, b) => comparePaths(a.uri.fsPath, b.uri.fsPath))) IndexManager.declare(document.uri, []);
    }
    await DocumentBuilder.build(others, { validation: false, eagerLinking: false });
    if (validate && given.some(declaresShared)) {
        await DocumentBuilder.build(given, { validation: false, eagerLinking: false });
        await DocumentBuilder.build(others, { validation: false });
    }
    await DocumentBuilder.build(given, { validation: validate });
}

/**
 * What a map whose only top-level element is one journey (nearly every map of a workspace)
 * declares, read from its text instead of parsed: the journey's name, at the range the
 * parser gives it in the blanked text (`journeyBodiesBlanked`, the same header). The header
 * and what follows the journey's block are checked with the language's own lexer: exactly
 * `journey Name "title"? {` and nothing after the `}` but spaces and comments. Any other
 * map (top-level personas, a header with a slip, a value keyword as the name…) is
 * undefined: it is parsed, blanked, as before. A lint thread reads every file of the
 * workspace for its declarations; parsing these (and building their documents) was most
 * of that cost.
 */
export class JourneyHeaders {
    private readonly lexer: Lexer;
    /** The path of a file's first top-level journey, as the index gives it (`/journeys@0`). */
    private readonly journeyPath: string;

    constructor(services: JourneyCoreServiceSet) {
        this.lexer = services.Journey.parser.Lexer;
        const model = { $type: Model.$type };
        const journey = { $type: Journey.$type, $container: model, $containerProperty: 'journeys', $containerIndex: 0 };
        this.journeyPath = services.Journey.workspace.AstNodeLocator.getAstNodePath(journey as unknown as AstNode);
    }

    declarationsOf(text: string, uri: URI): AstNodeDescription[] | undefined {
        const header = this.headerOf(text);
        return header && this.describe(header, text, uri);
    }

    /** The header of a map that is one journey, as plain data (another lint thread may describe it); undefined: parse the map. */
    headerOf(text: string): JourneyHeader | undefined {
        const bodies = journeyBodies(text);
        const first = bodies.next();
        if (first.done || first.value[1] === text.length || !bodies.next().done) return undefined;
        const [open, close] = first.value;
        const header = this.lexer.tokenize(text.slice(0, open));
        const after = this.lexer.tokenize(text.slice(close + 1));
        if (!isClean(header) || !isClean(after) || after.tokens.length > 0) return undefined;
        const types = header.tokens.map(token => token.tokenType.name).join(' ');
        if (types !== 'journey ID {' && types !== 'journey ID STRING {') return undefined;
        return { name: tokenPlace(header.tokens[1]), keyword: tokenPlace(header.tokens[0]), open, close };
    }

    /** What `headerOf` found in `text`, as the index holds it. */
    describe(header: JourneyHeader, text: string, uri: URI): AstNodeDescription[] {
        return [new JourneyHeaderDescription(header, text, uri, this.journeyPath)];
    }
}

/** A lone journey's header: its name and its keyword where the lexer read them, the offsets of its body's `{` and `}`. */
export interface JourneyHeader {
    readonly name: TokenPlace;
    readonly keyword: TokenPlace;
    readonly open: number;
    readonly close: number;
}

/** The part of a token a description needs (a token itself cannot be posted to another thread: it holds its type). */
interface TokenPlace {
    readonly image: string;
    readonly startOffset: number;
    readonly startLine: number;
    readonly startColumn: number;
}

function tokenPlace(token: IToken): TokenPlace {
    return { image: token.image, startOffset: token.startOffset, startLine: token.startLine!, startColumn: token.startColumn! };
}

function isClean(result: LexerResult): boolean {
    return result.errors.length === 0 && (result.report?.diagnostics.length ?? 0) === 0;
}

/**
 * A journey's description from its header's tokens: no node (nothing refers to a journey).
 * Its ranges and offsets are those the parser gives in the blanked text (`'lines'`), as for
 * every other file a lint thread indexes: ranges as in the file, offsets past the body not.
 */
class JourneyHeaderDescription implements AstNodeDescription {
    readonly type = Journey.$type;
    readonly name: string;
    readonly nameSegment: DocumentSegment;
    private computedSelection?: DocumentSegment;

    constructor(private readonly header: JourneyHeader, private readonly text: string, readonly documentUri: URI, readonly path: string) {
        const name = header.name;
        this.name = name.image;
        this.nameSegment = segment(name.startOffset, name.startOffset + name.image.length, position(name), { line: name.startLine - 1, character: name.startColumn - 1 + name.image.length });
    }

    /** From `journey` to its `}` (read for no check of another file; computed when first read). */
    get selectionSegment(): DocumentSegment {
        if (!this.computedSelection) {
            const { keyword, open, close } = this.header;
            const before = this.text.slice(0, close);
            const lineBreaks = before.match(/\r\n?|\n/g) ?? [];
            const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
            const end = { line: lineBreaks.length, character: close - lineStart + 1 };
            const closeBlanked = open + linesKept(this.text.slice(open, close)).length;
            this.computedSelection = segment(keyword.startOffset, closeBlanked + 1, position(keyword), end);
        }
        return this.computedSelection;
    }
}

function position(token: TokenPlace): Position {
    return { line: token.startLine - 1, character: token.startColumn - 1 };
}

function segment(offset: number, end: number, start: Position, endPosition: Position): DocumentSegment {
    return { offset, end, length: end - offset, range: { start, end: endPosition } };
}


/**
 * What `declaresSharedText` looks at outside the journeys' bodies: the grammar's strings and
 * comments (skipped whole, as the lexer reads them) and the keywords that declare shared names.
 */
const SHARED_SCANNED = new RegExp([JourneyTerminals.STRING, JourneyTerminals.ML_COMMENT, JourneyTerminals.SL_COMMENT, /\b(?:persona|channel|team)\b/].map(pattern => pattern.source).join('|'), 'g');

/**
 * Whether a map's text may declare top-level personas, channels or teams (a cheap over-estimate:
 * such a word outside the journeys' bodies, strings and comments). Where it says so, a lint of
 * the map links the whole workspace (or lints it whole on threads): a word in a comment must not.
 */
export function declaresSharedText(text: string): boolean {
    for (const [token] of journeyBodiesBlanked(text).matchAll(SHARED_SCANNED)) {
        // A string starts with a quote, a comment with a slash: anything else is the keyword.
        if (!/^["'/]/.test(token)) return true;
    }
    return false;
}

/** Whether the map declares top-level personas, channels or teams, which other files may use. */
export function declaresShared(document: LangiumDocument<Model>): boolean {
    const root = document.parseResult.value;
    return root.personas.length + root.channels.length + root.teams.length > 0;
}

/**
 * The other maps of the workspaces of `sources`: under `workspaceDir` when given,
 * else under each file's own root; the ignore files apply, dot-folders are skipped.
 */
function contextFiles(sources: readonly Source[], workspaceDir: string | undefined, rules: IgnoreRules, cwd: string): string[] {
    const roots = new Set(workspaceDir !== undefined ? [workspaceDir] : []);
    // A map given through a symbolic link may be listed under its root by its real path (its real folder
    // is the root's, or inside the root as the link is): read once, as given.
    const givenByRealPath = new Set<string>();
    for (const source of workspaceDir !== undefined ? [] : sources) {
        roots.add(workspaceRootOf(dirname(source.uri.fsPath), cwd));
        const real = realPath(source.uri.fsPath);
        if (real !== source.uri.fsPath) givenByRealPath.add(real);
    }
    const files = new Set<string>();
    for (const root of roots) {
        for (const file of workspaceDir !== undefined ? journeyFilesUnder(root, rules) : workspaceFilesUnder(root, rules, cwd)) {
            if (!givenByRealPath.has(file)) files.add(file);
        }
    }
    return [...files].sort(comparePaths);
}

/**
 * A file of the workspace that is not one of the given ones: one that cannot be read is
 * left out, it is not reported on; one that is not UTF-8 is an error (its names would be mangled),
 * or for lint (`undecodableLeftOut`) left out too, as the threads leave it out of the declarations.
 */
function readContextText(path: string, cwd: string, undecodableLeftOut = false, leaveOut?: (path: string, error: MapEncodingError) => void): string | undefined {
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch {
        return undefined;
    }
    if (undecodableLeftOut && !isUtf8(bytes)) return undefined;
    try {
        return decodeMap(bytes, () => displayPath(path, cwd)).text;
    } catch (error) {
        if (!(leaveOut && error instanceof MapEncodingError)) throw error;
        leaveOut(path, error);
        return undefined;
    }
}

/**
 * A map's text, as editors have it (no byte order mark: see decodeUtf8); bytes that are not UTF-8 are a usage error at
 * `shown():line:column` (named only then: path.relative per file is not free), not U+FFFD in the text, unless `lenient`.
 */
export function decodeMap(bytes: Uint8Array, shown: () => string, lenient = false): DecodedText {
    try {
        return decodeUtf8(bytes, lenient);
    } catch (error) {
        if (error instanceof Utf8Error) throw new MapEncodingError(localized('cli.atPlace', { place: `${shown()}:${error.line}:${error.column}`, reason: error.reason }), error);
        throw error;
    }
}

/** A map that is not UTF-8: a usage error, or (lint) a diagnostic at `utf8`'s place. */
export class MapEncodingError extends CliError {
    constructor(message: string, readonly utf8: Utf8Error) {
        super(message);
    }
}

/**
 * A `journey.config.json` that applies to a given file but cannot be used stops the
 * command (exit 2) at the config file's own line and column, whichever way it was
 * found (nearest up the tree or `--config`), instead of flagging every map.
 */
function checkNearestConfigs(services: JourneyCoreServiceSet, sources: readonly Source[], io: CliIO, warned = new Set<string>()): void {
    for (const source of sources) {
        const { error, configFile, warnings = [] } = services.Journey.config.RuleSeverities.resolve(source.uri);
        if (error) throw configCliError(error, io.cwd, services);
        // A setting without effect (`"syntax": "off"`) is told once per file; the exit code stays that of the maps.
        if (configFile === undefined || warned.has(configFile)) continue;
        warned.add(configFile);
        const locale = configLocale(services);
        for (const warning of warnings) {
            io.stderr.write(`${displayPath(configFile, io.cwd)}:${warning.line}:${warning.column}: ${t(locale, 'cli.warning', { reason: sayIn(locale, warning.reason) })}\n`);
        }
    }
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

    /** What a file declares, known without its document (`JourneyHeaders`); building a document of it replaces them. */
    declare(uri: URI, descriptions: AstNodeDescription[]): void {
        const key = uri.toString();
        this.symbolIndex.set(key, descriptions);
        this.symbolByTypeIndex.clear(key);
    }
}

/**
 * Every named declaration (each touchpoint, stage, ...) gets a description when indexed: here
 * its source segments and path are found when first read (lazy-description.ts), which a batch
 * run does for few of them.
 */
class BatchAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        name ??= this.nameProvider.getName(node);
        if (!name) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new LazyDescription(node, name, (document ?? AstUtils.getDocument(node)).uri, this.nameProvider, this.astNodeLocator);
    }
}

/**
 * The services one-shot commands replace (see `BatchIndexManager` for the shared ones).
 * In production mode chevrotain skips its checks of the grammar when it builds the lexer and
 * the parser (about 40 ms of each lint thread's start-up); the language server and the tests
 * keep them, so a grammar they would reject never reaches the CLI.
 */
const BATCH_MODULE = {
    // Standard input is a map named `<stdin>` (readStdin), without the extension that tells the language.
    LanguageMetaData: () => ({ ...JourneyMapsLanguageMetaData, fileNames: [STDIN_PATH], mode: 'production' }) satisfies LanguageMetaData,
    workspace: { AstNodeDescriptionProvider: (services: JourneyCoreServiceSet['Journey']) => new BatchAstNodeDescriptionProvider(services) }
};

/** The absolute path of a `--config` file, once it is known to exist. */
/** --config's file, or a usage error in the messages' language: missing, or there but no regular file (a folder, a device). */
function checkConfigFile(arg: string, cwd: string, locale: Locale): string {
    const path = resolve(cwd, arg);
    const stat = statOrUndefined(path);
    if (!stat) throw new CliError(t(locale, 'cli.configNotFound', { file: arg }));
    if (!stat.isFile()) throw new CliError(t(locale, 'cli.configNotReadable', { file: arg, reason: t(locale, 'config.notRegularFile') }));
    return path;
}

/** Rule severities from `path` for every document; a bad file is a usage error at its line and column. */
function useConfigFile(services: JourneyCoreServiceSet, path: string, cwd: string): void {
    try {
        services.Journey.config.RuleSeverities.useConfigFile(path);
    } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw configCliError(error, cwd, services);
    }
}

function configCliError(error: ConfigError, cwd: string, services: JourneyCoreServiceSet): CliError {
    const locale = configLocale(services);
    const place = `${displayPath(error.file, cwd)}:${error.line}:${error.column}`;
    return new CliError(t(locale, 'cli.invalidConfig', { place, reason: sayIn(locale, error.reason) }));
}

/** The language of what is said about a configuration file: lint's `--locale`, else LANG's (its own `"locale"` may be what is wrong). */
function configLocale(services: JourneyCoreServiceSet): Locale {
    return services.Journey.config.MessageLocale.of(undefined);
}

interface Source {
    readonly path: string;
    readonly uri: URI;
    readonly text: string;
    /** The file began with a byte order mark, which `text` leaves out. */
    readonly bom?: boolean;
    /** Set when the map is not UTF-8 and lint reports it (`undecodableAsDiagnostic`): `text` is then empty. */
    readonly encodingError?: Utf8Error;
}

/**
 * Standard input as a map: at `--stdin-filename` when given (its workspace, its config,
 * reported under that name), else as a file of the current folder reported as `<stdin>`.
 */
async function readStdin(io: CliIO, { stdinFilename, undecodableAsDiagnostic }: WorkspaceOptions): Promise<Source> {
    const path = stdinFilename === undefined ? STDIN_PATH : resolve(io.cwd, stdinFilename);
    // Named `<stdin>` in the current folder: what another map's message calls it (BATCH_MODULE gives the name the language).
    const uri = URI.file(stdinFilename === undefined ? join(io.cwd, STDIN_PATH) : path);
    try {
        return { path, uri, ...decodeMap(await readStreamBytes(io.stdin), () => stdinFilename ?? STDIN_PATH) };
    } catch (error) {
        // As a file that is not UTF-8 (readSource): lint reports it at its first bad byte and goes on.
        if (!(undecodableAsDiagnostic && error instanceof MapEncodingError)) throw error;
        return { path, uri, text: '', encodingError: error.utf8 };
    }
}

/** A map's text (see `decodeMap`); a file that cannot be read is a usage error. */
export function readText(path: string, cwd: string): string {
    return readMap(path, cwd).text;
}

/** A map's text and whether it began with a byte order mark (see `decodeMap`); a file that cannot be read is a usage error. */
function readMap(path: string, cwd: string, lenientUtf8 = false): DecodedText {
    let bytes: Buffer;
    try {
        bytes = readFileSync(path);
    } catch (error) {
        throw new CliError(localized('cli.cannotRead', { file: displayPath(path, cwd), reason: ioErrorReason(error) }));
    }
    return decodeMap(bytes, () => displayPath(path, cwd), lenientUtf8);
}

export function readStreamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
    return new Promise((resolveBytes, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
        stream.on('end', () => resolveBytes(Buffer.concat(chunks)));
        stream.on('error', error => reject(new CliError(localized('cli.cannotReadStdin', { reason: error.message }))));
    });
}

function statOrUndefined(path: string) {
    try {
        return statSync(path);
    } catch {
        return undefined;
    }
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
