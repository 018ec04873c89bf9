import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type { ElkApi } from '../diagram/index.js';

/**
 * ELK's script (out/cli-elk.cjs, 1.4 MB) compiled with a V8 code cache kept beside ELK's
 * answers (elk-cache.ts: JOURNEY_CACHE_DIR, `off` for none): V8 then neither parses the
 * script nor compiles the functions a layout runs, which roughly halves loading ELK and
 * shortens its first layout, for every map, whether or not its ordering is cached. The
 * cache is made once, after a first layout (so it holds those functions), for this script,
 * this Node and this CPU architecture; V8 checks the rest and rejects a cache it cannot use,
 * which is then made again. Nothing here changes what ELK computes.
 */
export interface LoadedElk {
    readonly ELK: new () => ElkApi;
    /** Whether V8 took the kept code cache. */
    readonly cached: boolean;
    /** Writes the code cache when none was used (best effort): call after a first layout. */
    keep(): void;
}

export function loadElkScript(file: string, cacheFolder: string | undefined): LoadedElk {
    const source = readFileSync(file, 'utf8');
    const cacheFile = cacheFolder === undefined ? undefined : join(cacheFolder, 'v8', `elk-${cacheKey(source)}.bin`);
    const cachedData = cacheFile === undefined ? undefined : readOrUndefined(cacheFile);
    // CommonJS's own wrapper: the script sees the module variables it would see under require().
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    const module = { exports: {} as unknown };
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
    const used = cachedData !== undefined && !script.cachedDataRejected;
    return {
        ELK: module.exports as new () => ElkApi,
        cached: used,
        keep: () => {
            if (cacheFile !== undefined && !used) write(cacheFile, script.createCachedData());
        }
    };
}

function cacheKey(source: string): string {
    return createHash('sha256').update(`${process.version}\u0000${process.arch}\u0000${source}`).digest('hex').slice(0, 32);
}

function readOrUndefined(file: string): Buffer | undefined {
    try {
        return readFileSync(file);
    } catch {
        return undefined;
    }
}

/** Replaces the folder's caches (other Node versions' or scripts' are of no further use) with this one. */
function write(file: string, data: Buffer): void {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(temporary, data);
        renameSync(temporary, file);
        for (const name of readdirSync(dirname(file))) if (join(dirname(file), name) !== file) rmSync(join(dirname(file), name), { force: true });
    } catch {
        rmSync(temporary, { force: true });
    }
}
