/**
 * The canonical layout of .journey text, as a token-based pretty printer.
 * It only ever changes the whitespace between tokens: strings and comments are
 * copied verbatim, so no text can be lost, and every comment stays next to the
 * token it followed (trailing) or on its own line (leading). The same function
 * serves the language server and `journey format`.
 *
 * Layout: two spaces per `{` level; one statement per line (a statement starts
 * with a declaration or field keyword); `{` ends its line and `}` stands on its
 * own, except in a block written on one line that holds no block or comment,
 * which stays `{ a b }`; one space between tokens, none before `,` and `%` or
 * after a sign (the spacing before a trailing comment is the author's);
 * at most one blank line kept where the author left some; one final newline;
 * a leading byte order mark is kept.
 *
 * Suppressions are kept exact: `// journey-disable-next-line` covers the line
 * after it, so the line breaks from such a comment to the end of that line are
 * the author's (nothing joins the covered line, nothing leaves it), and lint
 * reports the same after formatting as before.
 *
 * The tokens are the language's own lexer's (journey.langium), hidden comments
 * included; characters it cannot read become one-character tokens, so broken
 * text keeps every character too.
 */

import type { TokenType } from 'chevrotain';
import type { Lexer } from 'langium';
import { BYTE_ORDER_MARK } from './byte-order-mark.js';
import { STATEMENT_KEYWORDS } from './grammar-facts.js';
import { isUnterminatedString } from './journey-value-converter.js';
import { isNextLineDirective } from './validation/suppressions.js';

export type TokenKind = 'word' | 'number' | 'string' | 'lineComment' | 'blockComment' | 'punct';

export interface Token {
    kind: TokenKind;
    text: string;
    offset: number;
    /** 0-based line of the token's first character. */
    line: number;
}

/** A replacement of the whitespace between two tokens (offsets into the original text). */
export interface WhitespaceEdit {
    start: number;
    end: number;
    newText: string;
}

const INDENT = '  ';

/** The kind of a token by its lexer token type (terminal names of journey.langium, or a keyword's text). */
const TERMINAL_KINDS: Record<string, TokenKind> = {
    ID: 'word', NUMBER: 'number', STRING: 'string', SL_COMMENT: 'lineComment', ML_COMMENT: 'blockComment'
};

const kinds = new Map<TokenType, TokenKind>();

function kindOf(type: TokenType): TokenKind {
    let kind = kinds.get(type);
    if (kind === undefined) {
        kind = TERMINAL_KINDS[type.name] ?? (/^\p{L}/u.test(type.name) ? 'word' : 'punct');
        kinds.set(type, kind);
    }
    return kind;
}

/** Splits text into tokens with the language's lexer; every non-whitespace character belongs to exactly one token. */
export function scanTokens(text: string, lexer: Lexer): Token[] {
    const lexed = lexer.tokenize(text);
    const tokens: Token[] = [];
    const add = (kind: TokenKind, image: string, offset: number) => tokens.push({ kind, text: image, offset, line: 0 });
    // The lexer gives tokens and hidden tokens (comments) apart, each in text order: merged.
    const { tokens: visible, hidden } = lexed;
    for (let v = 0, h = 0; v < visible.length || h < hidden.length;) {
        const token = h >= hidden.length || (v < visible.length && visible[v].startOffset < hidden[h].startOffset) ? visible[v++] : hidden[h++];
        add(kindOf(token.tokenType), token.image, token.startOffset);
    }
    // What the lexer cannot read (a stray `@`, an unclosed `/*`): one token per character, none lost.
    for (const error of lexed.errors) {
        let offset = error.offset;
        for (const char of text.slice(error.offset, error.offset + error.length)) {
            if (!/\s/u.test(char)) add('punct', char, offset);
            offset += char.length;
        }
    }
    if (lexed.errors.length > 0) tokens.sort((a, b) => a.offset - b.offset);
    // Lines as the lexer counts them (CR, LF or CRLF), so that they match the lines a suppression covers.
    const lineBreak = /\r\n?|\n/g;
    let line = 0;
    let nextLineStart = nextLineAfter(lineBreak);
    for (const token of tokens) {
        while (nextLineStart > 0 && nextLineStart <= token.offset) {
            line++;
            nextLineStart = nextLineAfter(lineBreak);
        }
        token.line = line;
    }
    return tokens;

    function nextLineAfter(breaks: RegExp): number {
        const found = breaks.exec(text);
        return found ? found.index + found[0].length : 0;
    }
}

/** The line break a map is written with: CRLF when it has one, else LF (what the formatter and the quick fixes insert). */
export function lineBreakOf(text: string): '\r\n' | '\n' {
    return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The whitespace edits that give `text` the canonical layout; restricted to gaps touching `range` when given. */
export function formatEdits(text: string, lexer: Lexer, range?: { start: number; end: number }): WhitespaceEdit[] {
    const tokens = scanTokens(text, lexer);
    const kept = gapsKeptForSuppressions(tokens);
    const eol = lineBreakOf(text);
    const edits: WhitespaceEdit[] = [];
    const inline = tokensInOneLineBlocks(tokens, text);
    let depth = 0;
    for (let i = 0; i <= tokens.length; i++) {
        const previous = tokens[i - 1];
        const token = tokens[i];
        const start = previous ? previous.offset + previous.text.length : 0;
        const end = token ? token.offset : text.length;
        const original = text.slice(start, end);
        let newText: string;
        if (!token) {
            newText = previous ? eol : '';
        } else {
            if (token.text === '}') depth = Math.max(0, depth - 1);
            newText = kept.has(i - 1)
                ? keptSeparator(previous!, token, original, tokens[i - 2], depth, eol)
                : inline.has(i)
                    ? inlineSeparator(previous!, token, tokens[i - 2])
                    : separator(previous, token, original, tokens[i - 2], depth, eol);
            if (token.text === '{') depth++;
        }
        if (!previous && original.startsWith(BYTE_ORDER_MARK)) newText = BYTE_ORDER_MARK + newText;
        if (newText !== original && touches(start, end, range)) edits.push({ start, end, newText });
    }
    return edits;
}

/** The text with the canonical layout. */
export function formatText(text: string, lexer: Lexer): string {
    return applyEdits(text, formatEdits(text, lexer));
}

export function applyEdits(text: string, edits: readonly WhitespaceEdit[]): string {
    let result = '';
    let last = 0;
    for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
        result += text.slice(last, edit.start) + edit.newText;
        last = edit.end;
    }
    return result + text.slice(last);
}

function separator(previous: Token | undefined, token: Token, original: string, beforePrevious: Token | undefined, depth: number, eol: string): string {
    if (!previous) return '';
    const newlines = countNewlines(original);
    const isComment = token.kind === 'lineComment' || token.kind === 'blockComment';
    const newLine = (blank: boolean) => (blank ? eol : '') + eol + INDENT.repeat(depth);
    // A trailing comment stays on its line, with the author's spacing (aligned comments stay aligned).
    if (isComment && newlines === 0) return original.length > 0 ? original : ' ';
    const startsLine =
        runsToLineEnd(previous) ||
        (previous.kind === 'blockComment' && newlines > 0) ||
        isComment ||
        previous.text === '}' ||
        (previous.text === '{' && token.text !== '}') ||
        (token.text === '}' && previous.text !== '{') ||
        (token.kind === 'word' && STATEMENT_KEYWORDS.has(token.text));
    if (startsLine) {
        const blank = newlines >= 2 && previous.text !== '{' && token.text !== '}';
        return newLine(blank);
    }
    if (token.text === '}') return '';
    return spacing(previous, token, beforePrevious);
}

/**
 * The indices of the tokens whose following gap keeps the author's line breaks: from each
 * `journey-disable-next-line` comment to the last token that starts on the line it covers.
 */
function gapsKeptForSuppressions(tokens: readonly Token[]): Set<number> {
    const kept = new Set<number>();
    for (const [index, comment] of tokens.entries()) {
        if ((comment.kind !== 'lineComment' && comment.kind !== 'blockComment') || !isNextLineDirective(comment.text)) continue;
        const covered = comment.line + countNewlines(comment.text) + 1;
        for (let i = index; i < tokens.length && tokens[i].line <= covered; i++) kept.add(i);
    }
    return kept;
}

/** A gap whose line breaks are kept: as many line breaks (at most one blank line), else the usual spacing. */
function keptSeparator(previous: Token, token: Token, original: string, beforePrevious: Token | undefined, depth: number, eol: string): string {
    const newlines = countNewlines(original);
    if (newlines > 0) return (newlines >= 2 ? eol : '') + eol + INDENT.repeat(depth);
    // After an unterminated string no space may come (it would join the string) and no line
    // break either (the rest would leave the covered line): the gap stays as it is.
    if (runsToLineEnd(previous)) return original;
    if (token.kind === 'lineComment' || token.kind === 'blockComment') return original.length > 0 ? original : ' ';
    return inlineSeparator(previous, token, beforePrevious);
}

/** Inside a block kept on one line: `{ a b, c }`, and `{}` when empty. */
function inlineSeparator(previous: Token, token: Token, beforePrevious: Token | undefined): string {
    if (token.text === '}') return previous.text === '{' ? '' : ' ';
    return spacing(previous, token, beforePrevious);
}

/** Between two tokens of one line: one space, none before `,` and `%` or after a unary sign. */
function spacing(previous: Token, token: Token, beforePrevious: Token | undefined): string {
    if (token.text === ',' || token.text === '%') return '';
    if ((previous.text === '-' || previous.text === '+') && token.kind === 'number' && isSignPosition(beforePrevious)) return '';
    return ' ';
}

/**
 * The indices of the tokens inside blocks the author wrote on one line
 * (after their `{`, up to their `}`): such a block stays on one line when it
 * holds no other block and no comment, as compact maps are often written.
 */
function tokensInOneLineBlocks(tokens: readonly Token[], text: string): Set<number> {
    const inside = new Set<number>();
    const open: number[] = [];
    for (const [index, token] of tokens.entries()) {
        if (token.text === '{') open.push(index);
        if (token.text !== '}' || open.length === 0) continue;
        const start = open.pop()!;
        const span = text.slice(tokens[start].offset, token.offset);
        const simple = !span.includes('\n') && tokens.slice(start + 1, index).every(t =>
            t.text !== '{' && t.kind !== 'lineComment' && t.kind !== 'blockComment' && !runsToLineEnd(t));
        if (simple) for (let i = start + 1; i <= index; i++) inside.add(i);
    }
    return inside;
}

/** A line comment or an unterminated string: whatever follows on its line would become part of it. */
function runsToLineEnd(token: Token): boolean {
    return token.kind === 'lineComment' || (token.kind === 'string' && isUnterminatedString(token.text));
}

/** A sign directly follows a keyword or a comparison (`emotion -1`, `target -5`, `target >= -5`): it is unary. */
function isSignPosition(beforeSign: Token | undefined): boolean {
    return beforeSign?.kind === 'word' || beforeSign?.text === '<=' || beforeSign?.text === '>=';
}

/** Line breaks as the lexer counts them: CR, LF or CRLF. */
function countNewlines(whitespace: string): number {
    return whitespace.match(/\r\n?|\n/g)?.length ?? 0;
}

function touches(start: number, end: number, range: { start: number; end: number } | undefined): boolean {
    if (!range) return true;
    return start === end ? start >= range.start && start <= range.end : start < range.end && end > range.start;
}
