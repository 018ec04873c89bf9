// Workspace folders opened and closed while the server runs (`workspace/didChangeWorkspaceFolders`):
// Langium loads the folders of `initialize` only. Their maps are loaded or dropped, the server's own
// watcher follows them, and the workspaces split again (an opened folder is a root: src/server/workspace-roots.ts).
import { URI } from 'langium';
import { DefaultLanguageServer, type LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, InitializeResult, WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import type { JourneyWorkspaceManager } from '../language/lsp/journey-client-compat.js';
import { isInside } from '../node/workspace-root.js';
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
        shared.lsp.Connection.workspace.onDidChangeWorkspaceFolders(event => {
            changeFolders(shared, roots, watcher, event).catch(error => logError('workspace folder change failed', errorMessage(error)));
        });
    });
}

async function changeFolders(shared: LangiumSharedServices, roots: FolderWorkspaceRoots, watcher: WorkspaceWatcher, event: WorkspaceFoldersChangeEvent): Promise<void> {
    const manager = shared.workspace.WorkspaceManager as JourneyWorkspaceManager;
    const { LangiumDocuments } = shared.workspace;
    const found = await manager.changeFolders(event.added, event.removed);
    watcher.followFolders();
    const opened = manager.loadedFolders.map(folder => URI.parse(folder.uri).fsPath);
    const closed = event.removed.map(folder => URI.parse(folder.uri).fsPath);
    // A map of a closed folder leaves, unless another opened folder holds it or the editor has it open.
    const left = LangiumDocuments.all.map(document => document.uri)
        .filter(uri => uri.scheme === 'file' && closed.some(folder => isInside(uri.fsPath, folder)) && !opened.some(folder => isInside(uri.fsPath, folder)))
        .filter(uri => !shared.workspace.TextDocuments?.get(uri.toString()))
        .toArray();
    await roots.splitAgain(found.filter(uri => !LangiumDocuments.hasDocument(uri)), left);
}
