// Workspace folders opened and closed while the server runs (`workspace/didChangeWorkspaceFolders`):
// Langium loads the folders of `initialize` only. Their maps are loaded or dropped, the server's own
// watcher follows them, and the workspaces split again (an opened folder is a root: src/server/workspace-roots.ts).
import { DefaultLanguageServer, type LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, InitializeResult, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import type { JourneyWorkspaceManager } from '../language/lsp/journey-client-compat.js';
import type { FolderWorkspaceRoots } from './workspace-roots.js';
import type { WorkspaceWatcher } from './workspace-watcher.js';
import { logError, errorMessage } from '../common/errors.js';

/** Langium's server, saying it wants folder changes: clients send them only then (Neovim included, which registers nothing dynamically). */
export class JourneyLanguageServer extends DefaultLanguageServer {
    protected override buildInitializeResult(params: InitializeParams): InitializeResult {
        const result = super.buildInitializeResult(params);
        result.capabilities.workspace = { ...result.capabilities.workspace, workspaceFolders: { supported: true, changeNotifications: true } };
        return result;
    }
}

/** Follows the client's folder changes, when it can send them. */
export function followWorkspaceFolders(shared: LangiumSharedServices, roots: FolderWorkspaceRoots, watcher: WorkspaceWatcher): void {
    let clientSends = false;
    shared.lsp.LanguageServer.onInitialize(params => {
        clientSends = Boolean(params.capabilities.workspace?.workspaceFolders);
    });
    shared.lsp.LanguageServer.onInitialized(() => {
        // vscode-languageserver throws when the client said it cannot send them.
        if (!clientSends || !shared.lsp.Connection) return;
        // One change at a time, each on the workspace as the one before left it: a folder added then
        // removed at once is loaded, then dropped (never left half done).
        let changes = Promise.resolve();
        shared.lsp.Connection.workspace.onDidChangeWorkspaceFolders(event => {
            changes = changes.then(() => changeFolders(shared, roots, watcher, event)).catch(error => logError('workspace folder change failed', errorMessage(error)));
        });
    });
}

async function changeFolders(shared: LangiumSharedServices, roots: FolderWorkspaceRoots, watcher: WorkspaceWatcher, event: WorkspaceFoldersChangeEvent): Promise<void> {
    const manager = shared.workspace.WorkspaceManager as JourneyWorkspaceManager;
    const { LangiumDocuments, WorkspaceLock } = shared.workspace;
    // After the first load (else the maps of a folder removed meanwhile would be loaded after it left),
    // and as one write: no build or load runs between the folders changing and their maps following.
    await manager.ready;
    await WorkspaceLock.write(async cancelToken => {
        const found = await manager.changeFolders(event.added, event.removed);
        watcher.followFolders();
        // A map leaves when no opened folder holds it and the editor does not have it open.
        const left = LangiumDocuments.all.map(document => document.uri)
            .filter(uri => uri.scheme === 'file' && !manager.holds(uri) && !shared.workspace.TextDocuments?.get(uri.toString()))
            .toArray();
        await roots.splitAgainLocked(found.filter(uri => !LangiumDocuments.hasDocument(uri)), left, cancelToken);
    });
}
