import { DefaultConfigurationProvider, DefaultWorkspaceManager, URI, UriUtils, type ConfigurationInitializedParams, type FileSystemProvider, type TextDocument } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import {
    DidChangeWatchedFilesNotification, FileChangeType,
    type ClientCapabilities, type DidChangeWatchedFilesParams, type FileSystemWatcher, type InitializeParams,
    type TextDocumentChangeEvent, type WorkspaceFolder
} from 'vscode-languageserver';
import { JourneyDocumentBuilder } from './journey-document-builder.js';
import { CONFIG_FILE_NAME, JOURNEY_FILE_EXTENSION } from '../config.js';
import { errorMessage, logError } from '../../common/errors.js';
import { isInside, realPath } from '../../node/workspace-root.js';

/**
 * Shared services that keep the server working with every LSP client, not only
 * VS Code: each client capability is checked before it is used, a refused or
 * failed request never blocks or kills the server, and clients that send only
 * `rootUri` (no workspace folders) still get their workspace loaded.
 */

/** How long the first `workspace/configuration` answer may take before the defaults are used. */
const CONFIGURATION_TIMEOUT_MS = 5_000;


/** Configuration from the client when it offers `workspace/configuration`, the defaults otherwise, never a hang. */
export class JourneyConfigurationProvider extends DefaultConfigurationProvider {
    private capabilities: ClientCapabilities = {};

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        this.capabilities = params.capabilities;
    }

    override async initialized(params: ConfigurationInitializedParams): Promise<void> {
        const canRegister = Boolean(this.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration);
        const { register, fetchConfiguration } = params;
        try {
            await super.initialized({
                ...params,
                // Langium does not await the registration: catch a refusal here instead of an unhandled rejection.
                register: canRegister && register ? options => { void Promise.resolve(register(options)).catch(logFailure('configuration registration')); } : undefined,
                // Validation waits for the settings: a client that never answers must not stall it.
                fetchConfiguration: fetchConfiguration && (items => withTimeout(fetchConfiguration(items), CONFIGURATION_TIMEOUT_MS))
            });
        } catch (error) {
            logFailure('workspace/configuration')(error);
        } finally {
            // Settings that could not be fetched are the defaults; waiting for them must end.
            this._ready.resolve();
        }
    }
}

/**
 * Loads and validates the workspace folders (or the root folder of clients
 * that send no folders), so every file's problems show from the start, not
 * only once it is opened.
 */
export class JourneyWorkspaceManager extends DefaultWorkspaceManager {
    override initialBuildOptions = { validation: true };

    /** The folders loaded at startup (the server watches them itself for clients that cannot). */
    get loadedFolders(): readonly WorkspaceFolder[] {
        return this.folders ?? [];
    }

    /** Whether an opened folder holds the file (through symbolic links or not: a folder opened through one, a map named by its real path). */
    holds(uri: URI): boolean {
        if (uri.scheme !== 'file') return false;
        const real = realPath(uri.fsPath);
        return this.loadedFolders.map(folder => URI.parse(folder.uri)).filter(folder => folder.scheme === 'file')
            .some(({ fsPath: folder }) => isInside(uri.fsPath, folder) || isInside(real, realPath(folder)));
    }

    /** Follows `workspace/didChangeWorkspaceFolders`: the folders opened now; returns the maps of those added. */
    async changeFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): Promise<URI[]> {
        const closed = new Set(removed.map(folder => folder.uri));
        this.folders = [...(this.folders ?? []).filter(folder => !closed.has(folder.uri)), ...added];
        return (await Promise.all(added.map(folder => this.searchFolder(URI.parse(folder.uri))))).flat();
    }

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        if (!this.folders?.length) {
            const root = params.rootUri ?? (params.rootPath ? URI.file(params.rootPath).toString() : undefined);
            if (root) this.folders = [{ uri: root, name: UriUtils.basename(URI.parse(root)) }];
        }
    }
}

/**
 * Watches only `.journey` files and `journey.config.json` (when the client can
 * register watchers), so unopened files stay in sync. Listeners (the rule
 * configuration) hear of every change; only `.journey` files are rebuilt.
 */
export class JourneyDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly fileSystem: FileSystemProvider;
    private readonly sharedServices: LangiumSharedServices;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.fileSystem = services.workspace.FileSystemProvider;
        this.sharedServices = services;
    }

    /**
     * A document closed in the editor goes back to its file on disk (an unsaved edit was
     * discarded), or leaves the workspace when there is no such file (an untitled buffer) or,
     * folders being opened, none holds it (a map of a folder closed while it was open).
     */
    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        const manager = this.sharedServices.workspace.WorkspaceManager as JourneyWorkspaceManager;
        const kept = this.fileSystem.existsSync(uri) && (manager.loadedFolders.length === 0 || manager.holds(uri));
        // A map closed that was open through a symbolic link: its real path, held by an opened folder, is loaded again.
        const twin = realTwin(uri);
        const back = twin && manager.holds(twin) && this.fileSystem.existsSync(twin) ? [twin] : [];
        this.fireDocumentUpdate(kept ? [uri, ...back] : back, kept ? [] : [uri]);
    }

    /**
     * A map open in the editor through a symbolic link replaces the document of its real path (one file,
     * its names declared once, as lint reads it): that document leaves with the next update, and a change
     * on disk or a folder walked does not load it again while the link's is open.
     */
    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        const { TextDocuments: open, LangiumDocuments } = this.sharedServices.workspace;
        const twins = (open?.all() ?? []).map(document => realTwin(URI.parse(document.uri))).filter(twin => twin !== undefined && !open?.get(twin.toString())) as URI[];
        if (twins.length === 0) return this.queue(changed, deleted);
        const shadowed = new Set(twins.map(twin => twin.toString()));
        const loadedTwins = twins.filter(twin => LangiumDocuments.hasDocument(twin));
        const leaving = new Map([...deleted, ...changed.filter(uri => shadowed.has(uri.toString())), ...loadedTwins].map(uri => [uri.toString(), uri]));
        this.queue(changed.filter(uri => !shadowed.has(uri.toString())), [...leaving.values()]);
    }

    /** Queues the update, telling the builder which documents are on their way (requests about them wait). */
    private queue(changed: URI[], deleted: URI[]): void {
        const builder = this.sharedServices.workspace.DocumentBuilder;
        if (builder instanceof JourneyDocumentBuilder) builder.expect(changed);
        super.fireDocumentUpdate(changed, deleted);
    }

    protected override registerFileWatcher(services: LangiumSharedServices): void {
        const connection = services.lsp.Connection;
        connection?.client.register(DidChangeWatchedFilesNotification.type, { watchers: this.getWatchers() })
            .catch(logFailure('file watcher registration'));
    }

    protected override getWatchers(): FileSystemWatcher[] {
        // `.git`: a git root made or removed (`git init`) moves workspace roots, as a journey.config.json does.
        return [{ globPattern: `**/*${JOURNEY_FILE_EXTENSION}` }, { globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/.git' }];
    }

    /**
     * A map the editor has open stays when its file is deleted on disk (VS Code keeps its tab, the
     * text unsaved), as it stays when its folder is closed: the editor's text is the document until
     * it is closed (didCloseDocument then drops it, having no file to go back to).
     */
    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        this.onWatchedFilesChangeEmitter.fire(params);
        const open = this.sharedServices.workspace.TextDocuments;
        const journeyChanges = params.changes.filter(change => change.uri.endsWith(JOURNEY_FILE_EXTENSION))
            .filter(change => change.type !== FileChangeType.Deleted || !open?.get(change.uri));
        const uris = (deleted: boolean) => [...new Set(journeyChanges
            .filter(change => (change.type === FileChangeType.Deleted) === deleted)
            .map(change => change.uri))].map(uri => URI.parse(uri));
        if (journeyChanges.length > 0) this.fireDocumentUpdate(uris(false), uris(true));
    }
}

/** The file's real path when it differs (the file is reached through a symbolic link), else undefined. */
function realTwin(uri: URI): URI | undefined {
    if (uri.scheme !== 'file') return undefined;
    const real = realPath(uri.fsPath);
    return real === uri.fsPath ? undefined : URI.file(real);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function logFailure(what: string): (error: unknown) => void {
    return error => logError(`${what} failed`, errorMessage(error));
}
