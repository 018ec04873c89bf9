// The language server's own services, bound in one module on top of the language's
// (src/language/journey-module.ts) and the diagram model builder's (src/services/diagram-module.ts),
// as LikeC4 binds its model builder and file watcher: the `journey/diagram` request handler
// the workspace file watcher and the workspace roots (which maps see each other's names). A test or another host overrides any of them in one place (a module after
// these in createJourneyServices' arguments) instead of patching the functions that used to wire them by hand.
import type { DeepPartial, Module } from 'langium';
import type { JourneyServices } from '../language/journey-module.js';
import type { JourneyDiagramServices } from '../services/diagram-module.js';
import { DiagramRequestHandler } from './diagram-handler.js';
import { WorkspaceWatcher } from './workspace-watcher.js';
import { FolderWorkspaceRoots } from './workspace-roots.js';

export interface JourneyServerServices {
    diagram: {
        /** Answers `journey/diagram` and announces `journey/documentChanged`. */
        RequestHandler: DiagramRequestHandler;
    };
    server: {
        /** Watches the workspace folders itself for clients that register no file watchers. */
        WorkspaceWatcher: WorkspaceWatcher;
    };
}

export type JourneyServerLanguageServices = JourneyServices & JourneyDiagramServices & JourneyServerServices;

export const JourneyServerModule: Module<JourneyServerLanguageServices, JourneyServerServices & DeepPartial<JourneyServices>> = {
    diagram: {
        RequestHandler: services => new DiagramRequestHandler(services)
    },
    server: {
        WorkspaceWatcher: services => new WorkspaceWatcher(services.shared)
    },
    references: {
        // The workspaces split as the CLI splits them (the language's default is one workspace).
        WorkspaceRoots: services => new FolderWorkspaceRoots(services.shared)
    }
};
