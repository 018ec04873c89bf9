// The preview's side of the language server: answers `journey/diagram` from the
// last parsed AST, even when the text has errors, and sends `journey/documentChanged` after
// each build so the client asks again. Registered by one call in start.ts.
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Connection } from 'vscode-languageserver';
import { buildDiagramModels } from '../diagram/model.js';
import type { Model } from '../language/generated/ast.js';
import type { JourneyServiceSet } from '../language/journey-module.js';
import {
    DiagramRequest, DocumentChangedNotification,
    type DiagramError, type DiagramParams, type DiagramResult, type DocumentChangedParams
} from '../shared/protocol.js';

export function registerDiagramHandler(connection: Connection, { shared }: JourneyServiceSet): void {
    const builder = shared.workspace.DocumentBuilder;
    const documents = shared.workspace.LangiumDocuments;
    connection.onRequest(DiagramRequest.method, async (params: DiagramParams, token): Promise<DiagramResult> => {
        const uri = URI.parse(params.uri);
        // Rejects (ServerCancelled) when the document is unknown or the wait is cancelled;
        // the client keeps its map and asks again on the next documentChanged.
        await builder.waitUntil(DocumentState.Validated, uri, token);
        return diagramResult(documents.getDocument(uri)!, params);
    });
    builder.onBuildPhase(DocumentState.Validated, built => {
        for (const document of built) {
            const params: DocumentChangedParams = { uri: document.uri.toString() };
            void connection.sendNotification(DocumentChangedNotification.method, params);
        }
    });
}

/** The models and errors of one built document; never throws. */
export function diagramResult(document: LangiumDocument, params: Pick<DiagramParams, 'options'>): DiagramResult {
    const errors = documentErrors(document);
    try {
        return { diagrams: buildDiagramModels(document.parseResult.value as Model, params.options), errors };
    } catch (error) {
        console.error('journey: building the diagram failed:', error);
        const message = `Internal error while drawing the map: ${error instanceof Error ? error.message : String(error)}`;
        return { diagrams: [], errors: [{ message, line: 1, column: 1 }, ...errors] };
    }
}

/** Error diagnostics (syntax, references, ...) in text order, 1-based. */
function documentErrors(document: LangiumDocument): DiagramError[] {
    return (document.diagnostics ?? [])
        .filter(d => d.severity === DiagnosticSeverity.Error)
        .map(d => ({ message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 }))
        .sort((a, b) => a.line - b.line || a.column - b.column);
}
