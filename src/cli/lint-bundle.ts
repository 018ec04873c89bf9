/**
 * `journey lint` as one CommonJS bundle (out/cli-lint.cjs, built by esbuild.mjs): the command,
 * which main.ts loads (lint-loader.ts), and a worker's shard, which each lint worker loads
 * (lint-worker.ts), both through the same V8 code cache (code-cache.ts). Node 20 keeps no
 * compiled code for ES modules, and every thread of a lint compiles Langium afresh.
 */
export { CliError } from './command.js';
export { lintCommand } from './lint.js';
export { lintShard, offerStartedWorker, stopIdleWorkers } from './lint-workers.js';
