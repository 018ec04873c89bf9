// The preview's side of the language server: answers `journey/diagram` from the
// last parsed AST, even when the text has errors, and sends one `journey/documentChanged` per
// build, listing its documents, so the client asks again (a workspace of 1,000 files is one
// notification, not 1,000). Registered by one call in start.ts.
import { DocumentState, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { diagramResult } from '../diagram/document-result.js';
import type { JourneyServiceSet } from '../language/journey-module.js';
import { DiagramRequest, DocumentChangedNotification, type DocumentChangedParams } from '../shared/server-protocol.js';

export function registerDiagramHandler(connection: Connection, { shared }: JourneyServiceSet): void {
    const builder = shared.workspace.DocumentBuilder;
    const documents = shared.workspace.LangiumDocuments;
    connection.onRequest(DiagramRequest, async (params, token) => {
        const uri = URI.parse(params.uri);
        // Rejects (ServerCancelled) when the document is unknown or the wait is cancelled;
        // the client keeps its map and asks again on the next documentChanged.
        await builder.waitUntil(DocumentState.Validated, uri, token);
        return diagramResult(documents.getDocument(uri)!, params);
    });
    builder.onBuildPhase(DocumentState.Validated, built => {
        if (built.length === 0) return;
        const params: DocumentChangedParams = { uris: built.map(document => document.uri.toString()) };
        void connection.sendNotification(DocumentChangedNotification, params);
    });
}
