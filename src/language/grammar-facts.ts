// What the language services need to know about the grammar's words, read from the
// grammar itself (journey.langium) so no list or regex copy can drift from it.
import { AstUtils, GrammarAST, GrammarUtils, type AstNode } from 'langium';
import { JourneyMapsGrammar } from './generated/grammar.js';
import { JourneyTerminals, type JourneyTerminalNames } from './generated/ast.js';
import { leadingKeyword, leadingWord } from './leading-keywords.js';

/**
 * The grammar's terminals by name, as token types are named (`TERMINAL.STRING` is `'STRING'`): code
 * that tells tokens apart by terminal names them here, and stops compiling if the grammar drops one.
 */
export const TERMINAL = Object.fromEntries(Object.keys(JourneyTerminals).map(name => [name, name])) as { readonly [Name in JourneyTerminalNames]: Name };

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

/** True for a keyword written as (part of) a value: in a data-type rule (`low`, `-` of `-1`, `<=`) or assigned (`%` of `3%`). */
function isInValue(keyword: GrammarAST.Keyword): boolean {
    return GrammarAST.isAssignment(keyword.$container) || AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.dataType !== undefined;
}

/**
 * Words written only within a value (`%` of `target 3%`, `-`, `<=`, `low`, `digital`), never to
 * separate, open or begin anything (as `,`, `{` and `in` do): a value ends a word as a name or a
 * number does, and the next word comes after a space.
 */
export const VALUE_KEYWORDS: ReadonlySet<string> = new Set(keywords.filter(isInValue).map(keyword => keyword.value)
    .filter(value => keywords.every(keyword => keyword.value !== value || isInValue(keyword))));

/** A whole identifier, as the grammar's ID terminal reads it (its pattern as langium-cli generates it, as workspace.ts reads it). */
export const IDENTIFIER = new RegExp(`^(?:${JourneyTerminals.ID.source})$`, JourneyTerminals.ID.flags);

const parserRules = JourneyMapsGrammar().rules.filter((rule): rule is GrammarAST.ParserRule => GrammarAST.isParserRule(rule) && !rule.dataType);

/**
 * Keywords that begin a statement: a declaration (`journey`, `stage`, `friction`, ...)
 * or a field written inside braces (`goal`, `emotion`, `next`, ...). Words that continue
 * a statement on its line (`severity`, `in`, `target`) are not among them.
 */
export const STATEMENT_KEYWORDS: ReadonlySet<string> = new Set([
    ...parserRules.map(rule => leadingKeyword(rule.definition)),
    ...AstUtils.streamAllContents(JourneyMapsGrammar()).filter(GrammarAST.isGroup).toArray().flatMap(group =>
        group.elements.flatMap((element, index) => {
            const afterBrace = GrammarAST.isKeyword(group.elements[index - 1]) && (group.elements[index - 1] as GrammarAST.Keyword).value === '{';
            if (!afterBrace || (element.cardinality !== '*' && element.cardinality !== '+')) return [];
            return GrammarAST.isAlternatives(element) ? element.elements.map(leadingKeyword) : [leadingKeyword(element)];
        }))
].filter((keyword): keyword is string => keyword !== undefined));

/** True when `element` may repeat inside its rule (it or a group holding it has `*` or `+`). */
function mayRepeat(element: AstNode, rule: GrammarAST.ParserRule): boolean {
    for (let node: AstNode | undefined = element; node && node !== rule; node = node.$container) {
        const cardinality = (node as GrammarAST.AbstractElement).cardinality;
        if (cardinality === '*' || cardinality === '+') return true;
    }
    return false;
}

/**
 * The single-valued fields that the grammar lets repeat, by AST type: `field=` inside a
 * repeated group of any-order fields, so a second `emotion` parses and replaces the first.
 * Validation reports the repeat (structure.ts); these are also the assignments langium-cli
 * warns about (esbuild.mjs, generateParser, explains why those warnings are filtered).
 */
export const SINGLE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(parserRules.map(rule => [
    rule.name,
    new Set(AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment).toArray()
        .filter(assignment => assignment.operator === '=' && mayRepeat(assignment, rule))
        .map(assignment => {
            const group = assignment.$container;
            if (!GrammarAST.isGroup(group)) return undefined;
            const index = group.elements.indexOf(assignment);
            return index > 0 ? leadingKeyword(group.elements[index - 1]) : undefined;
        })
        .filter((keyword): keyword is string => keyword !== undefined))
] as const).filter(([, fields]) => fields.size > 0));

/** The repeated entries of a rule's block (after its `{`), or of the entry rule's file; none for a rule without. */
function blockEntries(rule: GrammarAST.ParserRule): GrammarAST.AbstractElement[] {
    const repeated = (element: GrammarAST.AbstractElement) => element.cardinality === '*' || element.cardinality === '+';
    const entriesOf = (element: GrammarAST.AbstractElement) => GrammarAST.isAlternatives(element) ? element.elements : [element];
    if (rule.entry && repeated(rule.definition)) return entriesOf(rule.definition);
    return AstUtils.streamAst(rule.definition).filter(GrammarAST.isGroup).toArray().flatMap(group =>
        group.elements.flatMap((element, index) => {
            const previous = group.elements[index - 1];
            return GrammarAST.isKeyword(previous) && previous.value === '{' && repeated(element) ? entriesOf(element) : [];
        }));
}

/** The structural parser rules an element calls (not the names it refers to). */
function calledRules(element: AstNode): GrammarAST.ParserRule[] {
    return AstUtils.streamAllContents(element).filter(GrammarAST.isRuleCall).toArray()
        .map(call => call.rule.ref)
        .filter((rule): rule is GrammarAST.ParserRule => GrammarAST.isParserRule(rule) && !GrammarUtils.isDataTypeRule(rule));
}

/** The rules a rule's entries call (a stage's: touchpoints, frictions, opportunities). */
function entryRules(rule: GrammarAST.ParserRule): GrammarAST.ParserRule[] {
    return blockEntries(rule).flatMap(calledRules);
}

/** True when some entry of the rule named opens a block (a journey's stages do; a persona's entries are all one-liners). */
export function entriesOpenBlocks(ruleName: string): boolean {
    const rule = parserRules.find(candidate => candidate.name === ruleName);
    return rule !== undefined && openBlocks(entryRules(rule));
}

/** True when one of these rules has a block. */
function openBlocks(rules: readonly GrammarAST.ParserRule[]): boolean {
    return rules.some(rule => blockEntries(rule).length > 0);
}

/** The keywords that may be written inside the blocks a rule's entries open (a stage's: a touchpoint's and its frictions'...); none when its entries open no block. */
function keywordsInsideEntries(rule: GrammarAST.ParserRule): Set<string> {
    const children = entryRules(rule);
    const words = new Set<string>();
    if (!openBlocks(children)) return words;
    const visited = new Set<GrammarAST.ParserRule>();
    const visitWhole = (called: GrammarAST.ParserRule): void => {
        if (visited.has(called)) return;
        visited.add(called);
        for (const keyword of AstUtils.streamAllContents(called.definition).filter(GrammarAST.isKeyword)) words.add(keyword.value);
        calledRules(called.definition).forEach(visitWhole);
    };
    for (const child of children) {
        // A child's own leading keyword is written before its block, not inside it.
        const own = leadingKeyword(child.definition);
        for (const keyword of AstUtils.streamAllContents(child.definition).filter(GrammarAST.isKeyword)) {
            if (keyword.value !== own) words.add(keyword.value);
        }
        calledRules(child.definition).forEach(visitWhole);
    }
    return words;
}

const LEAVING_KEYWORDS = new Map<string, ReadonlySet<string>>();

/**
 * For the parser's error recovery, which skips a block it cannot read (`stag S { … }`) whole: the
 * keywords that end such a block before its `}`, while parsing the rules of `ruleStack` (outermost
 * first). They begin an entry of one of those rules and may be written in none of the blocks the
 * innermost rule's entries open: the block, had it been spelt right, would have been left there
 * (the parser leaves a block at an entry it cannot hold that an enclosing rule can), its `}`
 * missing. Empty when the innermost rule's entries open no block: a block there is a stray.
 */
export function blockLeavingKeywords(ruleStack: readonly string[]): ReadonlySet<string> {
    const key = ruleStack.join(' ');
    let leaving = LEAVING_KEYWORDS.get(key);
    if (!leaving) {
        const rules = ruleStack.map(name => parserRules.find(rule => rule.name === name)).filter(rule => rule !== undefined);
        const inside = rules.length > 0 ? keywordsInsideEntries(rules[rules.length - 1]) : new Set<string>();
        leaving = new Set(inside.size === 0 ? [] : rules.flatMap(rule => blockEntries(rule).map(leadingWord))
            .filter((word): word is string => word !== undefined && !inside.has(word)));
        LEAVING_KEYWORDS.set(key, leaving);
    }
    return leaving;
}
