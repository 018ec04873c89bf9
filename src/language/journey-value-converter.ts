import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';
import { TERMINAL } from './grammar-facts.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/**
 * Strings may use double or single quotes with backslash escapes. The STRING
 * terminal also accepts a string left open at the end of its line (reported by
 * the `syntax` check), so the closing quote is stripped only when present.
 */
export function unquote(text: string): string {
    const quote = text.charAt(0);
    const closed = text.length >= 2 && text.endsWith(quote) && !isEscaped(text, text.length - 1);
    const body = text.slice(1, closed ? -1 : undefined);
    return body.replace(/\\(.)/gu, (_, c: string) => ESCAPES[c] ?? c);
}

/** True when the STRING token text lacks its closing quote. */
export function isUnterminatedString(text: string): boolean {
    const quote = text.charAt(0);
    return text.length < 2 || !text.endsWith(quote) || isEscaped(text, text.length - 1);
}

function isEscaped(text: string, index: number): boolean {
    let backslashes = 0;
    for (let i = index - 1; i > 0 && text.charAt(i) === '\\'; i--) backslashes++;
    return backslashes % 2 === 1;
}

/**
 * The largest magnitude a number in a map may have: beyond 2^53 − 1 a number is no longer
 * kept exactly, and 400 digits are Infinity, which would reach the SVG as `NaN` and JSON
 * as `null`. The lexer reports a larger NUMBER as a `syntax` error (validation/syntax.ts).
 */
export const LARGEST_NUMBER = Number.MAX_SAFE_INTEGER;

/** True when the NUMBER token text is beyond ±LARGEST_NUMBER. */
export function isNumberTooLarge(text: string): boolean {
    return !(Math.abs(Number(text)) <= LARGEST_NUMBER);
}

export class JourneyValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        if (rule.name === TERMINAL.STRING) return unquote(input);
        const value = super.runConverter(rule, input, cstNode);
        // A number too large is a syntax error already; clamped, it cannot turn into NaN or
        // Infinity in what is still shown of the map (the preview draws maps with errors).
        return typeof value === 'number' && !(Math.abs(value) <= LARGEST_NUMBER)
            ? Math.sign(Number(input.replace(/\s+/g, ''))) * LARGEST_NUMBER
            : value;
    }
}
