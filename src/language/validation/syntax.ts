import { AstUtils, DefaultLexer, GrammarAST, GrammarUtils, type LexerResult, type TokenizeOptions } from 'langium';
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { SOFT_KEYWORDS } from '../grammar-facts.js';
import { isNumberTooLarge, isUnterminatedString, LARGEST_NUMBER } from '../journey-value-converter.js';
import { closestName } from './closest-name.js';

/**
 * `syntax` diagnostics in the user's words: "Expected a number after
 * 'emotion', found '}'" rather than chevrotain's token type names.
 */

const TERMINALS: Record<string, string> = {
    ID: 'a name',
    NUMBER: 'a number',
    STRING: 'a quoted string',
    EOF: 'the end of the file'
};

/** What the grammar rules are called in messages. */
const RULE_NAMES: Record<string, string> = {
    Model: 'the file', Journey: 'journey', Persona: 'persona', Channel: 'channel', Team: 'team', Stage: 'stage',
    Touchpoint: 'touchpoint', Friction: 'friction', Opportunity: 'opportunity', Metric: 'metric', MetricValue: 'metric value'
};

function describeExpected(tokenType: TokenType): string {
    return TERMINALS[tokenType.name] ?? `'${tokenType.name}'`;
}

function describeFound(token: IToken | undefined): string {
    if (!token || token.tokenType?.name === 'EOF' || Number.isNaN(token.startOffset)) return 'the end of the file';
    const image = token.image.length > 24 ? `${token.image.slice(0, 23)}…` : token.image;
    return `'${image}'`;
}

function after(previous: IToken | undefined): string {
    if (!previous || Number.isNaN(previous.startOffset) || previous.tokenType?.name === 'EOF') return '';
    return ` after '${previous.image.length > 24 ? `${previous.image.slice(0, 23)}…` : previous.image}'`;
}

/** "a, b or c", names first, keywords after, at most 8. */
function listAlternatives(tokenTypes: Iterable<TokenType>): string {
    const names = new Set<string>();
    for (const tokenType of tokenTypes) names.add(tokenType.name);
    // Keywords the `Name` rule accepts as names: listing them next to "a name" is noise.
    if (names.has('ID')) for (const keyword of SOFT_KEYWORDS) names.delete(keyword);
    const described = [...names].sort((a, b) => Number(b in TERMINALS) - Number(a in TERMINALS)).map(name => TERMINALS[name] ?? `'${name}'`);
    return joinWords(described.length > 8 ? [...described.slice(0, 8), '…'] : described, 'or');
}

/** "a, b or c" / "a, b and c". */
function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
    return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** Langium decorates chevrotain's rule names (a zero-width suffix); keep the grammar's name. */
function ruleOf(ruleName: string): string | undefined {
    const name = ruleName.replace(/[^\p{L}\p{N}_]/gu, '');
    return name === 'Model' ? undefined : RULE_NAMES[name];
}

function context(ruleName: string): string {
    const rule = ruleOf(ruleName);
    return rule ? ` in this ${rule}` : '';
}

/** Structural tokens, never listed as what may come next in a block. */
const PUNCTUATION = new Set(['{', '}', ',', '%', '-', '+']);

/** The keyword a rule's text starts with (`journey`, `stage`, …). */
function leadingKeyword(element: GrammarAST.AbstractElement | undefined): string | undefined {
    if (GrammarAST.isKeyword(element)) return element.value;
    if (GrammarAST.isGroup(element)) return leadingKeyword(element.elements[0]);
    return undefined;
}

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
                const keyword = leadingKeyword(element.rule.ref.definition);
                if (keyword) entries.add(keyword);
            }
        }
        rules.set(rule.name, [...entries]);
    }
    return rules;
}

function didYouMean(actual: IToken, keywords: readonly string[]): string {
    const suggestion = actual.tokenType?.name === 'ID' ? closestName(actual.image, keywords) : undefined;
    return suggestion ? ` Did you mean '${suggestion}'?` : '';
}

/** A quoted label where a declaration's name belongs: the usual slip is writing the label first. */
function labelFirstHint(expected: readonly TokenType[], actual: IToken | undefined, previous: IToken | undefined): string {
    if (actual?.tokenType?.name !== 'STRING' || !expected.some(t => t.name === 'ID') || !previous || !isKeywordToken(previous)) return '';
    return ` The name comes first, then the label: ${previous.image} Name "Label".`;
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
        const name = ruleName.replace(/[^\p{L}\p{N}_]/gu, '');
        const rule = ruleOf(ruleName);
        if (!rule) return undefined;
        if (actual.tokenType?.name === 'EOF' || Number.isNaN(actual.startOffset)) {
            return `Missing '}' to close this ${rule}: the file ends before it.`;
        }
        const entries = this.entriesOf(name);
        if (isKeywordToken(actual)) return this.misplacedKeywordMessage(actual, name, rule, entries);
        return `Unexpected ${describeFound(actual)} in this ${rule}: expected ${entries.join(', ')} or '}' to close it.${didYouMean(actual, entries)}`;
    }

    /**
     * A keyword that starts no entry of this block: a near miss of one that does
     * (`persona` for `personas`), one that belongs in another block (`emotion`
     * in a stage), or a block left open before the next declaration.
     */
    private misplacedKeywordMessage(actual: IToken, ruleName: string, rule: string, entries: readonly string[]): string {
        const found = describeFound(actual);
        const nearMiss = closestName(actual.image, entries);
        if (nearMiss) return `Unexpected ${found} in this ${rule}: did you mean '${nearMiss}'? (Or a '}' is missing before it.)`;
        const owners = [...(this.entries ??= ruleEntries(this.grammar())).entries()]
            .filter(([owner, ownEntries]) => owner !== ruleName && owner !== 'Model' && ownEntries.includes(actual.image))
            .map(([owner]) => RULE_NAMES[owner] ?? owner);
        const isOuterEntry = this.isEntryOfAnEnclosingBlock(actual.image, ruleName);
        if (owners.length > 0 && !isOuterEntry) return `${found} belongs in a ${joinWords(owners, 'or')}, not directly in this ${rule}.`;
        return `Missing '}' to close this ${rule} before ${found}.`;
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
        return `Unexpected ${describeFound(actual)}: a file contains ${joinWords(entries, 'and')} declarations.${didYouMean(actual, entries)}`;
    }

    private entriesOf(ruleName: string): string[] {
        this.entries ??= ruleEntries(this.grammar());
        return this.entries.get(ruleName) ?? [];
    }

    private mismatchMessage(options: { expected: TokenType; actual: IToken; previous: IToken }): string {
        return `Expected ${describeExpected(options.expected)}${after(options.previous)}, found ${describeFound(options.actual)}.${labelFirstHint([options.expected], options.actual, options.previous)}`;
    }

    buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return this.topLevelMessage(options.firstRedundant);
    }

    buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = options.expectedPathsPerAlt.flatMap(alternative => alternative.map(path => path[0])).filter(t => t !== undefined);
        return `Expected ${listAlternatives(firsts)}${after(options.previous)}${context(options.ruleName)}, found ${describeFound(options.actual[0])}.${labelFirstHint(firsts, options.actual[0], options.previous)}`;
    }

    buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const firsts = options.expectedIterationPaths.map(path => path[0]).filter(t => t !== undefined);
        return `Expected at least one ${listAlternatives(firsts)}${after(options.previous)}${context(options.ruleName)}, found ${describeFound(options.actual[0])}.`;
    }
}

export class JourneyLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + Math.min(length, 24));
        const shown = JSON.stringify(text).slice(1, -1);
        return length === 1
            ? `Unexpected character '${shown}': names are letters, digits and '_', and text goes in quotes.`
            : `Unexpected characters '${shown}${length > 24 ? '…' : ''}': names are letters, digits and '_', and text goes in quotes.`;
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return `Unexpected '${token.image}'.`;
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
        message: `Line separator U+${code} in a // comment: the comment runs on to the end of the line, so the text after it is commented out. Use an ordinary line break.`,
        offset: token.startOffset + index,
        line: token.startLine,
        column: (token.startColumn ?? 1) + index,
        length: 1
    });
}

const UNTERMINATED_STRING_MESSAGE = 'Unterminated string: add the closing quote before the end of the line.';

function numberTooLargeMessage(image: string): string {
    return `Number ${image.length > 9 ? `${image.slice(0, 8)}…` : image} is too large: numbers go up to ${LARGEST_NUMBER}.`;
}

/**
 * The STRING terminal accepts a string left open at the end of its line (so
 * one missing quote does not swallow the file); the lexer reports it here, as
 * a `syntax` error at the string. So is a number too large to be kept exactly:
 * like a string left open, it is text that cannot be read as a value, and a
 * `syntax` error keeps it out of render, export and format.
 */
export class JourneyLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = this.tokenizeWithinStack(text, options);
        for (const token of result.hidden) {
            if (token.tokenType.name === 'SL_COMMENT') reportLineSeparator(result, token);
        }
        for (const token of result.tokens) {
            const name = token.tokenType.name;
            const message = name === 'STRING' && isUnterminatedString(token.image) ? UNTERMINATED_STRING_MESSAGE
                : name === 'NUMBER' && isNumberTooLarge(token.image) ? numberTooLargeMessage(token.image)
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
                errors: [{ offset: 0, line: 1, column: 1, length: 0, message: `This file cannot be read: a token of it is beyond what the lexer can match (${error.message}). Look for a very long line or string.` }]
            };
        }
    }
}
