import { createJourneyConnection } from '../server/connection.js';
import { startJourneyServer } from '../server/start.js';
import { localized } from '../language/localized-messages.js';
import { CliError, type CliCommand } from './command.js';

/** `journey lsp --stdio`: the language server for editors other than VS Code. */
export const lspCommand: CliCommand = {
    name: 'lsp',
    run(args) {
        if (!args.includes('--stdio')) {
            throw new CliError(localized('cli.lspStdioOnly'));
        }
        // The transport is read from the process arguments, which hold `--stdio`.
        startJourneyServer(createJourneyConnection());
        // The server runs until the client sends `exit`, which ends the process.
        return new Promise<number>(() => undefined);
    }
};
