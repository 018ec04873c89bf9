/**
 * Helpers shared by the benchmarks. Each `bench/<name>.bench.ts` is a script that
 * `bench/run.mjs` bundles with esbuild and runs in its own Node process, from the
 * repository root, so one benchmark's heap never skews another's.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** How many timed runs each measurement takes (`BENCH_RUNS`, default 3); the median is reported. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

export function machine(): string {
    const cpu = cpus();
    return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface Measurement {
    readonly name: string;
    /** Wall-clock milliseconds of each run. */
    readonly runs: readonly number[];
    readonly median: number;
    /**
     * Median CPU milliseconds (user + system, all threads, GC included): of this process, or what the task
     * returned as `childCpuMs`; NaN (printed n/a) when the task's process could not be read.
     */
    readonly cpuMedian: number;
}

/**
 * Times `task` `RUNS` times (after untimed warm-up runs: one when `warmUp` is true, or that many) and prints
 * the medians. CPU time is shown too: on a shared machine it varies less than wall time. A task whose work
 * is another process's returns that process's CPU as `childCpuMs`, undefined when it cannot be read
 * (not this process's CPU instead, which would be shown as the other's).
 */
export async function measure(name: string, task: Task, options: { warmUp?: boolean | number } = {}): Promise<Measurement> {
    return (await measureInterleaved([{ name, task, warmUp: options.warmUp }]))[0];
}

/**
 * What a task whose work is another process's may return: that process's CPU, and, when only part of
 * that process's life is the work measured (its start-up left out), the work's own wall time.
 */
type ChildOutcome = { childCpuMs: number | undefined; wallMs?: number };
type Task = () => unknown | Promise<ChildOutcome>;

/**
 * Like `measure` for several tasks, their runs taken in turn (a, b, c, a, b, c…): tasks whose
 * times are compared as a ratio then see the same machine (load, heat, other processes),
 * rather than one the first minute and the other the next. Each is warmed up first, as `measure` does.
 */
export async function measureInterleaved(tasks: readonly { name: string, task: Task, warmUp?: boolean | number }[]): Promise<Measurement[]> {
    for (const { task, warmUp } of tasks) for (let i = 0; i < Number(warmUp ?? 0); i++) await task();
    const runs = tasks.map(() => [] as number[]);
    const cpu = tasks.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) {
        for (const [index, { task }] of tasks.entries()) {
            const start = performance.now();
            const cpuStart = process.cpuUsage();
            const outcome = await task();
            const used = process.cpuUsage(cpuStart);
            const child = isChildCpu(outcome) ? outcome : undefined;
            runs[index].push(child?.wallMs ?? performance.now() - start);
            cpu[index].push(child ? child.childCpuMs ?? NaN : (used.user + used.system) / 1000);
        }
    }
    return tasks.map(({ name }, index) => {
        const result = { name, runs: runs[index], median: median(runs[index]), cpuMedian: cpu[index].some(Number.isNaN) ? NaN : median(cpu[index]) };
        console.log(`  ${name.padEnd(34)} median ${formatMs(result.median).padStart(8)}, cpu ${formatMs(result.cpuMedian).padStart(8)}   runs ${result.runs.map(formatMs).join(', ')}`);
        return result;
    });
}

function isChildCpu(value: unknown): value is ChildOutcome {
    return typeof value === 'object' && value !== null && 'childCpuMs' in value;
}

/**
 * Runs `node args…` and returns its CPU time: a preloaded script writes the
 * child's `process.cpuUsage()` to file descriptor 3 when it exits.
 */
export function spawnNodeMeasured(args: readonly string[], preloadDir: string, env?: NodeJS.ProcessEnv): { status: number | null, stdout: string, stderr: string, childCpuMs: number } {
    const preload = join(preloadDir, 'report-cpu.cjs');
    // Preloads run in worker threads too; process.cpuUsage() already counts every thread, so only the main one writes.
    writeFileSync(preload, "if (require('node:worker_threads').isMainThread) process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(3, String((u.user + u.system) / 1000)); });\n");
    const run = spawnSync(process.execPath, ['--require', preload, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : undefined });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, childCpuMs: Number(run.output[3] ?? 0) };
}

export function formatMs(ms: number): string {
    if (Number.isNaN(ms)) return 'n/a';
    return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

/** A small seeded PRNG (mulberry32): generated inputs are the same on every run and machine. */
export function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6D2B79F5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
