/**
 * `journey lint` and `journey render` as one CommonJS bundle (out/cli-commands.cjs, built by
 * esbuild.mjs), so that the package holds one copy of Langium and the language's code for
 * both, beside the ES chunks' (`journey --help`, the other commands). Loaded through a V8 code
 * cache (code-cache.ts: Node 20 keeps no compiled code for ES modules, and every thread
 * compiles Langium afresh) by main.ts's lint (lint-loader.ts) and render (render-loader.ts),
 * and by each lint worker for its shard (lint-worker.ts).
 */
export { CliError } from './command.js';
export { lintCommand } from './lint.js';
export { lintShard, offerStartedWorker, stopIdleWorkers } from './lint-workers.js';
/**
 * render's own modules, run when first asked for (render-part.ts): esbuild wraps a module that is
 * require()d in a function run on that first call, where an import would run it as the bundle loads.
 */
export const renderPart = (): typeof import('./render-part.js') => require('./render-part.js');
