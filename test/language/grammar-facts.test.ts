import { GrammarAST } from 'langium';
import { describe, expect, test } from 'vitest';
import { IDENTIFIER, TERMINAL, VALUE_KEYWORDS } from '../../src/language/grammar-facts.js';
import { JourneyMapsGrammar } from '../../src/language/generated/grammar.js';
import { journeyLexer } from '../test-services.js';

/** The token types of `text`'s tokens, hidden ones (comments) included, in order. */
function tokenTypes(text: string): string[] {
    const { tokens, hidden } = journeyLexer.tokenize(text);
    return [...tokens, ...hidden].sort((a, b) => a.startOffset - b.startOffset).map(token => token.tokenType.name);
}

describe('grammar facts are the grammar\'s', () => {
    test('TERMINAL names the grammar\'s terminals, as the lexer names their tokens', () => {
        const terminals = JourneyMapsGrammar().rules.filter(GrammarAST.isTerminalRule).map(rule => rule.name);
        expect(Object.keys(TERMINAL).sort()).toEqual(terminals.sort());
        expect(tokenTypes('Ana 12 "Lent" /* a */ // b')).toEqual([TERMINAL.ID, TERMINAL.NUMBER, TERMINAL.STRING, TERMINAL.ML_COMMENT, TERMINAL.SL_COMMENT]);
    });

    test('IDENTIFIER: a whole text the lexer reads as one name', () => {
        for (const text of ['Ana', 'Écran_d_accueil', '应用', 'in2', '_x', 'Ⅻ', 'e\u0301', '2in', 'a-b', 'a b', '', '"a"', 'é.']) {
            const { tokens, errors } = journeyLexer.tokenize(text);
            const oneName = errors.length === 0 && tokens.length === 1 && tokens[0].tokenType.name === TERMINAL.ID && tokens[0].image === text;
            expect(IDENTIFIER.test(text), JSON.stringify(text)).toBe(oneName);
        }
    });

    test('VALUE_KEYWORDS: keywords written only as part of a value, none that separates, opens or begins a statement', () => {
        for (const value of ['%', '-', '+', '<=', '>=', 'low', 'digital', 'current', 'tool']) expect(VALUE_KEYWORDS, value).toContain(value);
        // `in`, `target`, `severity` may be names (the `Name` rule), but begin a clause too.
        for (const other of [',', '{', '}', 'in', 'target', 'severity', 'stage', 'personas']) expect(VALUE_KEYWORDS, other).not.toContain(other);
    });
});
