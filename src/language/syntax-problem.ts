// The first place a document stops being a readable map: the formatter, `journey format`
// and the CLI's map loading refuse such a document rather than guess at its structure.
import type { LangiumDocument } from 'langium';
import type { Locale } from '../i18n/index.js';
import { sayIn } from './localized-messages.js';
import { parseErrorReport } from './validation/document-validator.js';

/** Where the text stops being a readable map (1-based line and column), or undefined. */
export interface SyntaxProblem {
    message: string;
    line: number;
    column: number;
}

/** The first lexer or parser error, or string left open, in document order (its message in `locale`). */
export function firstSyntaxProblem(document: LangiumDocument, locale: Locale = 'en'): SyntaxProblem | undefined {
    const text = document.textDocument;
    const { lexerErrors, parserErrors } = document.parseResult;
    // The lexer's first, and a stable sort keeps them first at an equal offset: there a parser error is the
    // consequence (a string left open swallowed the '{' the parser then misses), which the editor and lint drop.
    const problems: Array<{ offset: number; message: string }> = [
        ...lexerErrors.map(e => ({ offset: e.offset, message: e.message })),
        // Strings left open, as the lexer reported them (src/language/validation/syntax.ts).
        ...(document.parseResult.lexerReport?.diagnostics ?? []).map(d => ({ offset: d.offset, message: d.message })),
        // Placed and worded as the editor and `journey lint` show them.
        ...parserErrors.map(e => {
            const { range, message } = parseErrorReport(e, text.getText());
            return { offset: text.offsetAt(range.start), message };
        })
    ];
    const first = problems.sort((a, b) => a.offset - b.offset)[0];
    if (!first) return undefined;
    const position = text.positionAt(first.offset);
    return { message: sayIn(locale, first.message), line: position.line + 1, column: position.character + 1 };
}
