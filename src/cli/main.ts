import { CliError, didYouMean, type CliCommand, type CliIO } from './command.js';
import { TOOL } from './formats/tool.js';
import { internalErrorMessage } from '../common/errors.js';
import { t } from '../i18n/index.js';

/**
 * Every sub-command, in the order `journey --help` lists them, each loaded only when it
 * runs: the bundle is split per command (esbuild.mjs), so `journey --version` loads none of
 * them and `journey lint` never loads ELK, resvg or the language server.
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
    readonly name: string;
    /** `io` and the arguments when the command is to run (neither for the overview nor for its help). */
    load(io?: CliIO, args?: readonly string[]): Promise<CliCommand>;
    /** Work to start before the command's code loads, when it will run (not for --help). */
    beforeLoad?(io: CliIO, args: readonly string[]): Promise<void>;
}

/** The overview: loads every command for its summary (only `--help` and mistakes pay for it). */
async function usage(): Promise<string> {
    const commands = await Promise.all(COMMANDS.map(c => c.load()));
    const width = Math.max(...commands.map(c => c.name.length), 0);
    return [
        'Usage: journey <command> [options]',
        '',
        'Customer journey maps as code: lint, render, export and serve .journey files.',
        '',
        'Commands:',
        ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        'Run `journey <command> --help` (or `journey help <command>`) for the options of a command.'
    ].join('\n') + '\n';
}

/** The first lines of a command's help, up to its first blank line: how to call it, after a mistake. */
function usageLines(help: string): string {
    return help.split('\n\n')[0];
}

export async function main(argv: string[], io: CliIO): Promise<number> {
    // `journey help lint` is `journey lint --help`.
    const [name, ...args] = argv[0] === 'help' && argv.length > 1 ? [argv[1], '--help'] : argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.stdout.write(await usage());
        return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') {
        io.stdout.write(`${TOOL.version}\n`);
        return 0;
    }
    const entry = COMMANDS.find(c => c.name === name);
    if (!entry) {
        const suggestion = didYouMean(name, COMMANDS.map(c => c.name));
        // A near miss names the command meant; anything else gets the list of commands.
        io.stderr.write(`journey: unknown command '${name}'${suggestion}\n${suggestion ? 'Run `journey --help` for the commands.\n' : `\n${await usage()}`}`);
        return 2;
    }
    try {
        const helpAsked = args.includes('--help') || args.includes('-h');
        if (!helpAsked) await entry.beforeLoad?.(io, args);
        // Help from the command's own chunk: not its bundle, which would look for a code cache made under the command's V8 flags (v8-flags.ts), unset for help.
        const command = helpAsked ? await entry.load() : await entry.load(io, args);
        if (helpAsked) {
            io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
            return 0;
        }
        return await command.run(args, io);
    } catch (error) {
        if (error instanceof CliError) {
            // Said in the language of lint's messages here (locale.ts), loaded only now: `journey --version` needs none of it.
            const { cliLocale, localeInArguments } = await import('./locale.js');
            const locale = cliLocale(io, localeInArguments(args));
            const howToCall = error.withUsage ? `\n${usageLines((await entry.load()).help)}\n${t(locale, 'cli.runHelp', { command: name })}` : '';
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
