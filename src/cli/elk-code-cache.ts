import type { ElkApi } from '../diagram/index.js';
import { loadCachedScript } from './code-cache.js';

/**
 * ELK's script (out/cli-elk.cjs, 1.4 MB) compiled with a V8 code cache kept beside ELK's
 * answers (elk-cache.ts: JOURNEY_CACHE_DIR, `off` for none; code-cache.ts): V8 then neither
 * parses the script nor compiles the functions a layout runs, which roughly halves loading
 * ELK and shortens its first layout, for every map, whether or not its ordering is cached.
 * The cache is made once, after a first layout (so it holds those functions). Nothing here
 * changes what ELK computes.
 */
/** elkjs's constructor; `algorithms` limits which layout algorithms it registers. */
export type ElkConstructor = new (options?: { readonly algorithms?: readonly string[] }) => ElkApi;

export interface LoadedElk {
    readonly ELK: ElkConstructor;
    /** Whether V8 took the kept code cache. */
    readonly cached: boolean;
    /** Writes the code cache when none was used (best effort): call after a first layout. */
    keep(): void;
}

export function loadElkScript(file: string, cacheFolder: string | undefined): LoadedElk {
    const loaded = loadCachedScript<ElkConstructor>(file, cacheFolder, 'elk');
    return { ELK: loaded.exports, cached: loaded.cached, keep: loaded.keep };
}
