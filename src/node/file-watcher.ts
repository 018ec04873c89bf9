// The one file-watching module: the language server watches its workspace folders with it
// (for clients that register no file watchers) and `journey preview` watches its map's folder.
// Node's fs.watch, with the bursts of events a save or a checkout makes settled into one report.
import { watch, type FSWatcher } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { CONFIG_FILE_NAME, JOURNEY_FILE_EXTENSION } from '../language/config.js';
import { errorMessage, logError } from '../common/errors.js';

export interface WatchOptions {
    /** Watch the folders' subfolders too. */
    recursive: boolean;
    /** Report once no event came for this long... */
    quietMs: number;
    /** ...or this long after the burst began, so that continuous writes still report. */
    maxWaitMs: number;
    /** Which changed names (relative to the folder; null when the platform does not say) count. */
    accept(relativePath: string | null): boolean;
}

/** A running watch; close() stops it and drops a pending report. */
export interface FileWatch { close(): void }

/** Watches the folders; reports the changed paths of each settled burst (empty when the platform named none). */
export function watchFiles(folders: readonly string[], options: WatchOptions, report: (paths: string[]) => void): FileWatch {
    const pending = new Set<string>();
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    let burstStart: number | undefined;
    const flush = () => {
        timer = undefined;
        burstStart = undefined;
        const paths = [...pending];
        pending.clear();
        report(paths);
    };
    const changed = () => {
        const now = Date.now();
        burstStart ??= now;
        clearTimeout(timer);
        timer = setTimeout(flush, Math.max(0, Math.min(options.quietMs, burstStart + options.maxWaitMs - now)));
    };
    for (const folder of folders) {
        try {
            const watcher = watch(folder, { recursive: options.recursive }, (_event, file) => {
                const name = file === null ? null : file.toString();
                if (!options.accept(name)) return;
                if (name !== null) pending.add(join(folder, name));
                changed();
            });
            watcher.on('error', error => logError(`watching ${folder} stopped`, errorMessage(error)));
            watchers.push(watcher);
        } catch (error) {
            // Too many watches (inotify's limit) or a folder gone: the caller goes on without.
            logError(`cannot watch ${folder}`, errorMessage(error));
        }
    }
    return {
        close: () => {
            clearTimeout(timer);
            for (const watcher of watchers) watcher.close();
        }
    };
}

/** A `.journey` file or a `journey.config.json`, outside node_modules and .git. */
export function isJourneyWorkspaceFile(relativePath: string | null): boolean {
    if (relativePath === null) return false;
    const segments = relativePath.split(sep);
    if (segments.includes('node_modules') || segments.includes('.git')) return false;
    return relativePath.endsWith(JOURNEY_FILE_EXTENSION) || basename(relativePath) === CONFIG_FILE_NAME;
}
