import { dirname, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LangiumDocument } from 'langium';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import type { Model } from '../language/generated/ast.js';
import type { JourneyCoreServices } from '../language/journey-core-module.js';
import type { Locale, MessageKey } from '../i18n/index.js';
import { firstSyntaxProblem } from '../language/syntax-problem.js';
import { clampedEmotions } from '../language/emotions.js';
import { RuleIds } from '../language/rules.js';
import { t } from '../i18n/index.js';
import { localized } from '../language/localized-messages.js';
import { FileWriteError, makeFolder, writeFileAtomic } from './atomic-write.js';
import { CliError, type CliIO, parseCommandOptions } from './command.js';
import { warnUnresolvedNames } from './unresolved-warning.js';
import { displayPath, loadWorkspace, STDIN_ARG, STDIN_PATH, type JourneyWorkspace, type WorkspaceOptions } from './workspace.js';
import { inGivenOrder, workspaceGroups } from './workspace-groups.js';

export interface LoadedMap {
    readonly workspace: JourneyWorkspace;
    readonly document: LangiumDocument<Model>;
    /** How to name the file in messages. */
    readonly shown: string;
}

/**
 * One map for preview, loaded with the rest of its workspace so personas, channels and
 * teams declared there resolve. A syntax error stops the command with file:line:column (exit 1).
 */
export async function loadMap(file: string, io: CliIO, options: WorkspaceOptions = {}, warnFor?: string | null): Promise<LoadedMap> {
    const [map] = await loadMaps([file], io, options, warnFor);
    if (!map) throw new CliError(localized('cli.notOneMapFile', { file, extension: JOURNEY_FILE_EXTENSION }));
    return map;
}

/**
 * The maps of the arguments (files, folders, globs, `-`) for render and export, each with the
 * rest of its workspace: maps of several workspaces are loaded workspace by workspace, as lint
 * does, so that each resolves its names in its own. A syntax error in any stops the command
 * with file:line:column (exit 1). What the outputs use otherwise than written is warned about (warnUsedOtherwise) in the
 * journey `warnFor` only when given (the one output), in none when null (the caller warns).
 */
export async function loadMaps(files: readonly string[], io: CliIO, options: WorkspaceOptions = {}, warnFor?: string | null): Promise<LoadedMap[]> {
    const groups = workspaceGroups(files, io, options);
    const maps: (LoadedMap & { path: string })[] = [];
    for (const group of groups) {
        // Every file named, not only the group's: a map named in another group stops the command, never a warning here.
        const workspace = await loadWorkspace(group, io, { named: files, ...options, validate: false });
        maps.push(...workspace.documents.map(({ path, document }) => ({ path, workspace, document, shown: path === STDIN_PATH ? STDIN_PATH : displayPath(path, io.cwd) })));
    }
    const ordered = groups.length === 1 ? maps : inGivenOrder(maps, io, options.stdinFilename);
    return ordered.map(({ workspace, document, shown }) => {
        const locale = workspace.services.Journey.config.MessageLocale.of(document.uri);
        stopAtSyntaxProblem(document, shown, locale);
        if (warnFor !== null) warnUsedOtherwise(workspace.services.Journey, document, shown, locale, io, warnFor);
        return { workspace, document, shown };
    });
}

/** Stops the command (exit 1) at the first syntax problem of `document`, said in `locale`, as `shown`:line:column. */
export function stopAtSyntaxProblem(document: LangiumDocument, shown: string, locale: Locale = 'en'): void {
    const problem = firstSyntaxProblem(document, locale);
    if (problem) throw new CliError({ fixed: `${shown}:${problem.line}:${problem.column}: ${problem.message}` }, 1);
}

/**
 * The warnings of a map whose output differs from its text (it is written all the same, exit 0): its
 * emotions used clamped and its names that resolve to nothing, of journey `journey` only when given.
 */
export function warnUsedOtherwise(services: JourneyCoreServices, document: LangiumDocument<Model>, shown: string, locale: Locale, io: CliIO, journey?: string): void {
    warnClampedEmotions(document, shown, locale, io, journey);
    warnUnresolvedNames(services.validation.ReferenceDiagnostics, services.config.RuleSeverities.severitiesFor(document.uri), document, shown, locale, io, journey);
}

/** The emotions warned about, per command run (its io), as shown:line:character (an old revision's file is shown apart from the working tree's). */
const warnedEmotions = new WeakMap<CliIO, Set<string>>();

/**
 * A warning on stderr at `shown`:line:column for each emotion outside -2 … +2,
 * which the outputs use clamped (an `emotion-range` error for lint; import clamps Mermaid
 * scores the same way): the output goes on, and says where it differs from the text. Only those of
 * journey `journey` when given (the one output); each once per command, though a file be loaded
 * for each side of a comparison.
 */
function warnClampedEmotions(document: LangiumDocument<Model>, shown: string, locale: Locale, io: CliIO, journey?: string): void {
    let said = warnedEmotions.get(io);
    if (!said) warnedEmotions.set(io, said = new Set());
    for (const e of clampedEmotions(document.parseResult.value)) {
        const where = `${shown}:${e.line}:${e.character}`;
        if ((journey !== undefined && e.journey !== journey) || said.has(where)) continue;
        said.add(where);
        const params = { value: e.written, name: e.touchpoint, used: e.used };
        const reason = e.persona === undefined ? t(locale, 'cli.emotionClamped', params) : t(locale, 'cli.emotionClampedPersona', { ...params, persona: e.persona });
        io.stderr.write(`${shown}:${e.line + 1}:${e.character + 1}: ${t(locale, 'cli.warning', { reason })} (${RuleIds.emotionRange})\n`);
    }
}

/**
 * The format an output file's extension names (`-o map.png`), for when `-f` is not given;
 * undefined for standard output or an extension of no format.
 */
function formatFromExtension<F extends string>(out: string | undefined, byExtension: Readonly<Record<string, F>>): F | undefined {
    if (out === undefined) return undefined;
    const extension = extname(out).toLowerCase().slice(1);
    return Object.hasOwn(byExtension, extension) ? byExtension[extension] : undefined;
}

/**
 * The format of a command's `-o` file, whose extension must say what it holds (render, export,
 * compare, diff): `-f` (checked by the caller), else the extension's, else `fallback` (standard
 * output, no extension). An extension of no format in `byExtension`, or of another format than `-f`'s, is a
 * usage error: a `.png` holding Markdown text is no picture. `hint` ends the first error.
 */
export function checkedOutputFormat<F extends string, D extends F | undefined>(
    format: F | undefined, out: string | undefined, byExtension: Readonly<Record<string, F>>, fallback: D, hint?: MessageKey
): F | D {
    const extension = out === undefined || out === STDIN_ARG ? '' : extname(out).toLowerCase().slice(1);
    if (extension === '') return format ?? fallback;
    const named = formatFromExtension(out, byExtension);
    if (named === undefined) {
        const extensions = Object.keys(byExtension).map(e => '.' + e).join(', ');
        throw new CliError(localized('cli.extensionUnknown', { extension, extensions, hint: hint ? { key: hint } : '' }));
    }
    if (format !== undefined && format !== named) {
        const wanted = Object.keys(byExtension).find(e => byExtension[e] === format);
        throw new CliError(localized('cli.extensionAndFormat', { file: out!, named, format, wanted: wanted ?? format }));
    }
    return named;
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** node:util parseArgs with the CLI's error shape; exactly one positional (the input file). */
export function parseCommandArgs<O extends OptionSpec>(command: string, args: string[], options: O) {
    const { values, files } = parseCommandFiles(command, args, options);
    if (files.length !== 1) {
        throw new CliError(localized('cli.expectedOneInput', { files: files.join(' '), help: { key: 'cli.runHelpUsage', params: { command } } }));
    }
    return { values, file: files[0] };
}

/** node:util parseArgs with the CLI's error shape; one input (file, folder, glob or -) or more. */
export function parseCommandFiles<O extends OptionSpec>(command: string, args: string[], options: O) {
    const parsed = parseCommandOptions(args, options!);
    if (parsed.positionals.length === 0) {
        throw new CliError(localized('cli.expectedAnInput', { help: { key: 'cli.runHelpUsage', params: { command } } }));
    }
    return { values: parsed.values as ParsedValues<O>, files: parsed.positionals };
}

type ParsedValues<O extends OptionSpec> = {
    [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/** The error for `--journey ID` naming no journey of the files (as shown), with the ids they have. */
export function noSuchJourney(shown: readonly string[], id: string, ids: readonly string[]): CliError {
    const journeys = ids.length > 0 ? localized('cli.journeyList', { ids: ids.join(', ') }) : localized('cli.itHasNoJourney');
    return new CliError(shown.length === 1 ? localized('cli.noJourneyNamed', { file: shown[0], id, journeys })
        : localized('cli.noJourneyNamedInFiles', { count: shown.length, id, journeys }));
}

/**
 * Writes `content` to `out` (relative to the cwd; whole or not at all), or to stdout when out
 * is undefined or `-` (as `-` is standard input among the files, for every command).
 */
export function writeOutput(content: string | Uint8Array, out: string | undefined, io: CliIO): void {
    if (out === undefined || out === STDIN_ARG) {
        io.stdout.write(content);
        return;
    }
    // resolve() drops a final slash: `-o name/` would otherwise replace a file called `name`.
    if (/[\\/]$/.test(out)) throw new CliError(localized('cli.cannotWriteOutput', { file: out, reason: { key: 'cli.aFolderNotAFile' } }));
    const path = resolve(io.cwd, out);
    try {
        makeFolder(dirname(path)); // `-o site/maps/x.svg` makes site/maps, as most CLIs do
        writeFileAtomic(path, content, { roots: [io.cwd] });
    } catch (error) {
        if (!(error instanceof FileWriteError)) throw error;
        throw new CliError(localized('cli.cannotWriteOutput', { file: out, reason: error.reason }));
    }
}

/** Makes the folder `out` (relative to the cwd) that pictures are written into, or a usage/IO error naming it. */
export function makeOutputFolder(out: string, io: CliIO): string {
    const folder = resolve(io.cwd, out);
    try {
        makeFolder(folder);
    } catch (error) {
        if (!(error instanceof FileWriteError)) throw error;
        throw new CliError(localized('cli.cannotWriteOutput', { file: out, reason: error.reason }));
    }
    return folder;
}
