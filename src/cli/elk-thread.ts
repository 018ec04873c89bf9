import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkApi } from '../diagram/index.js';
import { loadElkScript, type ElkConstructor, type LoadedElk } from './elk-code-cache.js';
import { drawnWithoutElk, journeyCacheFolder } from './elk-cache.js';
import { rendersMayNeedElk } from './elk-guess.js';
import { ELK_ALGORITHMS } from '../diagram/elk-order.js';

/**
 * ELK for `journey render`: on a thread of its own started when the command starts, for a
 * render whose maps will likely need it (elk-guess.ts) while a core is idle (`JOURNEY_ELK_THREAD=on`:
 * always, `=off`: never), else on this thread, loaded when a map needs it. Loading elkjs (1.4 MB of script)
 * and its first layout (cold GWT code) take ~0.3 s, which the worker (elk-worker.ts) spends
 * while this thread loads Langium and parses the maps, so a render that needs ELK waits for
 * less than all of it. Either way ELK's compiled code is cached (elk-code-cache.ts) and only
 * the algorithm the orderings use is registered (ELK_ALGORITHMS). ELK is deterministic (fixed
 * seed), so the worker's answers are the same as this thread's (test/cli/elk-thread.test.ts).
 * Where the worker cannot run (no out/cli-elk-worker.cjs: the sources under test; or it
 * failed), ELK runs on this thread.
 */

/** The worker's entry point, built beside the CLI's chunks by esbuild.mjs. */
const WORKER_FILE = 'cli-elk-worker.cjs';

/** What the worker is given: where the code cache is kept (undefined: nowhere). */
export interface ElkWorkerData { readonly cacheFolder: string | undefined }
/** A layout request and its answer, between this thread and the worker. */
export interface ElkRequest { readonly id: number; readonly graph: ElkNode }
export type ElkAnswer = { readonly id: number; readonly result: ElkNode } | { readonly id: number; readonly error: string };

export interface ElkThread {
    readonly elk: ElkApi;
    /** Ends the worker (a finished command need not wait for it). */
    stop(): void;
}

let early: ElkThread | undefined;

/** Where a warning about JOURNEY_ELK_THREAD goes (the command's standard error). */
export interface Warnings { write(text: string): unknown }

/**
 * Starts the worker before `journey render`'s code loads (src/cli/main.ts): loading the
 * command's chunks (Langium, the diagram pipeline) is time the worker can use too.
 */
export function startElkThreadEarly(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], stderr: Warnings): void {
    early ??= startForCommand(cwd, env, args, stderr);
}

/**
 * Only when a core is idle (by the load average; Windows reports none: taken as idle) and the
 * maps named will likely need ELK and were not drawn before without it (elk-guess.ts; read only
 * once the load allows a thread). On two idle cores the worker makes a map that needs ELK ~75 ms
 * faster cold, but any other render ~70 ms slower (the two threads share the cores while ELK loads
 * for nothing); on a busy machine (load average 7-11) it makes no render faster and every one
 * slower, there being no core to spare (bench/cli.bench.ts prints each way). `JOURNEY_ELK_THREAD=on`
 * or `off` (any case) decides instead; another value is warned about on `stderr` and decides nothing.
 */
export function wantsElkThread(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], coreIdle = () => hasIdleCore(env), stderr?: Warnings): boolean {
    const decided = threadSetting(env, stderr);
    if (decided !== undefined) return decided;
    if (!coreIdle()) return false;
    const drawn = drawnWithoutElk(cwd, env);
    return rendersMayNeedElk(cwd, args, text => drawn.has(text));
}

/** JOURNEY_ELK_THREAD: true for on, false for off, undefined (the default) when unset, empty or unknown. */
function threadSetting(env: NodeJS.ProcessEnv, stderr?: Warnings): boolean | undefined {
    const setting = env.JOURNEY_ELK_THREAD?.trim().toLowerCase();
    if (setting === 'on' || setting === 'off') return setting === 'on';
    if (setting) stderr?.write(`journey: JOURNEY_ELK_THREAD: unknown value '${env.JOURNEY_ELK_THREAD}' (expected on or off): ignored\n`);
    return undefined;
}

/**
 * Whether a core is idle by the one-minute load average. JOURNEY_TEST_LOAD_AVERAGE replaces the
 * machine's reading, for tests only (test/cli/elk-thread.test.ts: the default path must be the
 * one exercised, whatever the load of the machine running them).
 */
function hasIdleCore(env: NodeJS.ProcessEnv): boolean {
    const assumed = Number(env.JOURNEY_TEST_LOAD_AVERAGE);
    const load = env.JOURNEY_TEST_LOAD_AVERAGE !== undefined && Number.isFinite(assumed) ? assumed : loadavg()[0];
    return availableParallelism() - load >= 1;
}

function startForCommand(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], stderr: Warnings): ElkThread {
    return startElkThread(journeyCacheFolder(cwd, env), wantsElkThread(cwd, env, args, undefined, stderr) ? undefined : null);
}

/** The thread startElkThreadEarly started, if any, taken (render-loader.ts hands it to render's bundle). */
export function takeEarlyElkThread(): ElkThread | undefined {
    const thread = early;
    early = undefined;
    return thread;
}

/** Takes `thread` as the one started early (in render's bundle: its own copy of this module). */
export function offerElkThread(thread: ElkThread | undefined): void {
    early = thread;
}

/** The thread startElkThreadEarly started (taken: the caller stops it), else one for `args`. */
export function takeElkThread(cwd: string, env: NodeJS.ProcessEnv, args: readonly string[], stderr: Warnings): ElkThread {
    const thread = early ?? startForCommand(cwd, env, args, stderr);
    early = undefined;
    return thread;
}

/**
 * Starts the worker now (when its file exists; `null`: no worker); layouts go to it, or to
 * ELK on this thread if it cannot answer.
 */
export function startElkThread(cacheFolder: string | undefined, workerFile: string | null = fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url))): ElkThread {
    const worker = workerFile !== null && existsSync(workerFile) ? startWorker(workerFile, { cacheFolder }) : undefined;
    let local: Promise<{ elk: ElkApi; keep(): void }> | undefined;
    const onThisThread = async (graph: ElkNode) => {
        const { elk, keep } = await (local ??= loadElk(cacheFolder).then(({ ELK, keep }) => ({ elk: newElk(ELK), keep })));
        const result = await elk.layout(graph);
        keep();
        return result;
    };
    return {
        // ELK's answer has the shape of its input graph, which a message cannot carry in the type.
        elk: { layout: (graph => worker ? worker.layout(graph, () => onThisThread(graph)) : onThisThread(graph)) as ElkApi['layout'] },
        stop: () => void worker?.stop()
    };
}

function startWorker(file: string, workerData: ElkWorkerData) {
    const worker = new Worker(file, { workerData });
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

/** ELK's script, built beside the CLI's chunks by esbuild.mjs (elkjs is not installed with the CLI). */
const ELK_SCRIPT = 'cli-elk.cjs';
/** Where the sources under test find it instead; a variable, so esbuild leaves it out of the bundle. */
const ELK_MODULE = 'elkjs/lib/elk.bundled.js';

/** ELK, from out/cli-elk.cjs with its code cache in `cacheFolder` (elk-code-cache.ts), or from elkjs for the sources. */
export async function loadElk(cacheFolder: string | undefined): Promise<LoadedElk> {
    const script = fileURLToPath(new URL(`./${ELK_SCRIPT}`, import.meta.url));
    if (existsSync(script)) return loadElkScript(script, cacheFolder);
    const ELK = await import(ELK_MODULE);
    // elk.bundled.js is CommonJS: the constructor is the module itself or its `default`.
    const module = ELK as { default?: { default?: unknown } };
    return { ELK: (module.default?.default ?? module.default ?? ELK) as ElkConstructor, cached: false, keep: () => undefined };
}

/** ELK with only the algorithms the orderings use registered (the same layouts, a shorter start). */
export function newElk(ELK: ElkConstructor): ElkApi {
    return new ELK({ algorithms: ELK_ALGORITHMS });
}
