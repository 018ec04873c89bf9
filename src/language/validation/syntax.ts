import { AstUtils, DefaultLexer, GrammarAST, GrammarUtils, type LexerResult, type TokenizeOptions } from 'langium';
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { SOFT_KEYWORDS, TERMINAL } from '../grammar-facts.js';
import { leadingKeyword, leadingWord } from '../leading-keywords.js';
import { isNumberTooLarge, isUnterminatedString, LARGEST_NUMBER } from '../journey-value-converter.js';
import { closestName } from './closest-name.js';
import { localized } from '../localized-messages.js';
import type { MessageKey, MessageParams } from '../../i18n/index.js';

type Said = MessageParams[string];

/**
 * `syntax` diagnostics in the user's words: "Expected a number after
 * 'emotion', found '}'" rather than chevrotain's token type names.
 */

/** The terminals, as messages call them (`a name`, `un nom`); keywords are shown as written, quoted. */
const TERMINALS: Record<string, MessageKey> = {
    [TERMINAL.ID]: 'syntax.term.ID',
    [TERMINAL.NUMBER]: 'syntax.term.NUMBER',
    [TERMINAL.STRING]: 'syntax.term.STRING',
    EOF: 'syntax.term.EOF'
};

/** The grammar rules messages speak of: `in this {rule}` (kind.this.*), `belongs in {a rule}` (kind.a.*). */
const RULES_NAMED = new Set(['Journey', 'Persona', 'Channel', 'Team', 'Stage', 'Touchpoint', 'Friction', 'Opportunity', 'Metric', 'MetricValue']);

function describeExpected(tokenType: TokenType): Said {
    const terminal = TERMINALS[tokenType.name];
    return terminal ? { key: terminal } : `'${tokenType.name}'`;
}

function describeFound(token: IToken | undefined): Said {
    if (!token || token.tokenType?.name === 'EOF' || Number.isNaN(token.startOffset)) return { key: 'syntax.term.EOF' };
    const image = token.image.length > 24 ? `${token.image.slice(0, 23)}…` : token.image;
    return `'${image}'`;
}

function after(previous: IToken | undefined): Said {
    if (!previous || Number.isNaN(previous.startOffset) || previous.tokenType?.name === 'EOF') return '';
    return { key: 'syntax.after', params: { image: previous.image.length > 24 ? `${previous.image.slice(0, 23)}…` : previous.image } };
}

/** "a, b or c", names first, keywords after, at most 8. */
function listAlternatives(tokenTypes: Iterable<TokenType>): Said {
    const names = new Set<string>();
    for (const tokenType of tokenTypes) names.add(tokenType.name);
    // Keywords the `Name` rule accepts as names: listing them next to "a name" is noise.
    if (names.has(TERMINAL.ID)) for (const keyword of SOFT_KEYWORDS) names.delete(keyword);
    const described = [...names].sort((a, b) => Number(b in TERMINALS) - Number(a in TERMINALS)).map(name => describeExpected({ name } as TokenType));
    return joinWords(described.length > 8 ? [...described.slice(0, 8), '…'] : described, 'or');
}

/** "a, b or c" / "a, b and c", with the conjunction of the message's language. */
function joinWords(words: readonly Said[], conjunction: 'and' | 'or'): Said {
    if (words.length <= 1) return words[0] ?? '';
    if (words.length === 2) return { key: conjunction === 'and' ? 'syntax.and' : 'syntax.or', params: { a: words[0], b: words[1] } };
    return { key: 'syntax.comma', params: { a: words[0], b: joinWords(words.slice(1), conjunction) } };
}

/** Langium decorates chevrotain's rule names (a zero-width suffix); keep the grammar's name. */
function ruleOf(ruleName: string): string | undefined {
    const name = ruleName.replace(/[^\p{L}\p{N}_]/gu, '');
    return RULES_NAMED.has(name) ? name : undefined;
}

/** `this stage`, `cette étape`. */
function thisRule(rule: string): Said {
    return { key: `kind.this.${rule}` as MessageKey };
}

function context(ruleName: string): Said {
    const rule = ruleOf(ruleName);
    return rule ? { key: 'syntax.inThis', params: { rule: thisRule(rule) } } : '';
}

/** Structural tokens, never listed as what may come next in a block. */
const PUNCTUATION = new Set(['{', '}', ',', '%', '-', '+']);

/**
 * For each rule, the keywords that start its entries (Journey → state,
 * description, persona, …; Model → persona, channel, team, journey), in
 * grammar order, read from the grammar itself.
 */
function ruleEntries(grammar: GrammarAST.Grammar): Map<string, string[]> {
    const rules = new Map<string, string[]>();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule) || GrammarUtils.isDataTypeRule(rule)) continue;
        const own = leadingKeyword(rule.definition);
        const entries = new Set<string>();
        for (const element of AstUtils.streamAllContents(rule.definition)) {
            if (GrammarAST.isKeyword(element)) {
                if (!PUNCTUATION.has(element.value) && element.value !== own) entries.add(element.value);
            } else if (GrammarAST.isRuleCall(element) && GrammarAST.isParserRule(element.rule.ref) && !GrammarUtils.isDataTypeRule(element.rule.ref)) {
                const keyword = leadingWord(element);
                if (keyword) entries.add(keyword);
            }
        }
        rules.set(rule.name, [...entries]);
    }
    return rules;
}

function didYouMean(actual: IToken, keywords: readonly string[]): Said {
    const suggestion = actual.tokenType?.name === TERMINAL.ID ? closestName(actual.image, keywords) : undefined;
    return suggestion ? { key: 'ref.didYouMean', params: { suggestion } } : '';
}

/** Keywords as code in a message (`` `channel` ``): the same words in every language. */
function code(keywords: readonly string[]): string[] {
    return keywords.map(keyword => `\`${keyword}\``);
}

/** A quoted label where a declaration's name belongs: the usual slip is writing the label first. */
function labelFirstHint(expected: readonly TokenType[], actual: IToken | undefined, previous: IToken | undefined): Said {
    if (actual?.tokenType?.name !== TERMINAL.STRING || !expected.some(t => t.name === TERMINAL.ID) || !previous || !isKeywordToken(previous)) return '';
    return { key: 'syntax.labelFirst', params: { keyword: previous.image } };
}

function leadingKeywordOf(grammar: GrammarAST.Grammar, ruleName: string): string | undefined {
    const rule = grammar.rules.find(r => r.name === ruleName);
    return GrammarAST.isParserRule(rule) ? leadingKeyword(rule.definition) : undefined;
}

function isKeywordToken(token: IToken): boolean {
    const name = token.tokenType?.name;
    return name !== undefined && !(name in TERMINALS) && !PUNCTUATION.has(name);
}

export class JourneyParserErrorMessageProvider implements IParserErrorMessageProvider {
    private entries: Map<string, string[]> | undefined;

    constructor(private readonly grammar: () => GrammarAST.Grammar) {}

    buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        if (options.expected.name === 'EOF') return this.topLevelMessage(options.actual);
        if (options.expected.name === '}') return this.unclosedBlockMessage(options.actual, options.ruleName) ?? this.mismatchMessage(options);
        return this.mismatchMessage(options);
    }

    /** `}` was expected: the block is not closed, or it contains a word that starts no entry. */
    private unclosedBlockMessage(actual: IToken, ruleName: string): string | undefined {
        const rule = ruleOf(ruleName);
        if (!rule) return undefined;
        if (actual.tokenType?.name === 'EOF' || Number.isNaN(actual.startOffset)) {
            return localized('syntax.unclosedAtEnd', { rule: thisRule(rule) });
        }
        const entries = this.entriesOf(rule);
        if (isKeywordToken(actual)) return this.misplacedKeywordMessage(actual, rule, entries);
        return localized('syntax.unexpectedInBlock', {
            found: describeFound(actual), rule: thisRule(rule), entries: code(entries).join(', '), didYouMean: didYouMean(actual, entries)
        });
    }

    /**
     * A keyword that starts no entry of this block: a near miss of one that does
     * (`persona` for `personas`), one that belongs in another block (`emotion`
     * in a stage), or a block left open before the next declaration.
     */
    private misplacedKeywordMessage(actual: IToken, rule: string, entries: readonly string[]): string {
        const found = describeFound(actual);
        const nearMiss = closestName(actual.image, entries);
        if (nearMiss) return localized('syntax.nearMiss', { found, rule: thisRule(rule), suggestion: nearMiss });
        const owners = [...(this.entries ??= ruleEntries(this.grammar())).entries()]
            .filter(([owner, ownEntries]) => owner !== rule && RULES_NAMED.has(owner) && ownEntries.includes(actual.image))
            .map(([owner]): Said => ({ key: `kind.a.${owner}` as MessageKey }));
        const isOuterEntry = this.isEntryOfAnEnclosingBlock(actual.image, rule);
        if (owners.length > 0 && !isOuterEntry) return localized('syntax.belongsElsewhere', { found, owners: joinWords(owners, 'or'), rule: thisRule(rule) });
        return localized('syntax.missingCloseBefore', { rule: thisRule(rule), found });
    }

    /** Whether `keyword` starts an entry of a block that can contain `ruleName` (so a '}' may just be missing). */
    private isEntryOfAnEnclosingBlock(keyword: string, ruleName: string): boolean {
        const own = ruleName === 'Model' ? undefined : leadingKeywordOf(this.grammar(), ruleName);
        if (!own) return false;
        this.entries ??= ruleEntries(this.grammar());
        return [...this.entries.entries()].some(([owner, ownerEntries]) => owner !== ruleName && ownerEntries.includes(own) && ownerEntries.includes(keyword));
    }

    /** A word at the top level of a file that starts no declaration. */
    private topLevelMessage(actual: IToken): string {
        const entries = this.entriesOf('Model');
        return localized('syntax.topLevel', { found: describeFound(actual), entries: joinWords(code(entries), 'and'), didYouMean: didYouMean(actual, entries) });
    }

    private entriesOf(ruleName: string): string[] {
        this.entries ??= ruleEntries(this.grammar());
        return this.entries.get(ruleName) ?? [];
    }

    private mismatchMessage(options: { expected: TokenType; actual: IToken; previous: IToken }): string {
        return localized('syntax.expected', {
            expected: describeExpected(options.expected), after: after(options.previous), context: '',
            found: describeFound(options.actual), hint: labelFirstHint([options.expected], options.actual, options.previous)
        });
    }

    buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return this.topLevelMessage(options.firstRedundant);
    }

    // This and buildEarlyExitMessage read the first of the tokens `actual` only: JourneyParser.parseStage
    // counts on it (Chevrotain reads the others past the end of a stage parsed alone).
    buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = options.expectedPathsPerAlt.flatMap(alternative => alternative.map(path => path[0])).filter(t => t !== undefined);
        return localized('syntax.expected', {
            expected: listAlternatives(firsts), after: after(options.previous), context: context(options.ruleName),
            found: describeFound(options.actual[0]), hint: labelFirstHint(firsts, options.actual[0], options.previous)
        });
    }

    buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = options.expectedIterationPaths.map(path => path[0]).filter(t => t !== undefined);
        return localized('syntax.expectedAtLeastOne', {
            expected: listAlternatives(firsts), after: after(options.previous), context: context(options.ruleName), found: describeFound(options.actual[0])
        });
    }
}

const TYPOGRAPHIC_QUOTES = /^[“”„‟«»‘’‚‛‹›]+$/u;

export class JourneyLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + Math.min(length, 24));
        // A `/*` the lexer cannot read is a comment with no `*/`; a `#` is usually meant as a comment.
        if (text.startsWith('/*')) return localized('syntax.unclosedComment');
        if (text === '#') return localized('syntax.unexpectedHash');
        const shown = JSON.stringify(text).slice(1, -1);
        // A word processor's or a French keyboard's quotes: "text goes in quotes" alone would name them.
        if (TYPOGRAPHIC_QUOTES.test(text)) return localized('syntax.typographicQuote', { text: shown });
        return length === 1
            ? localized('syntax.unexpectedCharacter', { text: shown })
            : localized('syntax.unexpectedCharacters', { text: `${shown}${length > 24 ? '…' : ''}` });
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return localized('syntax.unexpectedToken', { image: token.image });
    }
}

/**
 * U+2028 / U+2029 end a line for JavaScript and some editors, but not for the
 * grammar's `//` comment (nor for the LSP, whose lines end at \n and \r): the
 * comment goes on to the end of the real line, and everything after the
 * separator is silently commented out. Reported as a syntax error at the separator.
 */
function reportLineSeparator(result: LexerResult, token: IToken): void {
    const index = token.image.search(/[\u2028\u2029]/u);
    if (index < 0) return;
    const code = token.image.codePointAt(index)!.toString(16).toUpperCase();
    result.report ??= { diagnostics: [] };
    result.report.diagnostics.push({
        severity: 'error',
        message: localized('syntax.lineSeparator', { code }),
        offset: token.startOffset + index,
        line: token.startLine,
        column: (token.startColumn ?? 1) + index,
        length: 1
    });
}

function numberTooLargeMessage(image: string): string {
    return localized('syntax.numberTooLarge', { number: image.length > 9 ? `${image.slice(0, 8)}…` : image, largest: String(LARGEST_NUMBER) });
}

/**
 * A token as Chevrotain's lexer makes it, with the same fields, but of its own class. Chevrotain
 * makes its tokens with an object literal of the same keys as its `END_OF_FILE` token, whose
 * positions are NaN: V8 gives them one hidden class, so the six positions of every token were
 * boxed numbers (16 bytes each, a separate object). A class only ever given whole numbers keeps
 * them in the object: 96 bytes less per token, about 290 MB for the 3 million tokens of a 20 MB
 * map, all alive at the end of parsing together with the new syntax tree.
 */
class LexedToken implements IToken {
    image: string;
    startOffset: number;
    endOffset: number;
    startLine: number;
    endLine: number;
    startColumn: number;
    endColumn: number;
    tokenTypeIdx: number;
    tokenType: TokenType;

    constructor(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType, startLine: number, startColumn: number, length: number) {
        // A keyword's pattern is its text: one string shared by all its tokens, not a copy in each.
        this.image = typeof tokenType.PATTERN === 'string' && tokenType.PATTERN === image ? tokenType.PATTERN : image;
        this.startOffset = startOffset;
        this.endOffset = startOffset + length - 1;
        this.startLine = startLine;
        this.endLine = startLine;
        this.startColumn = startColumn;
        this.endColumn = startColumn + length - 1;
        this.tokenTypeIdx = tokenTypeIdx;
        this.tokenType = tokenType;
    }
}

/** Chevrotain's `createFullToken`, same arguments (its lexer updates `endLine`/`endColumn` of a token spanning lines). */
function lexedToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType, startLine: number, startColumn: number, length: number): IToken {
    return new LexedToken(image, startOffset, tokenTypeIdx, tokenType, startLine, startColumn, length);
}

/**
 * The STRING terminal accepts a string left open at the end of its line (so
 * one missing quote does not swallow the file); the lexer reports it here, as
 * a `syntax` error at the string. So is a number too large to be kept exactly:
 * like a string left open, it is text that cannot be read as a value, and a
 * `syntax` error keeps it out of render, export and format.
 */
export class JourneyLexer extends DefaultLexer {
    constructor(services: ConstructorParameters<typeof DefaultLexer>[0]) {
        super(services);
        // A method of Chevrotain's lexer that it calls for every token (`positionTracking: 'full'`).
        (this.chevrotainLexer as unknown as { createTokenInstance: typeof lexedToken }).createTokenInstance = lexedToken;
    }

    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = this.tokenizeWithinStack(text, options);
        for (const token of result.hidden) {
            if (token.tokenType.name === TERMINAL.SL_COMMENT) reportLineSeparator(result, token);
        }
        for (const token of result.tokens) {
            const name = token.tokenType.name;
            const message = name === TERMINAL.STRING && isUnterminatedString(token.image) ? localized('syntax.unterminatedString')
                : name === TERMINAL.NUMBER && isNumberTooLarge(token.image) ? numberTooLargeMessage(token.image)
                    : undefined;
            if (message) {
                result.report ??= { diagnostics: [] };
                result.report.diagnostics.push({
                    severity: 'error',
                    message,
                    offset: token.startOffset,
                    line: token.startLine,
                    column: token.startColumn,
                    length: token.image.length
                });
            }
        }
        return result;
    }

    /**
     * The last line of defence: a text whose token the regex engine cannot
     * match within the stack becomes no tokens and one error, not a failed build.
     */
    private tokenizeWithinStack(text: string, options?: TokenizeOptions): LexerResult {
        try {
            return super.tokenize(text, options);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            return {
                tokens: [], hidden: [],
                errors: [{ offset: 0, line: 1, column: 1, length: 0, message: localized('syntax.tokenTooComplex', { error: error.message }) }]
            };
        }
    }
}
