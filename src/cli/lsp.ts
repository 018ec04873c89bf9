import { createJourneyConnection } from '../server/connection.js';
import { startJourneyServer } from '../server/start.js';
import { CliError, type CliCommand } from './command.js';

/** `journey lsp --stdio`: the language server for editors other than VS Code. */
export const lspCommand: CliCommand = {
    name: 'lsp',
    summary: 'run the language server over stdio (Neovim, Helix, Zed, Emacs, ...)',
    help: [
        'Usage: journey lsp --stdio',
        '',
        'Runs the Journey language server, speaking the Language Server Protocol on',
        'stdin/stdout: diagnostics, completion, hover, go to definition, references,',
        'rename, formatting, quick fixes, symbols, semantic tokens and inlay hints.',
        'It loads every .journey file of the workspace folders the editor sends.',
        '',
        'Example (Neovim):',
        "  vim.lsp.start({ name = 'journey', cmd = { 'journey', 'lsp', '--stdio' } })"
    ].join('\n'),
    run(args) {
        if (!args.includes('--stdio')) {
            throw new CliError('only --stdio is supported: run `journey lsp --stdio` from your editor\'s LSP configuration');
        }
        // The transport is read from the process arguments, which hold `--stdio`.
        startJourneyServer(createJourneyConnection());
        // The server runs until the client sends `exit`, which ends the process.
        return new Promise<number>(() => undefined);
    }
};
