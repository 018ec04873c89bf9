// A fuzz worker thread (test/fuzz/run.ts starts two): runs the cases it is given through
// the pipeline with one Checker, says when each case starts (so the main thread can end a
// hung worker) and minimises each failure before reporting it.
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCase } from './cases.js';
import { minimise } from './minimise.js';
import { Checker, failureClass } from './pipeline.js';

export interface WorkerData { seed: number }
export type ToWorker = { from: number; to: number };
export type FromWorker =
    | { type: 'start'; index: number; thread?: string }
    | { type: 'failure'; index: number; kind: string; stage: string; className: string; message: string; reproducer: string }
    | { type: 'minimising'; index: number; ms: number }
    | { type: 'done'; index: number; ms: number }
    | { type: 'idle' };

const { seed } = workerData as WorkerData;
let checker = new Checker();
const minimised = new Map<string, number>();
const MINIMISE = { tries: 200, ms: 10_000 };
const post = (message: FromWorker) => parentPort!.postMessage(message);
/** This thread's id (Linux), so that the main thread can read the CPU time it uses. */
const thread = (() => { try { return readlinkSync('/proc/thread-self').split('/').pop(); } catch { return undefined; } })();

parentPort!.on('message', async ({ from, to }: ToWorker) => {
    for (let index = from; index < to; index++) {
        post({ type: 'start', index, thread });
        const started = performance.now();
        const fuzz = fuzzCase(seed, index);
        const diagram = { groupBy: index % 2 === 0 ? 'channel' : 'persona' } as const;
        // Every fourth case is laid out and drawn: ELK is the slow step, and the other steps find more per second.
        const render = index % 4 === 0;
        const failure = await checker.run(fuzz.text, diagram, render);
        if (failure) {
            const className = failureClass(failure);
            // The first two of each class are minimised (run.ts writes only the first few anyway).
            const seen = minimised.get(className) ?? 0;
            minimised.set(className, seen + 1);
            if (seen < 2) post({ type: 'minimising', index, ms: MINIMISE.ms });
            const reproducer = seen >= 2 ? fuzz.text : await minimise(fuzz.text, async text => {
                const again = await checker.run(text, diagram, render);
                return again !== undefined && failureClass(again) === className;
            }, MINIMISE);
            post({ type: 'failure', index, kind: fuzz.kind, stage: failure.stage, className, message: failure.message, reproducer });
        }
        if (checker.poisoned) checker = new Checker();
        post({ type: 'done', index, ms: performance.now() - started });
    }
    post({ type: 'idle' });
});
