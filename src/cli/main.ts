import { setFlagsFromString } from 'node:v8';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { TOOL } from './formats/tool.js';
import { internalErrorMessage } from '../common/errors.js';

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
    // Through its V8 code cache (render-loader.ts). Before its ELK thread starts, V8 is told to optimise later (RENDER_V8_FLAGS).
    {
        name: 'render', load: async io => (await import('./render-loader.js')).loadRenderCommand(io),
        beforeLoad: async (io, args) => {
            setFlagsFromString(RENDER_V8_FLAGS);
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

/**
 * V8 optimises a function (TurboFan, on a helper thread) once it has run a budget of bytecode:
 * 132 KB by default. ELK's GWT-compiled code and Langium's parser have many small functions that
 * reach it within a render's first layout, and are compiled, thrown away and compiled again (the
 * code a short run spends most of its CPU on). With a budget ~8× larger, a 60-touchpoint render
 * that needs ELK takes ~30% less CPU, and a 10,000-touchpoint one still gets its hot code
 * optimised, a little later (bench/cli.bench.ts). Only when code runs: what it computes is the
 * same (test/cli/elk-code-cache.test.ts compares the pictures). Set for the whole process
 * (its worker threads too) before anything of the command compiles; part of V8's code cache
 * key (code-cache.ts), so a cache made under other flags is not taken.
 */
export const RENDER_V8_FLAGS = '--interrupt-budget=1000000';

interface CommandEntry {
    readonly name: string;
    /** `io` when the command is to run (not for the overview), and its arguments when not for its help. */
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
        'Run `journey <command> --help` for the options of a command.'
    ].join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
    const [name, ...args] = argv;
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
        io.stderr.write(`journey: unknown command '${name}'\n\n${await usage()}`);
        return 2;
    }
    try {
        const helpAsked = args.includes('--help') || args.includes('-h');
        if (!helpAsked) await entry.beforeLoad?.(io, args);
        const command = await entry.load(io, helpAsked ? undefined : args);
        if (helpAsked) {
            io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
            return 0;
        }
        return await command.run(args, io);
    } catch (error) {
        if (error instanceof CliError) {
            io.stderr.write(`journey ${name}: ${error.message}\n`);
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
