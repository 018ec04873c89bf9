import type { LoadedScript } from './code-cache.js';
import type { CliCommand, CliError } from './command.js';

/**
 * A command run from the commands bundle (lint-loader.ts, render-loader.ts): a usage error it
 * throws becomes this module's CliError (the bundle has its own copy of the class, and main.ts
 * tells a usage error by this one); `settle` runs however the run ended; the code cache is made
 * only when `worked(code)`: a run cut short compiled too few functions (code-cache.ts `keep`).
 */
export function bundledCommand(
    command: CliCommand,
    bundle: LoadedScript<{ readonly CliError: typeof CliError }>,
    worked: (code: number) => boolean,
    settle: () => void = () => undefined
): CliCommand {
    return {
        ...command,
        async run(args, io) {
            let code: number;
            try {
                code = await command.run(args, io);
            } catch (error) {
                if (!(error instanceof bundle.exports.CliError)) throw error;
                // command.ts (with the catalogues) loaded only now: a run that works needs none of it.
                const { CliError } = await import('./command.js');
                throw new CliError(error.said ?? error.message, error.exitCode, error.withUsage);
            } finally {
                settle();
            }
            if (worked(code)) bundle.keep();
            return code;
        }
    };
}
