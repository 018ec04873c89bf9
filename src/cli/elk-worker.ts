/**
 * `journey render`'s ELK thread (see elk-thread.ts): loads ELK (with its code cache,
 * elk-code-cache.ts), warms it with small layouts of the kind render asks for while the main
 * thread parses the maps (elk-order.ts `warmUpGraphs`, one at a time, and no more once the map's
 * graph is waiting: a warm-up cannot be interrupted, and the map's layout would wait for it), then
 * lays out each graph it is sent. ELK's code cache is kept after the first of those (before its
 * answer: render stops this thread as soon as it has its last one), so that it holds the code a
 * real layout runs, not only the warm-up's. Its own entry point in esbuild.mjs
 * (out/cli-elk-worker.cjs: CommonJS, which a thread starts sooner than an ES module and its chunks).
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { warmUpGraphs } from '../diagram/elk-order.js';
import { errorMessage } from '../common/errors.js';
import type { ElkApi } from '../diagram/index.js';
import { loadElk, newElk, type ElkAnswer, type ElkRequest, type ElkWorkerData } from './elk-thread.js';

const port = parentPort!;
void serve();

async function serve(): Promise<void> {
    const { ELK, keep } = await loadElk((workerData as ElkWorkerData).cacheFolder);
    const elk = newElk(ELK);
    const waiting = () => receiveMessageOnPort(port)?.message as ElkRequest | undefined;
    let first = waiting();
    for (const graph of warmUpGraphs()) {
        if (first) break;
        await elk.layout(graph).catch(() => undefined);
        first = waiting();
    }
    if (first) await answer(elk, first, keep);
    // Requests that came meanwhile wait in the port's queue: the listener is added after the first answer.
    port.on('message', (request: ElkRequest) => void answer(elk, request, keep));
}

/** Posts ELK's answer to `request`, after `before` (keeping the code cache: once, see code-cache.ts). */
async function answer(elk: ElkApi, { id, graph }: ElkRequest, before: () => void): Promise<void> {
    let message: ElkAnswer;
    try {
        message = { id, result: await elk.layout(graph) };
    } catch (error) {
        message = { id, error: errorMessage(error) };
    }
    before();
    port.postMessage(message);
}
