import { CliError, type CliCommand, type CliIO } from './command.js';
import { lintCommand } from './lint.js';
import { formatCommand } from './format.js';
import { lspCommand } from './lsp.js';
import { exportCommand } from './export.js';
import { renderCommand } from './render.js';
import { previewCommand } from './preview.js';
import { importCommand } from './import.js';
import { compareCommand } from './compare.js';
import { diffCommand } from './diff.js';
import { TOOL } from './formats/tool.js';

/** Every sub-command, in the order `journey --help` lists them. */
const COMMANDS: readonly CliCommand[] = [
    lintCommand,
    formatCommand,
    renderCommand,
    previewCommand,
    exportCommand,
    compareCommand,
    diffCommand,
    importCommand,
    lspCommand,
];

function usage(): string {
    const width = Math.max(...COMMANDS.map(c => c.name.length), 0);
    return [
        'Usage: journey <command> [options]',
        '',
        'Customer journey maps as code: lint, render, export and serve .journey files.',
        '',
        'Commands:',
        ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        'Run `journey <command> --help` for the options of a command.'
    ].join('\n') + '\n';
}

export async function main(argv: string[], io: CliIO): Promise<number> {
    const [name, ...args] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
        io.stdout.write(usage());
        return name ? 0 : 2;
    }
    if (name === '--version' || name === '-v') {
        io.stdout.write(`${TOOL.version}\n`);
        return 0;
    }
    const command = COMMANDS.find(c => c.name === name);
    if (!command) {
        io.stderr.write(`journey: unknown command '${name}'\n\n${usage()}`);
        return 2;
    }
    if (args.includes('--help') || args.includes('-h')) {
        io.stdout.write(command.help.endsWith('\n') ? command.help : command.help + '\n');
        return 0;
    }
    try {
        return await command.run(args, io);
    } catch (error) {
        if (error instanceof CliError) {
            io.stderr.write(`journey ${name}: ${error.message}\n`);
            return error.exitCode;
        }
        io.stderr.write(`journey ${name}: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
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
