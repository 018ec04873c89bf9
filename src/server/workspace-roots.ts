import { dirname } from 'node:path';
import { DocumentState, URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { LangiumSharedServices } from 'langium/lsp';
import { touchesConfig, touchesGitRoot } from '../language/config.js';
import type { JourneyWorkspaceManager } from '../language/lsp/journey-client-compat.js';
import type { WorkspaceRoots } from '../language/references/workspace-roots.js';
import { isInside, realPath, workspaceRootOf } from '../node/workspace-root.js';

/**
 * The editor's workspaces, by the CLI's rule (src/node/workspace-root.ts) with the folder the
 * editor opened standing for the folder `journey` runs from: a map's root is the nearest folder
 * up with a journey.config.json, else the git root, else the opened folder it is in (each opened
 * folder its own), else its own folder. `journey lint .` run from an opened folder then reports
 * what the editor does. Roots are kept per document and per folder (scopes ask for every
 * description of the index); a journey.config.json created or deleted splits them anew.
 */
export class FolderWorkspaceRoots implements WorkspaceRoots {
    private readonly byUri = new Map<string, string>();
    private readonly byFolder = new Map<string, string>();

    constructor(private readonly shared: LangiumSharedServices) {
        shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
            // The server's own watcher reports a created file as changed: any config or `.git` event may move a root.
            if (touchesConfig(params.changes) || touchesGitRoot(params.changes)) this.splitAgain();
        });
    }

    rootOf(uri: URI): string {
        const key = uri.toString();
        let root = this.byUri.get(key);
        if (root === undefined) this.byUri.set(key, root = this.computeRoot(uri));
        return root;
    }

    private computeRoot(uri: URI): string {
        // A buffer with no file (untitled) belongs with the first opened folder's maps.
        if (uri.scheme !== 'file') {
            const [first] = this.openedFolders();
            return first === undefined ? '' : this.rootOfFolder(first);
        }
        return this.rootOfFolder(dirname(uri.fsPath));
    }

    private rootOfFolder(folder: string): string {
        let root = this.byFolder.get(folder);
        if (root === undefined) {
            // The innermost opened folder holding it (folders may be opened inside one another), through
            // symbolic links or not: a folder opened through a link, a map named by its real path.
            const real = realPath(folder);
            const opened = this.openedFolders().filter(open => isInside(folder, open) || isInside(real, realPath(open))).sort((a, b) => b.length - a.length)[0];
            // The root is only compared here: by its real path, however the map and the folder are spelled.
            this.byFolder.set(folder, root = realPath(workspaceRootOf(folder, opened ?? folder)));
        }
        return root;
    }

    private openedFolders(): string[] {
        const manager = this.shared.workspace.WorkspaceManager as JourneyWorkspaceManager;
        return (manager.loadedFolders ?? []).map(folder => URI.parse(folder.uri)).filter(uri => uri.scheme === 'file').map(uri => uri.fsPath);
    }

    /**
     * Recomputes every document's root (a root marker or an opened folder came or went); if one moved,
     * relinks the workspace (names seen and unseen change everywhere). The maps `changed` and `deleted`
     * (of folders opened or closed) are updated in the same build.
     */
    splitAgain(changed: readonly URI[] = [], deleted: readonly URI[] = []): Promise<void> {
        if (!this.forgetRoots() && changed.length === 0 && deleted.length === 0) return Promise.resolve();
        return this.shared.workspace.WorkspaceLock.write(cancelToken => this.rebuild(true, changed, deleted, cancelToken));
    }

    /** `splitAgain` for a caller already holding the workspace lock (a folder change, done as one write). */
    async splitAgainLocked(changed: readonly URI[], deleted: readonly URI[], cancelToken: CancellationToken): Promise<void> {
        await this.rebuild(this.forgetRoots(), changed, deleted, cancelToken);
    }

    /** Forgets every root; whether a document's root moved. */
    private forgetRoots(): boolean {
        const before = new Map(this.byUri);
        this.byUri.clear();
        this.byFolder.clear();
        return this.shared.workspace.LangiumDocuments.all.some(document => before.get(document.uri.toString()) !== this.rootOf(document.uri));
    }

    private async rebuild(moved: boolean, changed: readonly URI[], deleted: readonly URI[], cancelToken: CancellationToken): Promise<void> {
        const { LangiumDocuments, DocumentBuilder } = this.shared.workspace;
        if (moved) for (const document of LangiumDocuments.all) DocumentBuilder.resetToState(document, DocumentState.ComputedScopes);
        await DocumentBuilder.update([...changed], [...deleted], cancelToken);
    }
}
