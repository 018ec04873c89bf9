import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { threadId } from 'node:worker_threads';

/**
 * V8's flags for the commands that set any, set once when the command loads, before anything of
 * it is compiled and before any of its threads exists: V8's flags are process-wide (every
 * isolate, the main thread's and the workers'), and part of what a V8 code cache is valid for
 * (code-cache.ts keys its caches by them, so each script has the flags of the one command that
 * loads it). The server, the other commands and the tests keep V8's defaults. Flags change only
 * when and how code is optimized: what it computes is the same. Measured on Node 20 (V8 11.3),
 * whose default `--interrupt-budget` is 67,584 bytes of bytecode (66 KB; `node --v8-options`);
 * newer V8s tier up through Maglev, with budgets of its own, where the gains may differ.
 */
export const COMMAND_V8_FLAGS = {
    /**
     * - No allocation-site pretenuring. V8 allocates the objects of an allocation site (an object
     *   or array literal) straight in the old generation once most of them have outlived a
     *   young-generation collection, as the workspace's declarations, kept to the end, do; the
     *   maps parsed after them, dropped at once, were then all promoted and collected by full
     *   collections (in a profile of the streaming thread: 550 MB promoted for 1,000 maps, against
     *   8 MB without pretenuring, and a third less CPU).
     * - Less inlined into each optimized function (V8's default: 920 bytes of bytecode), and a
     *   function optimized after more of its runs (a budget ~4× the default). Every lint thread is
     *   a fresh isolate that optimizes the parser, the linker and the checks anew, each on V8's
     *   compiler threads: with both cores linting, that compiling (1.1 s of CPU of the 4.3 s a
     *   lint of 1,000 maps took on 2 cores, measured per thread) competed with the lint itself.
     *   With these two limits the compiler threads took 40% less CPU, and the whole lint 8% less
     *   (the lint threads themselves a little more: their code is optimized later and inlines
     *   less; measured per thread from /proc, 1,000 maps, interleaved runs).
     * On one thread too (no slower there, measured).
     */
    lint: ['--no-allocation-site-pretenuring', '--max-inlined-bytecode-size-cumulative=300', '--interrupt-budget=250000'],
    /**
     * A function optimized (TurboFan, on a helper thread) after a budget ~15× the default. ELK's
     * GWT-compiled code and Langium's parser have many small functions that reach the default
     * within a render's first layout, and are compiled, thrown away and compiled again (the
     * code a short run spends most of its CPU on). With this budget a 60-touchpoint render that
     * needs ELK takes ~30% less CPU, and a 10,000-touchpoint one still gets its hot code
     * optimized, a little later (bench/cli.bench.ts). Set before render's ELK thread starts.
     */
    render: ['--interrupt-budget=1000000']
} as const satisfies Record<string, readonly string[]>;

export type V8FlagsCommand = keyof typeof COMMAND_V8_FLAGS;

/** The V8 (major.minor) whose flags COMMAND_V8_FLAGS were measured on: Node 20's, known to have them all. */
const MEASURED_V8 = '11.3';

/** Sets `command`'s V8 flags (those this V8 has: see `setV8Flags`). */
export function setCommandV8Flags(command: V8FlagsCommand, cacheFolder: string | undefined): void {
    setV8Flags(COMMAND_V8_FLAGS[command], cacheFolder);
}

/**
 * Sets those of `flags` this V8 has. V8 prints "unrecognized flag" on stderr for one it lacks (a
 * later Node may drop one), on every run: so a flag not known to be in this V8 (any, on another
 * V8 than the one measured) is first looked up in `node --v8-options`, its list kept in the CLI's cache folder (one run of
 * Node, ~20 ms, once per Node); without a cache folder, such a V8 is given none (they only
 * change the speed).
 */
export function setV8Flags(flags: readonly string[], cacheFolder: string | undefined): void {
    const measured = process.versions.v8.startsWith(`${MEASURED_V8}.`) ? measuredFlagNames() : new Set<string>();
    let listed: ReadonlySet<string> | undefined;
    for (const flag of flags) {
        const name = flagName(flag);
        if (measured.has(name) || (listed ??= v8FlagNames(cacheFolder)).has(name)) setFlagsFromString(flag);
    }
}

/** A flag's name as `node --v8-options` lists it: no `--`, no `no-`, no value, dashes for underscores. */
function flagName(flag: string): string {
    return flag.replace(/^--?(no-)?/, '').replace(/=.*$/s, '').replace(/_/g, '-');
}

function measuredFlagNames(): ReadonlySet<string> {
    return new Set(Object.values(COMMAND_V8_FLAGS).flat().map(flagName));
}

/** The flags this Node's V8 has, from the cache folder or `node --v8-options`; none when neither can tell. */
function v8FlagNames(cacheFolder: string | undefined): ReadonlySet<string> {
    if (cacheFolder === undefined) return new Set();
    const file = join(cacheFolder, 'v8', `flags-${process.version}-${process.arch}.txt`);
    try {
        return new Set(readFileSync(file, 'utf8').split('\n'));
    } catch {
        // Not listed yet.
    }
    // node:child_process loaded only now: imported, it took ~4 ms of every render's and lint's start, for a V8 met once.
    const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const listed = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8', timeout: 10_000 });
    if (listed.status !== 0) return new Set();
    const names = [...listed.stdout.matchAll(/^ {2}--([a-z0-9][a-z0-9_-]*)/gm)].map(match => match[1].replace(/_/g, '-'));
    try {
        mkdirSync(join(cacheFolder, 'v8'), { recursive: true });
        const temporary = `${file}.${process.pid}-${threadId}.tmp`;
        writeFileSync(temporary, names.join('\n'));
        renameSync(temporary, file);
    } catch {
        // Listed again next time.
    }
    return new Set(names);
}
