import { existsSync } from 'node:fs';
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { JourneyWorkspaceManager } from '../language/lsp/journey-client-compat.js';
import { isJourneyWorkspaceFile, watchFiles } from '../node/file-watcher.js';

/** Changes closer together than this (an editor's save, a `git checkout`) make one update. */
const SETTLE_MS = 50;

/**
 * Clients that cannot register file watchers (`workspace/didChangeWatchedFiles`
 * with dynamic registration) would leave the server blind to files changed on
 * disk but not open. For them the server watches its workspace folders itself
 * and feeds the changes to the same handler the client's notifications reach.
 */
export class WorkspaceWatcher {
    constructor(private readonly shared: LangiumSharedServices) {}

    /** Hooks into the server's start: watches the folders once initialized, unless the client watches. */
    watchForClientsWithoutWatchers(): void {
        const shared = this.shared;
        let clientWatches = false;
        shared.lsp.LanguageServer.onInitialize(params => {
            clientWatches = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
        });
        shared.lsp.LanguageServer.onInitialized(() => {
            if (clientWatches) return;
            const folders = (shared.workspace.WorkspaceManager as JourneyWorkspaceManager).loadedFolders;
            const updates = shared.lsp.DocumentUpdateHandler;
            this.watch(folders.map(folder => URI.parse(folder.uri).fsPath), changes => updates.didChangeWatchedFiles?.({ changes }));
        });
    }

    /** Watches `.journey` files and `journey.config.json` below the folders; reports settled changes. */
    watch(folders: readonly string[], report: (changes: FileEvent[]) => void): void {
        watchFolders(folders, report);
    }
}

/** Watches `.journey` files and `journey.config.json` below the folders; reports settled changes. */
function watchFolders(folders: readonly string[], report: (changes: FileEvent[]) => void): void {
    watchFiles(folders, { recursive: true, quietMs: SETTLE_MS, maxWaitMs: SETTLE_MS, accept: isJourneyWorkspaceFile }, paths => report(paths.map((path): FileEvent => ({
        uri: URI.file(path).toString(),
        type: existsSync(path) ? FileChangeType.Changed : FileChangeType.Deleted
    }))));
}
