import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import type { JourneyWorkspaceManager } from '../language/lsp/journey-client-compat.js';
import { isJourneyWorkspaceFile, watchFiles, type FileWatch } from '../node/file-watcher.js';

/** Changes closer together than this (an editor's save, a `git checkout`) make one update. */
const SETTLE_MS = 50;

/**
 * Clients that cannot register file watchers (`workspace/didChangeWatchedFiles`
 * with dynamic registration) would leave the server blind to files changed on
 * disk but not open. For them the server watches its workspace folders itself
 * and feeds the changes to the same handler the client's notifications reach.
 */
export class WorkspaceWatcher {
    /** The server's own watches, by folder, when it watches (undefined when the client does). */
    private watches: Map<string, FileWatch> | undefined;
    private report: (changes: FileEvent[]) => void = () => undefined;

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
            const updates = shared.lsp.DocumentUpdateHandler;
            this.watches = new Map();
            this.report = changes => updates.didChangeWatchedFiles?.({ changes });
            this.followFolders();
        });
    }

    /** Watches the folders opened now (after a `workspace/didChangeWorkspaceFolders`), no longer those closed, when the server watches. */
    followFolders(): void {
        if (!this.watches) return;
        const folders = (this.shared.workspace.WorkspaceManager as JourneyWorkspaceManager).loadedFolders.map(folder => URI.parse(folder.uri).fsPath);
        for (const [folder, watch] of this.watches) {
            if (!folders.includes(folder)) {
                watch.close();
                this.watches.delete(folder);
            }
        }
        for (const folder of folders) {
            if (!this.watches.has(folder)) this.watches.set(folder, watchFolder(folder, this.report));
        }
    }
}

/**
 * Watches `.journey` files, `journey.config.json` and `.git` (a git root made or removed: `git init`)
 * below the folder; reports settled changes.
 */
function watchFolder(folder: string, report: (changes: FileEvent[]) => void): FileWatch {
    return watchFiles([folder], { recursive: true, quietMs: SETTLE_MS, maxWaitMs: SETTLE_MS, accept: path => isJourneyWorkspaceFile(path) || isGitMarker(path) }, paths => report(paths.map((path): FileEvent => ({
        uri: URI.file(path).toString(),
        type: existsSync(path) ? FileChangeType.Changed : FileChangeType.Deleted
    }))));
}

/** A `.git` folder (or a worktree's `.git` file) itself, not a file in it. */
function isGitMarker(relativePath: string | null): boolean {
    return relativePath !== null && basename(relativePath) === '.git';
}
