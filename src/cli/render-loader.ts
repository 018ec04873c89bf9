import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCachedScript } from './code-cache.js';
import { bundledCommand } from './bundled-command.js';
import type { CliCommand, CliIO } from './command.js';
import { journeyCacheFolder } from './elk-cache.js';
import { takeEarlyElkThread } from './elk-thread.js';
import type * as CommandsBundle from './commands-bundle.js';
import { COMMAND_CACHES, COMMANDS_BUNDLE } from './commands-bundle-file.js';

/**
 * The render command: from out/cli-commands.cjs (with lint's) through its V8 code cache when built
 * (the cache written once the command has made its pictures: it then holds the functions a render
 * compiles), else (the sources under test) from render.ts. The ELK thread main.ts started
 * early is handed to the bundle, which has its own copy of elk-thread.ts. Its help is help.ts's.
 */
export async function loadRenderCommand(io: CliIO): Promise<CliCommand> {
    const bundle = fileURLToPath(new URL(`./${COMMANDS_BUNDLE}`, import.meta.url));
    if (!existsSync(bundle)) return (await import('./render.js')).renderCommand;
    const render = loadCachedScript<typeof CommandsBundle>(bundle, journeyCacheFolder(io.cwd, io.env), COMMAND_CACHES.render);
    const { offerElkThread, renderCommand } = render.exports.renderPart();
    offerElkThread(takeEarlyElkThread());
    // Only after pictures were made.
    return bundledCommand(renderCommand, render, code => code === 0);
}
