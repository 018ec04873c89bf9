import { JourneyTerminals } from './generated/ast.js';

// What a file exports, read without parsing its journeys: the CLI indexes the files of a
// workspace it does not lint this way (src/cli/workspace.ts), and a file the parser had to
// recover exports only what this reading declares too (journey-scope-computation.ts), so
// lint of one file, of its folder and the editor see the same names of it.

/**
 * The text with the inside of every top-level `journey … { … }` block turned into spaces
 * (line breaks kept, so every offset stays): what a file exports (its top-level personas,
 * channels, teams and its journeys' names) parses the same, and a file of the workspace
 * that is not linted costs little more than reading it.
 *
 * Keeping `'lines'` only, a body's lines are emptied but for its last one (blanked): every
 * line and every column outside the bodies stays, so every range of what the file exports,
 * but not the offsets. A lint thread indexes every file of the workspace this way: the
 * lexer walks a blanked body character by character (the blank, then its line breaks),
 * which was most of the cost of indexing a file.
 */
export function journeyBodiesBlanked(text: string, keep: 'offsets' | 'lines' = 'offsets'): string {
    const kept: string[] = [];
    let keptUpTo = 0;
    for (const [bodyStart, end] of journeyBodies(text)) {
        const body = text.slice(bodyStart, end);
        kept.push(text.slice(keptUpTo, bodyStart), keep === 'offsets' ? blanked(body) : linesKept(body));
        keptUpTo = end;
    }
    kept.push(text.slice(keptUpTo));
    return kept.join('');
}

/**
 * A line break, as the lexer and the language server count them (`\r\n`, `\r` alone, `\n`).
 * Only the breaks are kept, a `\r` alone as `\n`: else one and an `\n` on a later line would
 * join into one `\r\n` and a line would be lost. The breaks are looked for, not the lines
 * that end in one: from every character of a line without a break (a map written on one
 * line), such a search ran to the line's end, quadratic in its length.
 */
const LINE_BREAK = /\r\n?|\n/g;

/** A body blanked keeping lines only: its line breaks, then its last line blanked. */
export function linesKept(body: string): string {
    const breaks: string[] = [];
    let lastLineStart = 0;
    for (const match of body.matchAll(LINE_BREAK)) {
        breaks.push(match[0] === '\r' ? '\n' : match[0]);
        lastLineStart = match.index + match[0].length;
    }
    return breaks.join('') + blanked(body.slice(lastLineStart));
}

/**
 * What the brace scanner looks at: the grammar's strings and comments (skipped whole, as
 * the lexer reads them: a string ends at its line's end, an unclosed `/*` is no comment),
 * braces and the word `journey`. No other token of the language holds a quote, a slash or
 * a brace, so wherever one of these matches first, the lexer reads the same token.
 */
const SCANNED = new RegExp([JourneyTerminals.STRING, JourneyTerminals.ML_COMMENT, JourneyTerminals.SL_COMMENT, /[{}]/, /journey/].map(pattern => pattern.source).join('|'), 'g');
/** The grammar's identifier, read from a given place. */
const IDENTIFIER = new RegExp(JourneyTerminals.ID.source, 'uy');

/**
 * The inside of every top-level `journey … { … }` block: from after its `{` to its `}`
 * (the text's end when it is left open). Strings and comments are skipped whole (a brace in
 * them does not count); braces and the keyword `journey` are looked at.
 */
export function* journeyBodies(text: string): Generator<[start: number, end: number]> {
    let depth = 0;
    let bodyStart = -1;
    let afterJourneyKeyword = false;
    const tokens = new RegExp(SCANNED);
    for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
        const i = match.index;
        const token = match[0];
        if (token === '{') {
            if (depth === 0 && afterJourneyKeyword) bodyStart = i + 1;
            afterJourneyKeyword = false;
            depth++;
        } else if (token === '}') {
            depth = Math.max(0, depth - 1);
            if (depth === 0 && bodyStart >= 0) {
                yield [bodyStart, i];
                bodyStart = -1;
            }
        } else if (token === 'journey' && depth === 0 && isJourneyKeyword(text, i)) {
            afterJourneyKeyword = true;
        }
    }
    if (bodyStart >= 0) yield [bodyStart, text.length];
}

/**
 * Whether the `journey` at `at` is the keyword, not part of a name: the grammar's identifier
 * read from there is the word alone, and the character before it could not go on a name
 * (when it could, as a digit after a number, the block is taken for no journey: parsed whole,
 * which is only slower).
 */
function isJourneyKeyword(text: string, at: number): boolean {
    IDENTIFIER.lastIndex = at;
    if (IDENTIFIER.exec(text)?.[0].length !== 'journey'.length) return false;
    if (at === 0) return true;
    const before = String.fromCodePoint(text.codePointAt(at - 2 >= 0 && /[\uDC00-\uDFFF]/.test(text[at - 1]) ? at - 2 : at - 1)!);
    IDENTIFIER.lastIndex = 0;
    return IDENTIFIER.exec(`_${before}`)?.[0].length !== 1 + before.length;
}

/** Every character but line breaks turned into a space. */
function blanked(text: string): string {
    return text.replace(/[^\r\n]+/g, run => ' '.repeat(run.length));
}
