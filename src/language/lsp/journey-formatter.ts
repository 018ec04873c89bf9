import type { LangiumDocument, MaybePromise } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { formatEdits } from './journey-format.js';

/**
 * Document and range formatting with the canonical layout of journey-format.ts.
 * A document the parser cannot read is left alone (no edits): formatting
 * guesses about broken structure would move text the author is still typing.
 */
export class JourneyFormatter implements Formatter {
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
        return formatEdits(text.getText(), range).map(edit => ({
            range: { start: text.positionAt(edit.start), end: text.positionAt(edit.end) },
            newText: edit.newText
        }));
    }
}

/** Where the text stops being a readable map (1-based line and column), or undefined. */
export interface SyntaxProblem {
    message: string;
    line: number;
    column: number;
}

/** The first lexer or parser error, or string left open, in document order. */
export function firstSyntaxProblem(document: LangiumDocument): SyntaxProblem | undefined {
    const text = document.textDocument;
    const { lexerErrors, parserErrors } = document.parseResult;
    const problems: Array<{ offset: number; message: string }> = [
        ...lexerErrors.map(e => ({ offset: e.offset, message: e.message })),
        ...parserErrors.map(e => ({
            offset: Number.isNaN(e.token.startOffset) ? text.getText().length : e.token.startOffset,
            message: e.message
        })),
        // Strings left open, as the lexer reported them (src/language/validation/syntax.ts).
        ...(document.parseResult.lexerReport?.diagnostics ?? []).map(d => ({ offset: d.offset, message: d.message }))
    ];
    const first = problems.sort((a, b) => a.offset - b.offset)[0];
    if (!first) return undefined;
    const position = text.positionAt(first.offset);
    return { message: first.message, line: position.line + 1, column: position.character + 1 };
}
