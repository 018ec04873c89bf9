import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkApi } from '../diagram/index.js';

/**
 * ELK for `journey render`, on a thread of its own started when the command starts: loading
 * elkjs (1.4 MB of script) and its first layout (cold GWT code) take ~0.2 s, which the worker
 * (elk-worker.ts) spends while this thread loads Langium and parses the maps, so a render
 * that needs ELK waits for little more than the layout itself. ELK is deterministic (fixed
 * seed), so its answers are the same as on this thread (test/cli/elk-thread.test.ts). Where
 * the worker cannot run (no out/cli-elk-worker.mjs: the sources under test; or it failed),
 * ELK runs on this thread.
 */

/** The worker's entry point, built beside the CLI's chunks by esbuild.mjs. */
const WORKER_FILE = 'cli-elk-worker.mjs';

/** A layout request and its answer, between this thread and the worker. */
export interface ElkRequest { readonly id: number; readonly graph: ElkNode }
export type ElkAnswer = { readonly id: number; readonly result: ElkNode } | { readonly id: number; readonly error: string };

export interface ElkThread {
    readonly elk: ElkApi;
    /** Ends the worker (a finished command need not wait for it). */
    stop(): void;
}

let early: ElkThread | undefined;

/**
 * Starts the worker before `journey render`'s code loads (src/cli/main.ts): loading the
 * command's chunks (Langium, the diagram pipeline) is time the worker can use too.
 */
export function startElkThreadEarly(): void {
    early ??= startElkThread();
}

/** The thread startElkThreadEarly started (taken: the caller stops it), else a new one. */
export function takeElkThread(): ElkThread {
    const thread = early ?? startElkThread();
    early = undefined;
    return thread;
}

/** Starts the worker now (when its file exists); layouts go to it, or to ELK on this thread if it cannot answer. */
export function startElkThread(workerFile = fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url))): ElkThread {
    const worker = existsSync(workerFile) ? startWorker(workerFile) : undefined;
    let local: Promise<ElkApi> | undefined;
    const onThisThread = (graph: ElkNode) => (local ??= loadElk().then(ELK => new ELK())).then(elk => elk.layout(graph));
    return {
        // ELK's answer has the shape of its input graph, which a message cannot carry in the type.
        elk: { layout: (graph => worker ? worker.layout(graph, () => onThisThread(graph)) : onThisThread(graph)) as ElkApi['layout'] },
        stop: () => void worker?.stop()
    };
}

function startWorker(file: string) {
    const worker = new Worker(file);
    // Not a reason to keep the process alive, except while a layout is awaited.
    worker.unref();
    const pending = new Map<number, { resolve(result: ElkNode): void; reject(error: Error): void; instead(): void }>();
    let next = 0;
    let failed = false;
    // A worker that cannot answer (it failed to load, or stopped): what it was asked goes elsewhere.
    const fail = () => {
        failed = true;
        for (const request of pending.values()) request.instead();
        pending.clear();
        worker.unref();
    };
    worker.on('message', (answer: ElkAnswer) => {
        const request = pending.get(answer.id);
        if (!request) return;
        pending.delete(answer.id);
        if (pending.size === 0) worker.unref();
        if ('error' in answer) request.reject(new Error(answer.error));
        else request.resolve(answer.result);
    });
    worker.on('error', fail);
    worker.on('exit', fail);
    return {
        /** ELK's answer, or its error (as on this thread); `elsewhere` when the worker cannot answer. */
        layout(graph: ElkNode, elsewhere: () => Promise<ElkNode>): Promise<ElkNode> {
            if (failed) return elsewhere();
            const id = next++;
            worker.ref();
            worker.postMessage({ id, graph } satisfies ElkRequest);
            return new Promise((resolve, reject) => pending.set(id, { resolve, reject, instead: () => elsewhere().then(resolve, reject) }));
        },
        stop: () => worker.terminate()
    };
}

/** elkjs's bundled build (ELK and its in-thread "worker"), loaded on first use. */
export async function loadElk(): Promise<new () => ElkApi> {
    const ELK = await import('elkjs/lib/elk.bundled.js');
    // elk.bundled.js is CommonJS: bundled, the constructor is the module itself or its `default`.
    const module = ELK as unknown as { default?: { default?: unknown } };
    return (module.default?.default ?? module.default ?? ELK) as unknown as new () => ElkApi;
}
