// The keyword a part of the grammar begins with, read from journey.langium: what a statement begins
// with (grammar-facts.ts: the pretty printer's statements, the parser recovery's block ends) and what
// a block's entries begin with (validation/syntax.ts: "expected one of …" in syntax messages) are
// both read through these two, so they cannot disagree on where a rule's first keyword is.
import { GrammarAST } from 'langium';

/**
 * The keyword an element begins with, if it begins with one (`'goal' goals+=STRING` begins with
 * `goal`), not looking into what it assigns or calls: undefined for `stages+=Stage`.
 */
export function leadingKeyword(element: GrammarAST.AbstractElement | undefined): string | undefined {
    if (GrammarAST.isKeyword(element)) return element.value;
    if (GrammarAST.isGroup(element)) return leadingKeyword(element.elements[0]);
    return undefined;
}

/**
 * The keyword an element begins with, looking into what it assigns and the parser rule it calls
 * (`stages+=Stage` begins with `stage`, as Stage does); undefined when it begins with a name or a value.
 */
export function leadingWord(element: GrammarAST.AbstractElement | undefined): string | undefined {
    if (GrammarAST.isAssignment(element)) return leadingWord(element.terminal);
    if (GrammarAST.isRuleCall(element) && GrammarAST.isParserRule(element.rule.ref)) return leadingWord(element.rule.ref.definition);
    if (GrammarAST.isGroup(element)) return leadingWord(element.elements[0]);
    return leadingKeyword(element);
}
