import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadCachedScript } from './code-cache.js';
import { bundledCommand } from './bundled-command.js';
import type { CliCommand, CliIO } from './command.js';
import { journeyCacheFolder } from './elk-cache.js';
import type * as CommandsBundle from './commands-bundle.js';
import { COMMAND_CACHES, COMMANDS_BUNDLE } from './commands-bundle-file.js';
import { setCommandV8Flags } from './v8-flags.js';

/** Below this many bytes of maps, starting workers (each loads Langium: ~0.3 s of CPU) costs more than it saves. */
export const THRESHOLD_BYTES = 1_500_000;
/** Folder entries `mayLintOnWorkers` looks at, at most, before it gives up (a folder that holds far more than maps). */
const LOOKED_AT = 20_000;

/** A lint worker's entry point (lint-worker.ts), built beside it. */
const WORKER_ENTRY = 'cli-lint-worker.cjs';

/** What a worker started before its shard is known is given (its shard comes as its first message). */
export interface StartedWorkerData {
    readonly codeCache?: string;
}

/**
 * The lint command: from out/cli-commands.cjs (with render's) through its V8 code cache when built
 * (the cache written once the command has linted its maps), else (the sources under test) from lint.ts.
 * Its help is help.ts's: loaded only to run.
 */
export async function loadLintCommand(io: CliIO, args?: readonly string[]): Promise<CliCommand> {
    const bundle = fileURLToPath(new URL(`./${COMMANDS_BUNDLE}`, import.meta.url));
    if (!existsSync(bundle)) return (await import('./lint.js')).lintCommand;
    const codeCache = journeyCacheFolder(io.cwd, io.env);
    // Before compiling: V8's flags are part of what a code cache is valid for, and the workers see them set.
    setCommandV8Flags('lint', codeCache);
    const early = args && mayLintOnWorkers(args, io) ? startWorker(codeCache) : undefined;
    const lint = loadCachedScript<typeof CommandsBundle>(bundle, codeCache, COMMAND_CACHES.lint);
    if (early) lint.exports.offerStartedWorker(early);
    const { lintCommand } = lint.exports;
    // Only after maps were linted, with findings or without; idle workers stopped however the run ended.
    return bundledCommand(lintCommand, lint, code => code === 0 || code === 1, () => lint.exports.stopIdleWorkers());
}

/**
 * A worker, started before the bundle loads and the files are listed: starting Node on a thread
 * and loading the bundle there takes ~0.1 s of CPU, which then overlaps this thread's instead
 * of coming after it (lint-workers.ts gives it the first shard, or stops it when the
 * workspace is linted on this thread). Unreferenced until given a shard.
 */
function startWorker(codeCache: string | undefined): Worker | undefined {
    const entry = fileURLToPath(new URL(`./${WORKER_ENTRY}`, import.meta.url));
    if (!existsSync(entry)) return undefined;
    const worker = new Worker(entry, { workerData: { codeCache } satisfies StartedWorkerData });
    worker.unref();
    return worker;
}

/**
 * Whether the command line is likely to lint on workers, told cheaply and without the bundle
 * (lint-workers.ts decides): not on one core, not with one thread asked for, not standard
 * input nor globs, and only when the folders named (else the current one) hold at least
 * THRESHOLD_BYTES of maps, dotfiles and node_modules aside. Maps named one by one (a
 * pre-commit hook's few) only when one seems to declare shared names (then their whole
 * workspace is linted on workers), their folders measured (their workspace holds at least
 * those). A wrong guess costs a worker started and stopped, or started later.
 */
export function mayLintOnWorkers(args: readonly string[], io: CliIO): boolean {
    if (availableParallelism() < 2 || io.env.JOURNEY_THREADS === '1') return false;
    if (args.some((arg, i) => arg === '-' || arg.startsWith('--stdin-filename') || /[*?[{]/.test(arg) || arg === '--threads=1' || (arg === '--threads' && args[i + 1] === '1'))) return false;
    const maps = args.filter(arg => arg.endsWith('.journey')).map(arg => resolve(io.cwd, arg));
    if (maps.length > 0 && !maps.some(seemsToDeclareShared)) return false;
    const folders = args.map(arg => resolve(io.cwd, arg)).filter(path => statOrUndefined(path)?.isDirectory());
    const measured = [...new Set([...folders, ...maps.map(map => dirname(map))])];
    return mapBytesReach(measured.length > 0 ? measured : [io.cwd], THRESHOLD_BYTES);
}

/**
 * Whether a map seems to declare top-level personas, channels or teams: a line that starts with
 * one (a guess; lint-workers.ts decides with workspace.ts `declaresSharedText`, which skips the
 * journeys' bodies, strings and comments as the grammar reads them). Not that check itself: the
 * grammar's terminals come with Langium (src/language/generated/ast.ts), which this module,
 * loaded before the lint bundle, must not load. A line comment never starts a line with a
 * keyword; a wrong guess (a block comment's line, an indented declaration) costs a worker
 * started and stopped, or started later.
 */
function seemsToDeclareShared(path: string): boolean {
    try {
        return /^\uFEFF?(persona|channel|team)\b/m.test(readFileSync(path, 'utf8'));
    } catch {
        return false;
    }
}

/** Whether the .journey files under `folders` add up to `bytes`, looking at LOOKED_AT entries at most. */
function mapBytesReach(folders: readonly string[], bytes: number): boolean {
    const pending = [...folders];
    let total = 0;
    let looked = 0;
    for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
        let entries;
        try {
            entries = readdirSync(folder, { withFileTypes: true });
        } catch {
            continue;
        }
        for (const entry of entries) {
            if (++looked > LOOKED_AT) return false;
            if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
            const path = join(folder, entry.name);
            if (entry.isDirectory()) pending.push(path);
            else if (entry.name.endsWith('.journey') && (total += statOrUndefined(path)?.size ?? 0) >= bytes) return true;
        }
    }
    return false;
}

/** What `path` is; undefined when it cannot be looked at (missing, a symbolic link loop…): lint itself reports that, this is a guess. */
function statOrUndefined(path: string) {
    try {
        return statSync(path);
    } catch {
        return undefined;
    }
}
