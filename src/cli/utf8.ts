// Map files are UTF-8. Node's decoder turns any other byte into U+FFFD without a word, and
// `format --write` would then save the replacement characters: the author's text lost for
// good. Reading through here refuses such a file instead, naming the first bad byte.
import { isUtf8 } from 'node:buffer';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { t, type Locale } from '../i18n/index.js';
import { BYTE_ORDER_MARK, withoutByteOrderMark } from '../language/byte-order-mark.js';
import { RuleIds } from '../language/rules.js';
import { localized } from '../language/localized-messages.js';

/** Where bytes stop being UTF-8 (1-based line and column, in characters). */
export class Utf8Error extends Error {
    /** What is wrong, without the position (for messages that give it as file:line:column): a catalogue message, said in English (`sayIn` for another language). */
    readonly reason: string;

    constructor(readonly line: number, readonly column: number, readonly byte: number) {
        const reason = localized('cli.notUtf8', { byte: hexByte(byte) });
        super(`line ${line}, column ${column}: ${reason}`);
        this.reason = reason;
    }
}

const DECODER = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A map's bytes as text. */
export interface DecodedText {
    /** The text as editors have it, without a leading byte order mark (see byte-order-mark.ts): its positions are theirs. */
    readonly text: string;
    /** Whether the bytes began with a byte order mark (`journey format` writes it back). */
    readonly bom: boolean;
}

/**
 * The text of UTF-8 bytes; throws Utf8Error at the first byte that is not UTF-8, unless `lenient`
 * (such bytes are then U+FFFD: for a reader that checks the bytes itself and never writes that text).
 */
export function decodeUtf8(bytes: Uint8Array, lenient = false): DecodedText {
    // Node's native check first (a lint reads megabytes); the byte-by-byte walk only to name the bad byte.
    const bad = lenient || isUtf8(bytes) ? -1 : firstInvalidByte(bytes);
    if (bad >= 0) throw notUtf8At(bytes, bad);
    const text = DECODER.decode(bytes);
    return { text: withoutByteOrderMark(text), bom: text.startsWith(BYTE_ORDER_MARK) };
}

/**
 * The error at byte `bad`, its line and column as the lexer and editors count them: columns in
 * UTF-16 units, a line ended by CR, LF or CRLF, a byte order mark no column. The bytes before
 * `bad` are UTF-8, so they decode to the text an editor shows up to there.
 */
function notUtf8At(bytes: Uint8Array, bad: number): Utf8Error {
    const lines = withoutByteOrderMark(DECODER.decode(bytes.subarray(0, bad))).split(/\r\n|\r|\n/);
    return new Utf8Error(lines.length, lines[lines.length - 1].length + 1, bytes[bad]);
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
function firstInvalidByte(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length;) {
        const lead = bytes[i];
        if (lead < 0x80) { i++; continue; }
        // Second-byte ranges exclude overlong forms, surrogates and code points past U+10FFFF.
        const [length, low, high] =
            lead >= 0xC2 && lead <= 0xDF ? [2, 0x80, 0xBF] :
            lead === 0xE0 ? [3, 0xA0, 0xBF] :
            lead === 0xED ? [3, 0x80, 0x9F] :
            lead >= 0xE1 && lead <= 0xEF ? [3, 0x80, 0xBF] :
            lead === 0xF0 ? [4, 0x90, 0xBF] :
            lead >= 0xF1 && lead <= 0xF3 ? [4, 0x80, 0xBF] :
            lead === 0xF4 ? [4, 0x80, 0x8F] : [0, 0, 0];
        if (length === 0 || i + length > bytes.length) return i;
        if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
        for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
        i += length;
    }
    return -1;
}

/** What `journey lint` reports for a map that is not UTF-8: one `syntax` error at its first bad byte, in `locale`. */
export function undecodableDiagnostic(error: Utf8Error, locale: Locale): Diagnostic {
    const start = { line: error.line - 1, character: error.column - 1 };
    return {
        range: { start, end: { line: start.line, character: start.character + 1 } },
        severity: DiagnosticSeverity.Error,
        code: RuleIds.syntax,
        source: 'journey',
        message: t(locale, 'lint.notUtf8', { byte: hexByte(error.byte) })
    };
}

/** A byte as messages name it: `0xE9`. */
export function hexByte(byte: number): string {
    return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
