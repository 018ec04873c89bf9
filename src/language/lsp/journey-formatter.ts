import type { LangiumDocument, Lexer, MaybePromise } from 'langium';
import type { Formatter, LangiumServices } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatEdits } from './journey-pretty-printer.js';
import { firstSyntaxProblem } from '../syntax-problem.js';

/**
 * Document and range formatting with the canonical layout of journey-pretty-printer.ts.
 * A document the parser cannot read is left alone (no edits): formatting
 * guesses about broken structure would move text the author is still typing.
 */
export class JourneyFormatter implements Formatter {
    private readonly lexer: Lexer;

    constructor(services: LangiumServices) {
        this.lexer = services.parser.Lexer;
    }

    formatDocument(document: LangiumDocument, _params: DocumentFormattingParams): MaybePromise<TextEdit[]> {
        return this.edits(document);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): MaybePromise<TextEdit[]> {
        const text = document.textDocument;
        return this.edits(document, { start: text.offsetAt(params.range.start), end: text.offsetAt(params.range.end) });
    }

    formatDocumentOnType(): MaybePromise<TextEdit[]> {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    private edits(document: LangiumDocument, range?: { start: number; end: number }): TextEdit[] {
        if (firstSyntaxProblem(document)) return [];
        const text = document.textDocument;
        return formatEdits(text.getText(), this.lexer, range).map(edit => ({
            range: { start: text.positionAt(edit.start), end: text.positionAt(edit.end) },
            newText: edit.newText
        }));
    }
}
