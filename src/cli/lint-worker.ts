/**
 * A `journey lint` worker thread (see lint-workers.ts): lints its shard of the workspace,
 * exchanging facts with the main thread, its shard given at its start or, when it was started
 * before the shard was known (lint-loader.ts), as its first message. Its own small entry point in esbuild.mjs
 * (out/cli-lint-worker.cjs), which loads lint's and render's bundle (commands-bundle.ts) through its
 * V8 code cache, kept before the worker says it is done (the main thread stops it then).
 */
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { loadCachedScript } from './code-cache.js';
import type * as CommandsBundle from './commands-bundle.js';
import { COMMAND_CACHES, COMMANDS_BUNDLE } from './commands-bundle-file.js';
import type { StartedWorkerData } from './lint-loader.js';
import type { LintWorkerData, ShardFacts } from './lint-workers.js';

const port = parentPort!;
const data = workerData as LintWorkerData | StartedWorkerData;
// A worker started before its shard was known (lint-loader.ts) is sent it first; listened for before the bundle loads.
const shard = 'files' in data ? Promise.resolve(data) : new Promise<LintWorkerData>(resolveShard => port.once('message', resolveShard));
const lint = loadCachedScript<typeof CommandsBundle>(fileURLToPath(new URL(`./${COMMANDS_BUNDLE}`, import.meta.url)), data.codeCache, COMMAND_CACHES.lint);
void shard.then(given => lint.exports.lintShard(given, message => {
    if (message.type === 'done') lint.keep();
    port.postMessage(message);
}, () => new Promise<ShardFacts>(resolveJoined => port.once('message', resolveJoined))));
