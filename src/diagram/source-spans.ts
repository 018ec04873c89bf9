// Where the model's texts are written: the source range of a declaration or of a repeated
// string entry (`goal "…"`), and the span of a string literal's content (what the extension
// host echoes a keystroke into). Read from the CST; shared by the journey's model (model.ts)
// and its stages' parts (stage-parts.ts).
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type { LiteralSpan, SourceRange } from './types.js';

const EMPTY_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The node's range in the source (a copy: the model is plain data). */
export function rangeOf(node: AstNode): SourceRange {
    return copyRange(node.$cstNode?.range);
}

/** A copy of the range, or the empty one at the start. */
export function copyRange(range: SourceRange | undefined): SourceRange {
    if (!range) return EMPTY_RANGE;
    return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

/**
 * The repeated string properties (goals, actions, ...) with the range of each entry,
 * from its keyword (`goal`, `action`, ...) to the end of the string, and its literal's span.
 */
export function stringsOf<N extends AstNode>(node: N, property: keyof N & string, nodes: Map<string, CstNode[]>): { text: string; range: SourceRange; span?: { textSpan: LiteralSpan } }[] {
    const values = node[property] as unknown as string[];
    const cst = nodes.get(property) ?? [];
    return values.map((text, i) => {
        const value = cst[i];
        if (!value) return { text, range: EMPTY_RANGE };
        const siblings = value.container?.content ?? [];
        let k = siblings.indexOf(value) - 1;
        while (k >= 0 && siblings[k].hidden) k--;
        const keyword = k >= 0 && GrammarAST.isKeyword(siblings[k].grammarSource) ? siblings[k] : undefined;
        const textSpan = literalSpan(value);
        return { text, range: copyRange({ start: (keyword ?? value).range.start, end: value.range.end }), ...(textSpan && { span: { textSpan } }) };
    });
}

/** `{ [key]: span }` of a label written as a non-empty literal (an empty one draws the name, which no keystroke in it echoes). */
export function labelSpanOf<K extends string>(node: { label?: string }, nodes: Map<string, CstNode[]>, key: K): { [k in K]?: LiteralSpan } {
    const span = labelSpan(node, nodes);
    return span ? { [key]: span } as { [k in K]: LiteralSpan } : {};
}

/** The span of a label written as a non-empty literal, as `labelSpanOf` gives it. */
export function labelSpan(node: { label?: string }, nodes: Map<string, CstNode[]>): LiteralSpan | undefined {
    return node.label ? literalSpan(nodes.get('label')?.[0]) : undefined;
}

/** `{ textSpan }` of a friction's or opportunity's `text` literal. */
export function textSpanOf(node: AstNode): { textSpan?: LiteralSpan } {
    const span = literalSpan(propertyNodes(node).get('text')?.[0]);
    return span ? { textSpan: span } : {};
}

/** The content of a closed, one-line string literal (inside its quotes). */
function literalSpan(value: CstNode | undefined): LiteralSpan | undefined {
    if (!value) return undefined;
    const { text, range } = value;
    const quote = text[0];
    if ((quote !== '"' && quote !== "'") || text.length < 2 || text[text.length - 1] !== quote || range.start.line !== range.end.line) return undefined;
    // `"a\"` is closed, `"a\"` without its last quote is not: an odd run of backslashes escapes the last quote.
    let backslashes = 0;
    while (text[text.length - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) return undefined;
    return { line: range.start.line, start: range.start.character + 1, end: range.end.character - 1, quote };
}

/**
 * The CST nodes of a node's own property values by property, as GrammarUtils.findNodesForProperty
 * finds them, in one walk, with each grammar element's assignment looked up once: Langium's walks
 * up the grammar for every CST node, which made building the models cost as much as parsing (half
 * of it at 1,000 touchpoints).
 */
export function propertyNodes(node: AstNode): Map<string, CstNode[]> {
    const found = new Map<string, CstNode[]>();
    const visit = (cst: CstNode, first: boolean) => {
        const feature = first ? undefined : assignedFeature(cst.grammarSource);
        if (feature !== undefined) {
            const list = found.get(feature);
            if (list) list.push(cst); else found.set(feature, [cst]);
        } else if (isCompositeCstNode(cst) && cst.astNode === node) {
            for (const child of cst.content) visit(child, false);
        }
    };
    if (node.$cstNode) visit(node.$cstNode, true);
    return found;
}

/** Grammar element → the feature of the assignment it is in (the grammar never changes). */
const ASSIGNED_FEATURES = new WeakMap<AstNode, string | null>();

function assignedFeature(element: AstNode | undefined): string | undefined {
    if (!element) return undefined;
    let feature = ASSIGNED_FEATURES.get(element);
    if (feature === undefined) {
        feature = AstUtils.getContainerOfType(element, GrammarAST.isAssignment)?.feature ?? null;
        ASSIGNED_FEATURES.set(element, feature);
    }
    return feature ?? undefined;
}
