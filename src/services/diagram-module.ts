// The diagram model builder as a service, bound in one module that every host's container
// takes (the language server's, src/server/start.ts; the CLI's, src/cli/workspace.ts), as
// LikeC4 binds its ModelBuilder: a test or a host replaces it with one binding and the
// preview, `journey preview` and `journey render` all draw what the replacement builds.
// src/diagram itself stays free of service wiring; this file is where the two meet.
import type { LangiumDocument, Module } from 'langium';
import { diagramResult } from '../diagram/document-result.js';
import type { DiagramOptions } from '../diagram/types.js';
import type { JourneyCoreServices } from '../language/journey-core-module.js';
import type { DiagramResult } from '../common/webview-messages.js';

/** Builds what the preview shows of a document: its diagram models and its errors. */
export class DiagramModelBuilder {
    /** The models and errors of one built document; never throws. */
    result(document: LangiumDocument, params: { options?: DiagramOptions }): DiagramResult {
        return diagramResult(document, params);
    }
}

export interface JourneyDiagramServices {
    diagram: {
        /** What the preview, `journey preview` and `journey render` draw of a built document. */
        ModelBuilder: DiagramModelBuilder;
    };
}

export const JourneyDiagramModule: Module<JourneyCoreServices & JourneyDiagramServices, JourneyDiagramServices> = {
    diagram: {
        ModelBuilder: () => new DiagramModelBuilder()
    }
};
