// The preview's side of the language server: answers `journey/diagram` from the
// last parsed AST, even when the text has errors, and sends `journey/documentChanged` after
// each build so the client asks again. Registered by one call in start.ts.
import { DocumentState, isOperationCancelled, URI } from 'langium';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { diagramResult } from '../diagram/document-result.js';
import type { JourneyServiceSet } from '../language/journey-module.js';
import { DiagramRequest, DocumentChangedNotification, type DocumentChangedParams } from '../shared/server-protocol.js';

export function registerDiagramHandler(connection: Connection, { shared }: JourneyServiceSet): void {
    const builder = shared.workspace.DocumentBuilder;
    const documents = shared.workspace.LangiumDocuments;
    connection.onRequest(DiagramRequest, async (params, token) => {
        const uri = URI.parse(params.uri);
        // Rejects with ServerCancelled when the document is unknown, and RequestCancelled when the
        // wait is cancelled (Langium's OperationCancelled would reach the client as an internal
        // error); the client keeps its map and asks again on the next documentChanged.
        await builder.waitUntil(DocumentState.Validated, uri, token).catch(error => {
            throw isOperationCancelled(error) ? new ResponseError(LSPErrorCodes.RequestCancelled, 'journey/diagram cancelled') : error;
        });
        return diagramResult(documents.getDocument(uri)!, params);
    });
    builder.onBuildPhase(DocumentState.Validated, built => {
        for (const document of built) {
            const params: DocumentChangedParams = { uri: document.uri.toString() };
            void connection.sendNotification(DocumentChangedNotification, params);
        }
    });
}
