/**
 * `journey render`'s ELK thread (see elk-thread.ts): loads ELK (with its code cache,
 * elk-code-cache.ts) and warms it with one small layout of the kind render asks for while
 * the main thread parses the maps, then lays out each graph it is sent. Its own entry point
 * in esbuild.mjs (out/cli-elk-worker.mjs).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmUpGraph } from '../diagram/elk-order.js';
import { errorMessage } from '../common/errors.js';
import { loadElk, newElk, type ElkAnswer, type ElkRequest, type ElkWorkerData } from './elk-thread.js';

const port = parentPort!;
const { ELK, keep } = await loadElk((workerData as ElkWorkerData).cacheFolder);
const elk = newElk(ELK);
// Requests that came during the warm-up wait in the port's queue: the listener is added after it.
await elk.layout(warmUpGraph()).catch(() => undefined);
// Before any answer: render stops this thread as soon as it has its last one.
keep();
port.on('message', ({ id, graph }: ElkRequest) => {
    elk.layout(graph).then(
        result => port.postMessage({ id, result } satisfies ElkAnswer),
        error => port.postMessage({ id, error: errorMessage(error) } satisfies ElkAnswer));
});
