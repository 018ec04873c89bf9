// One built document as the preview shows it: its diagram models and its errors. Shared by
// the language server's `journey/diagram` answer and `journey preview`.
import type { LangiumDocument } from 'langium';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Model } from '../language/generated/ast.js';
import type { DiagramOptions } from './types.js';
import type { DiagramError, DiagramResult } from '../common/webview-messages.js';
import { buildDiagramModels } from './model.js';
import { internalErrorMessage, logError } from '../common/errors.js';

/**
 * The models and errors of one built document; never throws. Hosts reach it through the
 * `diagram.ModelBuilder` service (src/services/diagram-module.ts), so it is replaced in one place.
 */
export function diagramResult(document: LangiumDocument, params: { options?: DiagramOptions }): DiagramResult {
    const errors = documentErrors(document);
    const version = document.textDocument.version;
    try {
        return { diagrams: buildDiagramModels(document.parseResult.value as Model, params.options), errors, version };
    } catch (error) {
        logError('building the diagram failed', error);
        const message = internalErrorMessage('drawing the map', error);
        return { diagrams: [], errors: [{ message, line: 1, column: 1 }, ...errors], version };
    }
}

/** Error diagnostics (syntax, references, ...) in text order, 1-based. */
function documentErrors(document: LangiumDocument): DiagramError[] {
    return (document.diagnostics ?? [])
        .filter(d => d.severity === DiagnosticSeverity.Error)
        .map(d => ({ message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 }))
        .sort((a, b) => a.line - b.line || a.column - b.column);
}
