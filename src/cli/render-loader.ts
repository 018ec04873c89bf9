import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCachedScript } from './code-cache.js';
import { CliError, type CliCommand, type CliIO } from './command.js';
import { journeyCacheFolder } from './elk-cache.js';
import { takeEarlyElkThread } from './elk-thread.js';
import type * as CommandsBundle from './commands-bundle.js';
import { COMMAND_CACHES, COMMANDS_BUNDLE } from './commands-bundle-file.js';

/**
 * The render command: from out/cli-commands.cjs (with lint's) through its V8 code cache when built
 * (the cache written once the command has made its pictures: it then holds the functions a render
 * compiles), else (the overview and `render --help`, given no `io` by main.ts, or the sources
 * under test) from render.ts. The ELK thread main.ts started
 * early is handed to the bundle, which has its own copy of elk-thread.ts.
 */
export async function loadRenderCommand(io?: CliIO): Promise<CliCommand> {
    const bundle = fileURLToPath(new URL(`./${COMMANDS_BUNDLE}`, import.meta.url));
    if (io === undefined || !existsSync(bundle)) return (await import('./render.js')).renderCommand;
    const render = loadCachedScript<typeof CommandsBundle>(bundle, journeyCacheFolder(io.cwd, io.env), COMMAND_CACHES.render);
    const { offerElkThread, renderCommand } = render.exports.renderPart();
    offerElkThread(takeEarlyElkThread());
    return {
        ...renderCommand,
        async run(args, runIO) {
            let code: number;
            try {
                code = await renderCommand.run(args, runIO);
            } catch (error) {
                // The bundle has its own copy of the class: main.ts tells a usage error by this one.
                throw error instanceof render.exports.CliError ? new CliError(error.message, error.exitCode) : error;
            }
            // Only after pictures were made: a run cut short compiled too few functions (code-cache.ts `keep`).
            if (code === 0) render.keep();
            return code;
        }
    };
}
