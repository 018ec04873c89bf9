import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LangiumDocument } from 'langium';
import { JOURNEY_FILE_EXTENSION } from '../language/config.js';
import type { Model } from '../language/generated/ast.js';
import { firstSyntaxProblem } from '../language/syntax-problem.js';
import { FileWriteError, writeFileAtomic } from './atomic-write.js';
import { CliError, type CliIO } from './command.js';
import { displayPath, loadWorkspace, STDIN_ARG, STDIN_PATH, type JourneyWorkspace } from './workspace.js';

export interface LoadedMap {
    readonly workspace: JourneyWorkspace;
    readonly document: LangiumDocument<Model>;
    /** How to name the file in messages. */
    readonly shown: string;
}

/**
 * One map for render and export, loaded with the other `.journey` files of its folder so
 * personas, channels and teams declared there resolve (the README's scoping: the folder is the
 * workspace). A syntax error stops the command with file:line:column (exit 1).
 */
export async function loadMap(file: string, io: CliIO): Promise<LoadedMap> {
    const { workspace, loaded, shown } = await loadWithSiblings(file, io, false);
    const problem = firstSyntaxProblem(loaded.document);
    if (problem) throw new CliError(`${shown}:${problem.line}:${problem.column}: ${problem.message}`, 1);
    return { workspace, document: loaded.document, shown };
}

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** node:util parseArgs with the CLI's error shape; exactly one positional (the input file). */
export function parseCommandArgs<O extends OptionSpec>(command: string, args: string[], options: O) {
    let parsed;
    try {
        parsed = parseArgs({ args, allowPositionals: true, strict: true, options: options! });
    } catch (error) {
        throw new CliError(`${(error as Error).message}\nRun \`journey ${command} --help\` for the options.`);
    }
    if (parsed.positionals.length !== 1) {
        throw new CliError(`expected one input file, got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')}\nRun \`journey ${command} --help\` for the usage.`);
    }
    return { values: parsed.values as ParsedValues<O>, file: parsed.positionals[0] };
}

type ParsedValues<O extends OptionSpec> = {
    [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

/** The error for `--journey ID` naming no journey of the file, with the ids it has. */
export function noSuchJourney(shown: string, id: string, ids: readonly string[]): CliError {
    return new CliError(`${shown} has no journey '${id}' (${ids.length > 0 ? `journeys: ${ids.join(', ')}` : 'it has no journey'})`);
}

/** Writes `content` to `out` (relative to the cwd; whole or not at all) or to stdout when out is undefined. */
export function writeOutput(content: string | Uint8Array, out: string | undefined, io: CliIO): void {
    if (out === undefined) {
        io.stdout.write(content);
        return;
    }
    const path = resolve(io.cwd, out);
    try {
        writeFileAtomic(path, content, { roots: [io.cwd] });
    } catch (error) {
        if (!(error instanceof FileWriteError)) throw error;
        throw new CliError(`cannot write '${out}' (${error.reason})`);
    }
}

/** `file` and the other `.journey` files of its folder in one workspace; `loaded` is `file`'s document. */
export async function loadWithSiblings(file: string, io: CliIO, validate: boolean) {
    const siblings = file === STDIN_ARG ? [] : journeyFilesBeside(resolve(io.cwd, file));
    const workspace = await loadWorkspace([file, ...siblings], io, { validate });
    const wanted = file === STDIN_ARG ? STDIN_PATH : resolve(io.cwd, file);
    const loaded = workspace.documents.find(d => d.path === wanted);
    if (!loaded) throw new CliError(`'${file}' is not a single .journey file`);
    const shown = loaded.path === STDIN_PATH ? STDIN_PATH : displayPath(loaded.path, io.cwd);
    return { workspace, loaded, shown };
}

/** The `.journey` files of the folder holding `path` (listed, not globbed: folder names may hold `[` or `{`). */
function journeyFilesBeside(path: string): string[] {
    try {
        return readdirSync(dirname(path), { withFileTypes: true })
            .filter(entry => entry.isFile() && entry.name.endsWith(JOURNEY_FILE_EXTENSION))
            .map(entry => join(dirname(path), entry.name));
    } catch {
        return []; // the file itself is still read, and reports why it cannot be
    }
}
