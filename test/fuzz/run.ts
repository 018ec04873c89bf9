// `npm run fuzz`: the product's own fuzz suite. Case `index` of run `--seed` is always the
// same input (cases.ts), so a run is resumable (`--from`, or the state file) and any case
// can be rerun alone (`--only`). Cases run in worker threads (worker.ts), one per core by
// default; a case using more than `--timeout` of its thread's CPU time (or waiting twenty times
// as long) is a hang: its worker is ended and replaced. Each failure is minimised and written to `--out`; one line per failure class
// is printed at the end. Exit code 1 when anything failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { fuzzCase } from './cases.js';
import type { FromWorker, WorkerData } from './worker.js';

const { values } = parseArgs({
    options: {
        seed: { type: 'string', default: '42' },
        cases: { type: 'string', default: '1000000' },
        from: { type: 'string' },
        only: { type: 'string' },
        workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
        timeout: { type: 'string', default: '5000' },
        out: { type: 'string', default: 'fuzz-failures' },
        help: { type: 'boolean', short: 'h' }
    }
});
if (values.help) {
    console.log(`Usage: npm run fuzz -- [--seed S] [--cases N] [--from I | --only I] [--workers W] [--timeout MS] [--out DIR]
  --cases N       run cases up to index N (exclusive; default 1,000,000)
  --from I        start at case I (default: where the state file DIR/state-S.json stopped, else 0)
  --only I        run case I alone (to rerun a reported failure)`);
    process.exit(0);
}

const seed = Number(values.seed);
const out = values.out!;
mkdirSync(out, { recursive: true });
const stateFile = join(out, `state-${seed}.json`);
const saved = (() => { try { return JSON.parse(readFileSync(stateFile, 'utf8')) as { next: number; cases: number }; } catch { return undefined; } })();
const only = values.only !== undefined ? Number(values.only) : undefined;
const start = only ?? (values.from !== undefined ? Number(values.from) : saved?.cases === Number(values.cases) ? saved.next : 0);
const end = only !== undefined ? only + 1 : Number(values.cases);
const timeoutMs = Number(values.timeout);
const CHUNK = 25;

interface Slot { worker: Worker; thread?: string; current?: { index: number; since: number; cpu: number }; chunk?: { from: number; to: number }; busy: boolean }

let nextChunk = start;
/** Cases finished, for the resume point: everything below `low` is done. */
const finished = new Set<number>();
let low = start;
let run = 0;
let failures = 0;
const classes = new Map<string, { count: number; first: number; stage: string; file: string }>();
const began = Date.now();
const slots: Slot[] = [];
let stopping = false;

function record(index: number, kind: string, className: string, message: string, reproducer: string): void {
    failures++;
    const known = classes.get(className);
    if (known) { known.count++; if (known.count > 3) return; }
    const base = join(out, `${seed}-${index}`);
    writeFileSync(`${base}.journey`, reproducer);
    writeFileSync(`${base}.txt`, `${className}\ncase ${index} (${kind}) of seed ${seed}; rerun: npm run fuzz -- --seed ${seed} --only ${index}\nminimised reproducer: ${base}.journey (${reproducer.length} characters)\n\n${message}\n`);
    if (!known) {
        classes.set(className, { count: 1, first: index, stage: className.split(':')[0], file: `${base}.journey` });
        console.log(`FAIL case ${index} (${kind}): ${className}\n     reproducer ${base}.journey (${reproducer.length} chars)`);
    }
}

function finish(index: number): void {
    run++;
    finished.add(index);
    while (finished.has(low)) finished.delete(low++);
}

function spawn(rest?: { from: number; to: number }): Slot {
    const data: WorkerData = { seed };
    const worker = new Worker(join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    const slot: Slot = { worker, busy: rest !== undefined, chunk: rest };
    worker.once('online', () => (rest ? worker.postMessage(rest) : feed(slot)));
    worker.on('message', (message: FromWorker) => {
        switch (message.type) {
            case 'start': slot.thread = message.thread; slot.current = { index: message.index, since: Date.now(), cpu: threadCpuMs(slot.thread) ?? 0 }; break;
            // Minimising runs the case again and again: the time limit starts after its budget.
            case 'minimising': slot.current = { index: message.index, since: Date.now() + message.ms, cpu: (threadCpuMs(slot.thread) ?? 0) + message.ms }; break;
            case 'failure': record(message.index, message.kind, message.className, message.message, message.reproducer); break;
            case 'done': slot.current = undefined; finish(message.index); break;
            case 'idle': slot.busy = false; slot.chunk = undefined; feed(slot); break;
        }
    });
    worker.on('error', error => replace(slot, 'crash', `worker died: ${error.stack ?? error.message}`));
    return slot;
}

function feed(slot: Slot): void {
    if (stopping || nextChunk >= end) { if (slots.every(s => !s.busy)) done(); return; }
    slot.chunk = { from: nextChunk, to: Math.min(end, nextChunk + CHUNK) };
    nextChunk = slot.chunk.to;
    slot.busy = true;
    slot.worker.postMessage(slot.chunk);
}

/** Ends a hung or dead worker: its current case is a failure, the rest of its chunk goes to a new worker. */
function replace(slot: Slot, what: 'hang' | 'crash', message: string): void {
    const index = slot.current?.index;
    const chunk = slot.chunk;
    void slot.worker.terminate();
    slot.worker.removeAllListeners();
    if (index !== undefined) {
        const fuzz = fuzzCase(seed, index);
        record(index, fuzz.kind, `${what}: ${message.split('\n')[0].replace(/\d+/g, 'N')}`, message, fuzz.text);
        finish(index);
    }
    // A worker that died between two cases gets its whole chunk again.
    const from = index !== undefined ? index + 1 : chunk?.from ?? 0;
    const rest = chunk && from < chunk.to ? { from, to: chunk.to } : undefined;
    slots[slots.indexOf(slot)] = spawn(rest);
}

/** A case waiting on nothing (no CPU used) is a hang after this many timeouts of wall time. */
const WAIT_FACTOR = 20;

/**
 * On a shared machine the neighbours stretch wall time (at a load of 17 on 2 cores a case
 * gets an eighth of a core), so a hang is measured in the worker thread's own CPU time.
 */
const watchdog = setInterval(() => {
    for (const slot of slots) {
        if (!slot.current) continue;
        const wall = Date.now() - slot.current.since;
        const cpu = threadCpuMs(slot.thread);
        const used = cpu === undefined ? wall : cpu - slot.current.cpu;
        if (used > timeoutMs) replace(slot, 'hang', `case took longer than ${timeoutMs} ms${cpu === undefined ? '' : ' of CPU time'}`);
        else if (wall > WAIT_FACTOR * timeoutMs) replace(slot, 'hang', `case waited longer than ${WAIT_FACTOR * timeoutMs} ms`);
    }
}, 200);

/** CPU milliseconds a worker's thread has used, from Linux's /proc (clock ticks of 10 ms); undefined elsewhere. */
function threadCpuMs(thread: string | undefined): number | undefined {
    if (thread === undefined) return undefined;
    try {
        const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
        return undefined;
    }
}

function rate(): string {
    const seconds = (Date.now() - began) / 1000;
    // CPU time of all threads too: on a shared machine the wall-clock rate says more about the neighbours.
    const cpu = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    return `${run} cases in ${seconds.toFixed(0)} s: ${(run / seconds).toFixed(1)} cases/s (${(run / seconds / slots.length).toFixed(1)} per worker); ${cpu.toFixed(0)} CPU s, ${(run / cpu).toFixed(1)} cases per CPU second`;
}

function saveState(): void {
    writeFileSync(stateFile, JSON.stringify({ seed, cases: end, next: low }) + '\n');
}

const progress = setInterval(() => {
    saveState();
    console.log(`… ${rate()}, ${failures} failures in ${classes.size} classes, next unfinished case ${low}`);
}, 30_000);

function done(): void {
    if (stopping && slots.some(s => s.busy)) return;
    clearInterval(watchdog);
    clearInterval(progress);
    if (only === undefined) saveState();
    for (const slot of slots) void slot.worker.terminate();
    console.log(`\nseed ${seed}, cases ${start} … ${low - 1}: ${rate()}`);
    console.log(`failures: ${failures} in ${classes.size} classes${failures > 0 ? ` (reproducers in ${out}/)` : ''}`);
    for (const [name, c] of [...classes].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${String(c.count).padStart(6)} × ${name}\n           first: case ${c.first}, ${c.file}`);
    if (low < end) console.log(`resume with: npm run fuzz -- --seed ${seed} --cases ${end} --from ${low}`);
    process.exit(failures > 0 ? 1 : 0);
}

process.on('SIGINT', () => {
    stopping = true;
    for (const slot of slots) slot.busy = false;
    done();
});

console.log(`fuzz: seed ${seed}, cases ${start} … ${end - 1}, ${values.workers} workers, ${timeoutMs} ms of CPU time per case`);
for (let i = 0; i < Number(values.workers); i++) slots.push(spawn());
