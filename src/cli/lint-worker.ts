/**
 * A `journey lint` worker thread (see lint-workers.ts): lints its shard of the workspace,
 * exchanging facts with the main thread. Its own entry point in esbuild.mjs
 * (out/cli-lint-worker.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lintShard, type LintWorkerData, type ShardFacts } from './lint-workers.js';

const port = parentPort!;
await lintShard(workerData as LintWorkerData, message => port.postMessage(message),
    () => new Promise<ShardFacts>(resolveJoined => port.once('message', resolveJoined)));
