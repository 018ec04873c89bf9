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
 * at most one blank line kept where the author left some; one final newline.
 */

import { ID_PATTERN } from './grammar-facts.js';
import { isUnterminatedString } from './journey-value-converter.js';

export type TokenKind = 'word' | 'number' | 'string' | 'lineComment' | 'blockComment' | 'punct';

export interface Token {
    kind: TokenKind;
    text: string;
    offset: number;
}

/** A replacement of the whitespace between two tokens (offsets into the original text). */
export interface WhitespaceEdit {
    start: number;
    end: number;
    newText: string;
}

const INDENT = '  ';

/** Keywords that start a declaration or a field: each begins a new line. */
const STATEMENT_KEYWORDS = new Set([
    'journey', 'persona', 'channel', 'team', 'stage', 'touchpoint', 'metric',
    'state', 'description', 'goal', 'frustration', 'segment',
    'kind', 'personas', 'action', 'backstage', 'support', 'emotion', 'evidence', 'owner',
    'friction', 'opportunity', 'next'
]);

// The same lexical classes as the grammar's terminals (journey.langium).
const WORD = new RegExp(ID_PATTERN.source, `${ID_PATTERN.flags}y`);
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const STRING = /"(\\[^\r\n]|[^"\\\r\n])*"?|'(\\[^\r\n]|[^'\\\r\n])*'?/y;
const LINE_COMMENT = /\/\/[^\n\r]*/y;
// An unclosed block comment runs to the end of the text (its trailing whitespace excepted).
const BLOCK_COMMENT = /\/\*[\s\S]*?(\*\/|(?=\s*$))/y;
const WHITESPACE = /\s+/uy;

/** Splits text into tokens; every non-whitespace character belongs to exactly one token. */
export function scanTokens(text: string): Token[] {
    const tokens: Token[] = [];
    let offset = 0;
    const match = (pattern: RegExp): string | undefined => {
        pattern.lastIndex = offset;
        const m = pattern.exec(text);
        return m && m[0].length > 0 ? m[0] : undefined;
    };
    while (offset < text.length) {
        const space = match(WHITESPACE);
        if (space) { offset += space.length; continue; }
        let kind: TokenKind;
        let value: string | undefined;
        if ((value = match(LINE_COMMENT))) kind = 'lineComment';
        else if ((value = match(BLOCK_COMMENT))) kind = 'blockComment';
        else if ((value = match(STRING))) kind = 'string';
        else if ((value = match(NUMBER))) kind = 'number';
        else if ((value = match(WORD))) kind = 'word';
        else {
            kind = 'punct';
            value = String.fromCodePoint(text.codePointAt(offset)!);
        }
        tokens.push({ kind, text: value, offset });
        offset += value.length;
    }
    return tokens;
}

/** The whitespace edits that give `text` the canonical layout; restricted to gaps touching `range` when given. */
export function formatEdits(text: string, range?: { start: number; end: number }): WhitespaceEdit[] {
    const tokens = scanTokens(text);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
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
            newText = inline.has(i)
                ? inlineSeparator(previous!, token, tokens[i - 2])
                : separator(previous, token, original, tokens[i - 2], depth, eol);
            if (token.text === '{') depth++;
        }
        if (newText !== original && touches(start, end, range)) edits.push({ start, end, newText });
    }
    return edits;
}

/** The text with the canonical layout. */
export function formatText(text: string): string {
    return applyEdits(text, formatEdits(text));
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

/** A sign directly follows a keyword (`emotion -1`, `target -5`): it is unary. */
function isSignPosition(beforeSign: Token | undefined): boolean {
    return beforeSign?.kind === 'word';
}

function countNewlines(whitespace: string): number {
    let n = 0;
    for (const c of whitespace) if (c === '\n') n++;
    return n;
}

function touches(start: number, end: number, range: { start: number; end: number } | undefined): boolean {
    if (!range) return true;
    return start === end ? start >= range.start && start <= range.end : start < range.end && end > range.start;
}
