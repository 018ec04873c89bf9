// What the language services need to know about the grammar's words, read from the
// grammar itself (journey.langium) so no list or regex copy can drift from it.
import { AstUtils, GrammarAST, GrammarUtils } from 'langium';
import { JourneyMapsGrammar } from './generated/grammar.js';

/** The data-type rule through which some keywords (`in`, `low`, `digital`, ...) may also be names. */
const NAME_RULE = 'Name';

/** True for a keyword written in the `Name` rule: a word the grammar also accepts as a name. */
export function isNameKeyword(keyword: GrammarAST.Keyword): boolean {
    return AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === NAME_RULE;
}

const keywords = AstUtils.streamAllContents(JourneyMapsGrammar()).filter(GrammarAST.isKeyword).toArray();

/** Words that are keywords somewhere and names elsewhere. */
export const SOFT_KEYWORDS: ReadonlySet<string> = new Set(keywords.filter(isNameKeyword).map(keyword => keyword.value));

/** Words the lexer always reads as keywords, never as names. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(keywords
    .filter(keyword => /^\p{L}/u.test(keyword.value) && !SOFT_KEYWORDS.has(keyword.value))
    .map(keyword => keyword.value));

function terminalRegex(name: string): RegExp {
    const terminal = JourneyMapsGrammar().rules.find((rule): rule is GrammarAST.TerminalRule => GrammarAST.isTerminalRule(rule) && rule.name === name);
    if (!terminal) throw new Error(`journey.langium has no ${name} terminal`);
    return GrammarUtils.terminalRegex(terminal);
}
const idRegex = terminalRegex('ID');
const stringRegex = terminalRegex('STRING');

/** The source and flags of the grammar's ID terminal, for scanners that need their own (sticky) copy. */
export const ID_PATTERN = { source: idRegex.source, flags: idRegex.flags } as const;
/** The source and flags of the grammar's STRING terminal, likewise. */
export const STRING_PATTERN = { source: stringRegex.source, flags: stringRegex.flags } as const;

/** A whole identifier, as the grammar's ID terminal reads it. */
export const IDENTIFIER = new RegExp(`^(?:${idRegex.source})$`, idRegex.flags);
