import { startLanguageServer } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { createJourneyServices, type JourneyServiceSet } from '../language/journey-module.js';
import { JourneyDiagramModule, type JourneyDiagramServices } from '../services/diagram-module.js';
import { JourneyServerModule, type JourneyServerServices } from './server-module.js';
import { logError } from '../common/errors.js';
import { registerCompareHandler } from './compare-handler.js';
import { MapFileSystem } from './map-file-system.js';
import { matchLocale } from '../i18n/index.js';
import { followWorkspaceFolders, JourneyLanguageServer } from './workspace-folders.js';
import type { FolderWorkspaceRoots } from './workspace-roots.js';

/**
 * Starts the Journey language server on an open connection: the VS Code
 * client's IPC channel (src/server/main.ts) or stdio for any other editor
 * (`journey lsp --stdio`). Langium's workspace manager loads every `.journey`
 * file of the workspace folders; unopened files are tracked through the
 * client's file watchers, or the server's own where the client has none.
 */
export function startJourneyServer(connection: Connection): JourneyServiceSet<JourneyDiagramServices & JourneyServerServices> {
    // A failure inside one request must never take the whole server down.
    process.on('unhandledRejection', reason => logError('unhandled rejection', reason));
    const services = createJourneyServices<JourneyDiagramServices & JourneyServerServices>({ connection, ...MapFileSystem }, {
        lsp: { LanguageServer: shared => new JourneyLanguageServer(shared) }
    }, JourneyDiagramModule, JourneyServerModule);
    services.Journey.diagram.RequestHandler.register(connection);
    registerCompareHandler(connection, services);
    services.Journey.server.WorkspaceWatcher.watchForClientsWithoutWatchers();
    followWorkspaceFolders(services.shared, services.Journey.references.WorkspaceRoots as FolderWorkspaceRoots, services.Journey.server.WorkspaceWatcher);
    // Everything the server says follows the client's language (`initialize` locale: VS Code's display language).
    services.shared.lsp.LanguageServer.onInitialize(params => {
        if (params.locale) services.Journey.config.MessageLocale.explicit = matchLocale(params.locale) ?? 'en';
    });
    startLanguageServer(services.shared);
    return services;
}
