import type { DeepPartial, Module } from 'langium';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName } from '../language/validation/closest-name.js';
import type { JourneyCoreServices } from '../language/journey-core-module.js';
import type { JourneyDiagramServices } from '../services/diagram-module.js';
import { isLocale, pickLocale, t, type Locale } from '../i18n/index.js';
import { catalogueMessageOf, localized, type CatalogueMessage } from '../language/localized-messages.js';

/** What every `journey` sub-command provides to the dispatcher in main.ts. */
export interface CliCommand {
    readonly name: string;
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

/**
 * A usage or I/O error: printed without a stack trace, exit code 2. Its message is English; one made
 * by `localized` (or given as a catalogue message) is said by main.ts in the user's language (`said`).
 */
export class CliError extends Error {
    /** The catalogue message of the text, plain data: it crosses from a bundle's or a lint thread's copy of this class. */
    readonly said: CatalogueMessage | undefined;

    /**
     * `withUsage`: a mistake in the command line, which main.ts follows with the command's usage lines.
     * `{ fixed }`: a text already said in its language (a map's syntax error, in the map's), never said again.
     */
    constructor(message: string | CatalogueMessage | { readonly fixed: string }, readonly exitCode = 2, readonly withUsage = false) {
        super(typeof message === 'string' ? message : 'fixed' in message ? message.fixed : t('en', message.key, message.params));
        this.said = typeof message === 'string' ? catalogueMessageOf(message) : 'fixed' in message ? undefined : message;
    }

    /** The message in `locale`. */
    in(locale: Locale): string {
        return this.said ? t(locale, this.said.key, this.said.params) : this.message;
    }
}

/** A file system error's reason: Node's message without the syscall and the absolute path it repeats. */
export function ioErrorReason(error: unknown): string {
    return (error as Error).message.replace(/, \w+ '.*'$/, '');
}

/**
 * `-f, --format` and `-o, --output` of compare, export and diff (each checks its own formats). Not render's:
 * its `-o` may be a folder (one picture per journey), and its help is worded for pictures.
 */
export const FORMAT_AND_OUTPUT_OPTIONS = {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' }
} as const;

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs (strict, with positionals) with the CLI's error shape: a usage error, followed by the command's usage. */
export function parseCommandOptions<const O extends OptionsConfig>(args: string[], options: O) {
    try {
        return parseArgs({ args, allowPositionals: true, strict: true, options });
    } catch (error) {
        // Node's own text is English only (and quotes unevenly): said here in the CLI's words and languages.
        const { code, message } = error as NodeJS.ErrnoException;
        const said = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOption(args, options) : badOptionValue(message);
        // Node's others, if any, with the CLI's lower-case start.
        throw new CliError(said ?? { fixed: message.replace(/^Option /, 'option ') }, 2, true);
    }
}

/** "option '--theme' needs a value" or "option '--check' takes no value", from Node's "Option '-t, --theme <value>' argument missing". */
function badOptionValue(message: string): string | undefined {
    const [, option, what] = /^Option '(?:-\w, )?(--?[\w-]+)(?: <value>)?' (argument missing|argument is ambiguous|does not take an argument)/.exec(message) ?? [];
    if (option === undefined) return undefined;
    const key = what === 'argument missing' ? 'cli.optionNeedsValue' : what === 'argument is ambiguous' ? 'cli.optionValueWithDash' : 'cli.optionTakesNoValue';
    return localized(key, { option });
}

/** "unknown option '--formt'; did you mean '--format'?": the first option of `args` that `options` lacks, as typed. */
function unknownOption(args: string[], options: OptionsConfig): string | undefined {
    const known = new Set(Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]));
    const { tokens } = parseArgs({ args, allowPositionals: true, strict: false, tokens: true, options });
    const token = tokens.find(t => t.kind === 'option' && !known.has(t.rawName));
    if (token?.kind !== 'option') return undefined;
    // Long names only: any one letter is one edit from every short option.
    return localized('cli.unknownOption', { option: token.rawName, suggestion: token.rawName.startsWith('--') ? didYouMean(token.name, Object.keys(options), '--') : '' });
}

/** "; did you mean 'lint'?" for a mistyped word among `candidates` (commands, options: `prefix` added), else nothing. */
export function didYouMean(word: string, candidates: readonly string[], prefix = ''): string {
    const meant = closestName(word, candidates);
    return meant ? localized('cli.didYouMean', { name: `${prefix}${meant}` }) : '';
}

// The CLI's language as the command line and the environment ask for it, no config read (locale.ts adds the
// config's): here, in what main.ts loads anyway, so that `journey --help` (help.ts) loads no more than its own chunk.

/** The language the environment asks for: LC_ALL, else LC_MESSAGES, else LANG (POSIX order), else English. */
export function environmentLocale(env: NodeJS.ProcessEnv): Locale {
    return pickLocale(env.LC_ALL, env.LC_MESSAGES, env.LANG);
}

/** `--locale` as given in `args` (`--locale fr`, `--locale=fr`), when it names a language: for main.ts, before the command reads its options. */
export function localeInArguments(args: readonly string[]): Locale | undefined {
    const at = args.findIndex(arg => arg === '--locale' || arg.startsWith('--locale='));
    const value = at < 0 ? undefined : args[at].includes('=') ? args[at].slice('--locale='.length) : args[at + 1];
    return isLocale(value) ? value : undefined;
}

/** The language of `journey --help` and of a command's: `--locale` in `args`, else the environment's (the help reads no map, so no config). */
export function helpLocale(args: readonly string[], env: NodeJS.ProcessEnv): Locale {
    return localeInArguments(args) ?? environmentLocale(env);
}
