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
 * The UTF-16 code units a match can start with, as Chevrotain reads them: it gives each code
 * below 256 a slot of its own and each 255 codes above a shared one (its lexer.ts
 * `charCodeToOptimizedIndex`: `255 + ~~(code / 255)`), and tries a token at a character when the
 * token's hint names any code of that character's slot. So every code below 256 a match starts
 * with, ascending (the pattern tested on each: punctuation, digits and spaces are met at every
 * offset), then the first code of every shared slot. A hint may name more than the token starts
 * with (the pattern, tried there, does not match: no token is wrong), never less. Testing the
 * pattern on every code above 255 to leave out the 41 slots our ID cannot start (arrows,
 * mathematical symbols, box drawing, surrogates, private use: characters met outside strings and
 * comments only as lexing errors) took ~10,000 tests, ~9 ms of every CLI start. A code point
 * outside the BMP starts with a high surrogate, whose slots are named. test/language/lexical.test.ts
 * lexes every start character of the BMP, so a Chevrotain that slots codes otherwise fails there.
 */
function startCharacters(startsWith: RegExp): number[] {
    const codes: number[] = [];
    for (let code = 0; code < 256; code++) {
        if (startsWith.test(String.fromCharCode(code))) codes.push(code);
    }
    for (let code = 256; code <= 0xFFFF; code += 255 - (code % 255)) codes.push(code);
    return codes;
}
