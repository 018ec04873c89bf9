/**
 * `journey render`'s ELK thread (see elk-thread.ts): loads ELK and warms it with one small
 * layout of the kind render asks for while the main thread parses the maps, then lays out
 * each graph it is sent. Its own entry point in esbuild.mjs (out/cli-elk-worker.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { warmUpGraph } from '../diagram/elk-order.js';
import { errorMessage } from '../common/errors.js';
import { loadElk, type ElkAnswer, type ElkRequest } from './elk-thread.js';

const port = parentPort!;
const elk = new (await loadElk())();
// Requests that came during the warm-up wait in the port's queue: the listener is added after it.
await elk.layout(warmUpGraph()).catch(() => undefined);
port.on('message', ({ id, graph }: ElkRequest) => {
    elk.layout(graph).then(
        result => port.postMessage({ id, result } satisfies ElkAnswer),
        error => port.postMessage({ id, error: errorMessage(error) } satisfies ElkAnswer));
});
