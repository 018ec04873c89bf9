import type { DeepPartial, Module } from 'langium';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { JourneyCoreServices } from '../language/journey-core-module.js';
import type { JourneyDiagramServices } from '../services/diagram-module.js';

/** What every `journey` sub-command provides to the dispatcher in main.ts. */
export interface CliCommand {
    readonly name: string;
    /** One line for `journey --help`. */
    readonly summary: string;
    /** Full `journey <name> --help` text, with examples. */
    readonly help: string;
    /** Runs the command; resolves to the process exit code (0 ok, 1 findings, 2 usage or I/O error). */
    run(args: string[], io: CliIO): Promise<number>;
}

/** The process streams, injectable so commands can be tested in-process. */
export interface CliIO {
    readonly cwd: string;
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
    readonly stdin: NodeJS.ReadableStream;
    readonly env: NodeJS.ProcessEnv;
    /**
     * Language services to bind over the CLI's own (src/cli/workspace.ts), for a test or a host
     * that runs the commands in-process: one binding (the diagram model builder, say) and
     * every command that loads maps uses it. None in `bin/journey.js`.
     */
    readonly services?: CliServiceModule;
}

/** A module over the CLI's language services: the language's and the diagram model builder's. */
export type CliServiceModule = Module<JourneyCliServices, DeepPartial<JourneyCliServices>>;
export type JourneyCliServices = JourneyCoreServices & JourneyDiagramServices;

/** A usage or I/O error: printed without a stack trace, exit code 2. */
export class CliError extends Error {
    constructor(message: string, readonly exitCode = 2) {
        super(message);
    }
}

/**
 * `-f, --format` and `-o, --output` of compare, export and diff (each checks its own formats). Not render's:
 * its `-o` may be a folder (one picture per journey), and its help is worded for pictures.
 */
export const FORMAT_AND_OUTPUT_OPTIONS = {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' }
} as const;

/** The help line of `-o, --output`, padded to 24 characters as the other lines of those commands' help. */
export const OUTPUT_HELP = '  -o, --output OUT      write to OUT instead of standard output';

/** node:util parseArgs (strict, with positionals) with the CLI's error shape: a usage error naming `journey <command> --help`. */
export function parseCommandOptions<const O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
    try {
        return parseArgs({ args, allowPositionals: true, strict: true, options });
    } catch (error) {
        throw new CliError(`${(error as Error).message}\nRun \`journey ${command} --help\` for the options.`);
    }
}
