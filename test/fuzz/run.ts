// `npm run fuzz`: the product's own fuzz suite. Case `index` of run `--seed` is always the
// same input (cases.ts), so a run is resumable (`--from`, or the state file) and any case
// can be rerun alone (`--only`). Cases run in worker threads (worker.ts), one per core by
// default; a case taking longer than `--timeout` is a hang: its worker is ended and
// replaced. Each failure is minimised and written to `--out`; one line per failure class
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
        'avoid-known': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' }
    }
});
if (values.help) {
    console.log(`Usage: npm run fuzz -- [--seed S] [--cases N] [--from I | --only I] [--workers W] [--timeout MS] [--out DIR] [--avoid-known]
  --cases N       run cases up to index N (exclusive; default 1,000,000)
  --from I        start at case I (default: where the state file DIR/state-S.json stopped, else 0)
  --only I        run case I alone (to rerun a reported failure)
  --avoid-known   leave out the inputs of known open bugs (as the npm test slice does)`);
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
const options = { avoidKnownOpen: values['avoid-known'] };
const CHUNK = 25;

interface Slot { worker: Worker; current?: { index: number; since: number }; chunk?: { from: number; to: number }; busy: boolean }

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
    writeFileSync(`${base}.txt`, `${className}\ncase ${index} (${kind}) of seed ${seed}; rerun: npm run fuzz -- --seed ${seed} --only ${index}${options.avoidKnownOpen ? ' --avoid-known' : ''}\nminimised reproducer: ${base}.journey (${reproducer.length} characters)\n\n${message}\n`);
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
    const data: WorkerData = { seed, options };
    const worker = new Worker(join(dirname(fileURLToPath(import.meta.url)), 'worker.mjs'), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    const slot: Slot = { worker, busy: rest !== undefined, chunk: rest };
    worker.once('online', () => (rest ? worker.postMessage(rest) : feed(slot)));
    worker.on('message', (message: FromWorker) => {
        switch (message.type) {
            case 'start': slot.current = { index: message.index, since: Date.now() }; break;
            // Minimising runs the case again and again: the time limit starts after its budget.
            case 'minimising': slot.current = { index: message.index, since: Date.now() + message.ms }; break;
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
        const fuzz = fuzzCase(seed, index, options);
        record(index, fuzz.kind, `${what}: ${message.split('\n')[0].replace(/\d+/g, 'N')}`, message, fuzz.text);
        finish(index);
    }
    // A worker that died between two cases gets its whole chunk again.
    const from = index !== undefined ? index + 1 : chunk?.from ?? 0;
    const rest = chunk && from < chunk.to ? { from, to: chunk.to } : undefined;
    slots[slots.indexOf(slot)] = spawn(rest);
}

const watchdog = setInterval(() => {
    for (const slot of slots) {
        if (slot.current && Date.now() - slot.current.since > timeoutMs) replace(slot, 'hang', `case took longer than ${timeoutMs} ms`);
    }
}, 200);

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
    if (low < end) console.log(`resume with: npm run fuzz -- --seed ${seed} --cases ${end} --from ${low}${options.avoidKnownOpen ? ' --avoid-known' : ''}`);
    process.exit(failures > 0 ? 1 : 0);
}

process.on('SIGINT', () => {
    stopping = true;
    for (const slot of slots) slot.busy = false;
    done();
});

console.log(`fuzz: seed ${seed}, cases ${start} … ${end - 1}, ${values.workers} workers, ${timeoutMs} ms per case${options.avoidKnownOpen ? ', known open bugs avoided' : ''}`);
for (let i = 0; i < Number(values.workers); i++) slots.push(spawn());
