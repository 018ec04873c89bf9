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
 * this Node, this CPU and V8's flags as they are (`cachedDataVersionTag`: each command sets its
 * own, see v8-flags.ts); V8 checks all that again and rejects a cache it cannot use, which is
 * then made again. V8 does not check the cache's body (its release builds skip the checksum),
 * and a damaged body, taken, crashed every later run: so the file holds a hash of the cache,
 * checked before V8 sees it (sha256 of 1.4 MB: ~1 ms), and a cache that fails it is made again.
 * A cache that cannot be read or written is no error. Nothing here changes what the script computes.
 */
export interface LoadedScript<T> {
    /** What the script put in `module.exports`. */
    readonly exports: T;
    /** Whether V8 took the kept code cache. */
    readonly cached: boolean;
    /**
     * Writes the code cache when none was taken (best effort): call only once the script has done
     * its work (a run cut short by a usage error compiles too few functions, and its cache, taken
     * by V8, would never be made again).
     */
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
    const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
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

/** What a cache file starts with: this format's mark, then the sha256 of the V8 code cache that follows. */
const MARK = Buffer.from('JVC1');
const HEADER_BYTES = MARK.length + 32;

const digest = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** The V8 code cache kept in `file`, undefined when there is none or it is not whole (then made again). */
function readCache(file: string): Buffer | undefined {
    let bytes: Buffer;
    try {
        bytes = readFileSync(file);
    } catch {
        return undefined;
    }
    if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, MARK.length).equals(MARK)) return undefined;
    const data = bytes.subarray(HEADER_BYTES);
    return digest(data).equals(bytes.subarray(MARK.length, HEADER_BYTES)) ? data : undefined;
}

/**
 * Writes the cache, its hash first, atomically (threads and processes may write the same one at
 * once), then drops the others of the same name: for other scripts, other Node versions or other
 * V8 flags, of no further use (each script is loaded by one command, whose flags are fixed:
 * v8-flags.ts), so that the folder holds one per script for the Node in use.
 */
function write(file: string, data: Buffer, name: string): void {
    const temporary = `${file}.${process.pid}-${threadId}.tmp`;
    const folder = dirname(file);
    const base = file.slice(folder.length + 1);
    try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(temporary, Buffer.concat([MARK, digest(data), data]));
        renameSync(temporary, file);
        for (const entry of readdirSync(folder)) {
            // `name-<key>.bin` too: how ELK's was named before V8's tag was part of the name. Another
            // writer's temporary of this very file stays: it is renamed to it.
            if (entry.startsWith(`${name}-`) && /^[0-9a-f]{32}[-.]/.test(entry.slice(name.length + 1)) && entry !== base && !entry.startsWith(`${base}.`)) {
                rmSync(join(folder, entry), { force: true });
            }
        }
    } catch {
        // A folder that cannot be made (a file in its place) cannot hold the temporary either.
        try { rmSync(temporary, { force: true }); } catch { /* nothing was written */ }
    }
}
