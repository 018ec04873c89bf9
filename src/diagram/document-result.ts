// One built document as the preview shows it: its diagram models and its errors. Shared by
// the language server's `journey/diagram` answer and `journey preview`.
import type { LangiumDocument } from 'langium';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Model } from '../language/generated/ast.js';
import type { DiagramOptions } from './types.js';
import type { DiagramError, DiagramResult } from '../common/webview-messages.js';
import { buildDiagramModels } from './model.js';
import { RuleIds } from '../language/rules.js';
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

/**
 * Error diagnostics, 1-based: syntax errors first, then the others, each in text order. The
 * preview's banner names the first: a mistyped keyword, not the unresolved name it causes
 * earlier in the text (`next Selfie` when `touchpiont Selfie` declares nothing).
 */
function documentErrors(document: LangiumDocument): DiagramError[] {
    return (document.diagnostics ?? [])
        .filter(d => d.severity === DiagnosticSeverity.Error)
        .map(d => ({ syntax: d.code === RuleIds.syntax ? 0 : 1, message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 }))
        .sort((a, b) => a.syntax - b.syntax || a.line - b.line || a.column - b.column)
        .map(({ message, line, column }) => ({ message, line, column }));
}
