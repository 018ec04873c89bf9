/**
 * A `journey lint` worker thread (see lint-workers.ts): builds and validates its shard of
 * the workspace, exchanging facts with the main thread, and sends back its diagnostics.
 * Its own entry point in esbuild.mjs (out/cli-lint-worker.mjs).
 */
import { PassThrough } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from './command.js';
import { buildShard, type LintWorkerData, type ShardFacts, type WorkerMessage } from './lint-workers.js';
import { loadWorkspace } from './workspace.js';

const port = parentPort!;
const data = workerData as LintWorkerData;
const send = (message: WorkerMessage) => port.postMessage(message);
const exchange = (facts: ShardFacts) => new Promise<ShardFacts>(resolveJoined => {
    port.once('message', resolveJoined);
    send({ type: 'facts', facts });
});

try {
    const silent = new PassThrough().resume();
    // What loading says on stderr (configuration warnings) goes back with the results.
    const stderr = new PassThrough();
    const said: string[] = [];
    stderr.setEncoding('utf8').on('data', (chunk: string) => said.push(chunk));
    const io = { cwd: data.cwd, env: data.env, stdout: silent, stderr, stdin: new PassThrough() };
    const workspace = await loadWorkspace(data.shard, io, {
        ...data.options,
        shard: { others: data.others, build: (services, given, others) => buildShard(services, given, others, exchange) }
    });
    stderr.end();
    await new Promise(resolveEnd => stderr.once('end', resolveEnd));
    send({ type: 'done', stderr: said.join(''), documents: workspace.documents.map(({ path, diagnostics }) => ({ path, diagnostics: [...diagnostics] })) });
} catch (error) {
    send(error instanceof CliError
        ? { type: 'error', message: error.message, cliError: true, exitCode: error.exitCode }
        : { type: 'error', message: (error as Error).stack ?? String(error), cliError: false });
}
