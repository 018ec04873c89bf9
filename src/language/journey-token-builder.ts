import { DefaultTokenBuilder, GrammarUtils, type GrammarAST, type TokenBuilderOptions } from 'langium';
import type { TokenType, TokenVocabulary } from 'chevrotain';

/**
 * The token types built for each grammar, once per process. Chevrotain keeps every token
 * type it lexes with in a process-wide table that is never cleared, so tokens built anew
 * for each services creation (each workspace load of `journey preview`, each CLI batch)
 * were never freed: ~0.5 MB each, most of it the ID token's start characters. Token types
 * are read-only once built, so every services set may share them.
 */
const vocabularies = new WeakMap<GrammarAST.Grammar, TokenVocabulary>();

/**
 * Langium turns terminals with the `u` flag (our Unicode `ID`) into pattern
 * functions, which costs twice:
 * - a keyword that an identifier starts with (`persona` in `personaX`, `in` in
 *   `internet`) got no longer alternative, since Langium finds those by the
 *   regex source; such names were split into a keyword and a rest;
 * - Chevrotain cannot see which characters such a token starts with, so it
 *   dropped its first-character optimisation and tried every token at every
 *   offset (lexing was ~5× slower).
 * Both are fixed here from the terminal's own regex, so the grammar stays the
 * one source of truth.
 */
export class JourneyTokenBuilder extends DefaultTokenBuilder {

    /** Whole-text matchers of the terminals that became pattern functions. */
    private readonly functionTerminals = new Map<TokenType, RegExp>();

    override buildTokens(grammar: GrammarAST.Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        let vocabulary = vocabularies.get(grammar);
        if (!vocabulary) {
            vocabulary = super.buildTokens(grammar, options);
            vocabularies.set(grammar, vocabulary);
        }
        return vocabulary;
    }

    protected override buildTerminalToken(terminal: GrammarAST.TerminalRule): TokenType {
        const token = super.buildTerminalToken(terminal);
        if (typeof token.PATTERN === 'function') {
            const regex = GrammarUtils.terminalRegex(terminal);
            const flags = regex.flags.replace(/[gy]/g, '');
            this.functionTerminals.set(token, new RegExp(`^(?:${regex.source})$`, flags));
            token.START_CHARS_HINT = startCharacters(new RegExp(`^(?:${regex.source})`, flags));
        }
        return token;
    }

    protected override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
        const found = super.findLongerAlt(keyword, terminalTokens);
        for (const [token, wholeText] of this.functionTerminals) {
            if (wholeText.test(keyword.value) && !found.includes(token)) found.push(token);
        }
        return found;
    }
}

/**
 * Every UTF-16 code unit a match can start with, ascending (Chevrotain buckets
 * them). A code point outside the BMP starts with a high surrogate: all of
 * those are included, and the pattern itself decides.
 */
function startCharacters(startsWith: RegExp): number[] {
    const codes: number[] = [];
    for (let code = 0; code <= 0xFFFF; code++) {
        const isHighSurrogate = code >= 0xD800 && code <= 0xDBFF;
        if (isHighSurrogate || startsWith.test(String.fromCharCode(code))) codes.push(code);
    }
    return codes;
}
