/**
 * `journey render`'s ELK thread (see elk-thread.ts): loads ELK (with its code cache,
 * elk-code-cache.ts), warms it with one small layout of the kind render asks for while the
 * main thread parses the maps (unless the map's graph is already waiting: then that is the
 * first layout, as warming up first would only delay it), then lays out each graph it is
 * sent. Its own entry point in esbuild.mjs (out/cli-elk-worker.cjs: CommonJS, which a thread
 * starts sooner than an ES module and its chunks).
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { warmUpGraph } from '../diagram/elk-order.js';
import { errorMessage } from '../common/errors.js';
import type { ElkApi } from '../diagram/index.js';
import { loadElk, newElk, type ElkAnswer, type ElkRequest, type ElkWorkerData } from './elk-thread.js';

const port = parentPort!;
void serve();

async function serve(): Promise<void> {
    const { ELK, keep } = await loadElk((workerData as ElkWorkerData).cacheFolder);
    const elk = newElk(ELK);
    const waiting = receiveMessageOnPort(port)?.message as ElkRequest | undefined;
    if (waiting) {
        // The code cache is kept before the answer too: render stops this thread as soon as it has its last one.
        await answer(elk, waiting, keep);
    } else {
        await elk.layout(warmUpGraph()).catch(() => undefined);
        keep();
    }
    // Requests that came during the warm-up wait in the port's queue: the listener is added after it.
    port.on('message', (request: ElkRequest) => void answer(elk, request));
}

async function answer(elk: ElkApi, { id, graph }: ElkRequest, before: () => void = () => undefined): Promise<void> {
    let message: ElkAnswer;
    try {
        message = { id, result: await elk.layout(graph) };
    } catch (error) {
        message = { id, error: errorMessage(error) };
    }
    before();
    port.postMessage(message);
}
