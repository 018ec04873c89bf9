import type { CliCommand, CliIO } from './command.js';
import { TOOL } from './formats/tool.js';
import { internalErrorMessage } from '../common/errors.js';
import type { Locale } from '../i18n/index.js';
import type { CommandName } from './help.js';

/**
 * Every sub-command, in the order `journey --help` lists them, each loaded only when it
 * runs: the bundle is split per command (esbuild.mjs), so `journey --version` loads none of
 * them and `journey lint` never loads ELK, resvg or the language server. Their help is help.ts's:
 * `journey --help` and `journey <command> --help` load none of them either.
 */
const COMMANDS: readonly CommandEntry[] = [
    // Through its V8 code cache, shared with its worker threads (lint-loader.ts).
    { name: 'lint', load: async (io, args) => (await import('./lint-loader.js')).loadLintCommand(io, args) },
    { name: 'format', load: async () => (await import('./format.js')).formatCommand },
    // ELK loads on a thread of its own from the start when the maps will likely need it (src/cli/elk-thread.ts).
    // Through its V8 code cache (render-loader.ts). Before its ELK thread starts, V8 is told to optimise later (v8-flags.ts).
    {
        name: 'render', load: async io => (await import('./render-loader.js')).loadRenderCommand(io),
        beforeLoad: async (io, args) => {
            const [{ setCommandV8Flags }, { journeyCacheFolder }] = await Promise.all([import('./v8-flags.js'), import('./elk-cache.js')]);
            setCommandV8Flags('render', journeyCacheFolder(io.cwd, io.env));
            (await import('./elk-thread.js')).startElkThreadEarly(io.cwd, io.env, args, io.stderr);
        }
    },
    { name: 'preview', load: async () => (await import('./preview.js')).previewCommand },
    { name: 'export', load: async () => (await import('./export.js')).exportCommand },
    { name: 'compare', load: async () => (await import('./compare.js')).compareCommand },
    { name: 'diff', load: async () => (await import('./diff.js')).diffCommand },
    { name: 'import', load: async () => (await import('./import.js')).importCommand },
    { name: 'lsp', load: async () => (await import('./lsp.js')).lspCommand },
];

interface CommandEntry {
    readonly name: CommandName;
    /** The command, to run with `args`. */
    load(io: CliIO, args: readonly string[]): Promise<CliCommand>;
    /** Work to start before the command's code loads, when it will run (not for --help). */
    beforeLoad?(io: CliIO, args: readonly string[]): Promise<void>;
}

/** The help's own module (help.ts), loaded for the help and after a mistake only. */
const help = () => import('./help.js');

/**
 * What words a mistake (command.ts's CliError, the catalogues), loaded only when one is said: a
 * command that runs loads none of it here (~6 ms of every start: the catalogues of both languages).
 */
async function errorWording() {
    const [command, i18n, messages] = await Promise.all([import('./command.js'), import('../i18n/index.js'), import('../language/localized-messages.js')]);
    return { ...command, ...i18n, ...messages };
}

/** `journey --help` in `locale`. */
async function usage(locale: Locale): Promise<string> {
    return (await help()).overview(COMMANDS.map(c => c.name), locale);
}

/** The language of the CLI's messages (locale.ts), loaded only now: `journey --version` needs none of it. */
async function messageLocale(io: CliIO, args: readonly string[]): Promise<Locale> {
    const [{ cliLocale }, { localeInArguments }] = await Promise.all([import('./locale.js'), errorWording()]);
    return cliLocale(io, localeInArguments(args));
}

/** A leading `--locale L` or `--locale=L`: its value and the arguments after it. */
function leadingLocale(argv: readonly string[]): { value: string | undefined; after: string[] } | undefined {
    if (argv[0] === '--locale') return { value: argv[1], after: argv.slice(2) };
    if (argv[0]?.startsWith('--locale=')) return { value: argv[0].slice('--locale='.length), after: argv.slice(1) };
    return undefined;
}

/**
 * `journey --locale fr lint …` is `journey lint --locale fr …` (and `journey --locale fr help lint`,
 * `journey help lint --locale fr`): a user who sets the language first writes it so. The
 * language server (lsp) takes its language from its client's `initialize` instead.
 */
function withLocaleAfterCommand(after: readonly string[], locale: string): string[] {
    const command = after[0] === 'help' && after.length > 1 && !after[1].startsWith('-') ? 2 : 1;
    return [...after.slice(0, command), '--locale', locale, ...after.slice(command)];
}

export async function main(commandLine: string[], io: CliIO): Promise<number> {
    const leading = leadingLocale(commandLine);
    let argv = commandLine;
    if (leading) {
        const { value, after } = leading;
        const { isLocale, CliError, localized, LOCALES } = await errorWording();
        if (!isLocale(value)) {
            const said = new CliError(localized('cli.unknownValue', { option: '--locale', value: value ?? '', expected: LOCALES.join(', ') }));
            io.stderr.write(`journey: ${said.in(await messageLocale(io, []))}\n`);
            return 2;
        }
        // `journey --locale fr` alone is `journey`: the overview, in that language.
        if (after.length === 0) {
            io.stdout.write(await usage(value));
            return 2;
        }
        argv = withLocaleAfterCommand(after, value);
    }
    // `journey help lint` is `journey lint --help`; `journey help --locale fr` is the overview.
    const [name, ...args] = argv[0] === 'help' && argv.length > 1 && !argv[1].startsWith('-') ? [argv[1], '--help', ...argv.slice(2)] : argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.stdout.write(await usage((await help()).helpLocale(argv, io.env)));
        return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') {
        io.stdout.write(`${TOOL.version}\n`);
        return 0;
    }
    const entry = COMMANDS.find(c => c.name === name);
    if (!entry) {
        const { CliError, didYouMean, localized, t } = await errorWording();
        const suggestion = didYouMean(name, COMMANDS.map(c => c.name));
        const locale = await messageLocale(io, argv);
        const said = new CliError(localized('cli.unknownCommand', { command: name, suggestion })).in(locale);
        // A near miss names the command meant; anything else gets the list of commands.
        io.stderr.write(`journey: ${said}\n${suggestion ? `${t(locale, 'cli.runHelpCommands')}\n` : `\n${await usage(locale)}`}`);
        return 2;
    }
    if (args.includes('--help') || args.includes('-h')) {
        const { commandHelp, helpLocale } = await help();
        io.stdout.write(commandHelp(entry.name, helpLocale(args, io.env)));
        return 0;
    }
    try {
        await entry.beforeLoad?.(io, args);
        return await (await entry.load(io, args)).run(args, io);
    } catch (error) {
        const { CliError, t } = await errorWording();
        if (error instanceof CliError) {
            // Said in the language of lint's messages here.
            const locale = await messageLocale(io, args);
            // The usage lines in the same language as the message, from the help's table (help.ts).
            const howToCall = error.withUsage ? `\n${(await help()).usageLines(entry.name, locale)}\n${t(locale, 'cli.runHelp', { command: name })}` : '';
            io.stderr.write(`journey ${name}: ${error.in(locale)}${howToCall}\n`);
            return error.exitCode;
        }
        // The stack goes with it: whoever files the bug needs it.
        const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
        io.stderr.write(`journey ${name}: ${internalErrorMessage(`running journey ${name}`, error)}${stack}\n`);
        return 2;
    }
}

/** Runs the CLI in this process and sets its exit code once output is flushed. */
export function runCli(): void {
    const io: CliIO = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
    // `journey lint | head`: a reader that stops early is not an error worth a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        process.exit(process.exitCode ?? 0);
    });
    main(process.argv.slice(2), io).then(code => { process.exitCode = code; });
}
