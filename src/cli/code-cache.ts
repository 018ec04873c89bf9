import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cachedDataVersionTag } from 'node:v8';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

/**
 * A CommonJS script (a bundle esbuild.mjs builds: ELK's, lint's) compiled with a V8 code
 * cache kept in the CLI's cache folder (elk-cache.ts `journeyCacheFolder`, under v8/): V8 then
 * neither parses the script nor compiles the functions a first run compiled, on every thread
 * that loads it. Node 20 has no such cache for ES modules, hence CommonJS. The cache is made
 * by `keep()` after a first run (so it holds the functions that run used), for this script,
 * this Node, this CPU and V8's flags as they are (`cachedDataVersionTag`: lint turns one off,
 * see lint-loader.ts); V8 checks all that again and rejects a cache it cannot use, which is
 * then made again. A cache that cannot be read or written is no error. Nothing here changes
 * what the script computes.
 */
export interface LoadedScript<T> {
    /** What the script put in `module.exports`. */
    readonly exports: T;
    /** Whether V8 took the kept code cache. */
    readonly cached: boolean;
    /** Writes the code cache when none was taken (best effort): call once the script has done its work. */
    keep(): void;
}

/** Runs `file` as CommonJS would, with the code cache called `name` from `cacheFolder` (none when undefined). */
export function loadCachedScript<T>(file: string, cacheFolder: string | undefined, name: string): LoadedScript<T> {
    const bytes = readFileSync(file);
    const folder = cacheFolder === undefined ? undefined : join(cacheFolder, 'v8');
    const cacheFile = folder === undefined ? undefined : join(folder, `${name}-${sourceKey(bytes)}-${cachedDataVersionTag()}.bin`);
    // esbuild writes ASCII (non-ASCII escaped): read as Latin-1, such bytes are the same text, made without UTF-8
    // decoding and as a one-byte string (one non-ASCII byte, decoded as UTF-8, made the whole bundle a two-byte string).
    const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    const cachedData = cacheFile === undefined ? undefined : readOrUndefined(cacheFile);
    // CommonJS's own wrapper: the script sees the module variables it would see under require().
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    const module = { exports: {} as T };
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
    const used = cachedData !== undefined && !script.cachedDataRejected;
    let kept = used;
    return {
        exports: module.exports,
        cached: used,
        keep: () => {
            if (cacheFile === undefined || kept) return;
            kept = true;
            write(cacheFile, script.createCachedData(), name);
        }
    };
}

/**
 * The script's bytes and the Node that runs it (V8's flags and CPU are in the file name: several may be kept).
 * The bytes, not the text: hashing a string encodes it to UTF-8 first, which took most of the time.
 */
function sourceKey(bytes: Buffer): string {
    return createHash('sha256').update(`${process.version}\u0000${process.arch}\u0000`).update(bytes).digest('hex').slice(0, 32);
}

function readOrUndefined(file: string): Buffer | undefined {
    try {
        return readFileSync(file);
    } catch {
        return undefined;
    }
}

/**
 * Writes the cache atomically (threads and processes may write the same one at once), then
 * drops the caches of the same name for other scripts or Node versions, of no further use.
 */
function write(file: string, data: Buffer, name: string): void {
    const temporary = `${file}.${process.pid}-${threadId}.tmp`;
    const folder = dirname(file);
    const current = file.slice(folder.length + 1).split('-').slice(0, -1).join('-');
    try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(temporary, data);
        renameSync(temporary, file);
        for (const entry of readdirSync(folder)) {
            // `name-<key>.bin` too: how ELK's was named before V8's tag was part of the name.
            if (entry.startsWith(`${name}-`) && /^[0-9a-f]{32}[-.]/.test(entry.slice(name.length + 1)) && !entry.startsWith(`${current}-`)) {
                rmSync(join(folder, entry), { force: true });
            }
        }
    } catch {
        // A folder that cannot be made (a file in its place) cannot hold the temporary either.
        try { rmSync(temporary, { force: true }); } catch { /* nothing was written */ }
    }
}
