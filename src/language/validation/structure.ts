import { GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CompositeCstNode, type CstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { Emotion, JourneyAstType, Touchpoint } from '../generated/ast.js';
import { sharedEmotionEntries } from '../emotions.js';
// SINGLE_FIELDS: fields that hold one value but, since fields come in any order, may be
// written twice; a second `emotion` parses and silently replaces the first, so it is
// reported as `syntax` and no text is lost without a word.
import { isNameKeyword, SINGLE_FIELDS } from '../grammar-facts.js';
import { isNumberTooLarge } from '../journey-value-converter.js';
import { RuleIds } from '../rules.js';
import { containsSyntaxError, kindName, report } from './diagnostics.js';

export function structureChecks(): ValidationChecks<JourneyAstType> {
    /** `emotion-range` on one value: the shared `emotion N` or a per-persona `emotion P N`. */
    const checkRange = (node: Emotion, emotion: number | undefined, whose: string, accept: ValidationAcceptor): void => {
        // NaN: the number itself is missing or malformed, already a syntax error.
        if (emotion === undefined || Number.isNaN(emotion)) return;
        // Too large to be read: a syntax error at the number already (the value is clamped).
        const text = GrammarUtils.findNodeForProperty(node.$cstNode, 'value')?.text.replace(/\s+/g, '');
        if (text !== undefined && isNumberTooLarge(text)) return;
        if (Number.isInteger(emotion) && emotion >= -2 && emotion <= 2) return;
        const problem = Number.isInteger(emotion) ? `${emotion} is outside -2 … +2` : `${emotion} is not a whole number`;
        report(accept, RuleIds.emotionRange,
            `Emotion ${whose}: ${problem}. Use a whole number from -2 (very negative) to +2 (very positive).`,
            { node, property: 'value' });
    };

    const checkEmotion = (touchpoint: Touchpoint, accept: ValidationAcceptor): void => {
        const shared = sharedEmotionEntries(touchpoint);
        for (const entry of shared) checkRange(entry, entry.value, `of touchpoint '${touchpoint.name}'`, accept);
        // `emotion` is repeatable (one per persona), so SINGLE_FIELDS does not see a second shared value: reported here.
        if (!containsSyntaxError(touchpoint)) {
            for (const keyword of shared.slice(1).map(e => e.$cstNode && keywordBefore(e.$cstNode))) {
                if (keyword) report(accept, RuleIds.syntax, `'emotion' is given more than once in touchpoint '${touchpoint.name}'; only the last one is kept. Keep one 'emotion'.`, { node: touchpoint, range: keyword.range });
            }
        }
        const seen = new Set<string>();
        const named = new Set(touchpoint.personas.map(p => p.$refText));
        for (const entry of touchpoint.emotions) {
            const persona = entry.persona?.$refText;
            if (!persona) continue;
            checkRange(entry, entry.value, `of persona '${persona}' at touchpoint '${touchpoint.name}'`, accept);
            if (seen.has(persona)) {
                report(accept, RuleIds.syntax,
                    `Persona '${persona}' has more than one emotion at touchpoint '${touchpoint.name}'; only the last one is kept. Keep one \`emotion ${persona} N\`.`,
                    { node: entry, property: 'persona' });
            } else if (!named.has(persona) && entry.persona?.ref) {
                report(accept, RuleIds.emotionPersona,
                    `Touchpoint '${touchpoint.name}' gives persona '${persona}' an emotion but does not name it in its \`personas\`. Add '${persona}' to its personas.`,
                    { node: entry, property: 'persona', data: { persona } });
            }
            seen.add(persona);
        }
    };

    const checkSingleFields = (node: AstNode, accept: ValidationAcceptor): void => {
        const fields = SINGLE_FIELDS[node.$type];
        // A half-typed field is one syntax error already.
        if (!fields || !node.$cstNode || containsSyntaxError(node)) return;
        for (const repeated of repeatedFieldKeywords(node, fields)) {
            const field = repeated.text;
            const name = (node as { name?: string }).name;
            const owner = name ? `${kindName(node.$type)} '${name}'` : `this ${kindName(node.$type)}`;
            report(accept, RuleIds.syntax, `'${field}' is given more than once in ${owner}; only the last one is kept. Keep one '${field}'.`, {
                node, range: repeated.range
            });
        }
    };

    return {
        Touchpoint: [checkEmotion, checkSingleFields],
        Journey: checkSingleFields, Persona: checkSingleFields, Stage: checkSingleFields,
        Friction: checkSingleFields, Opportunity: checkSingleFields, Metric: checkSingleFields
    };
}

/** The keyword right before a value in its container's text (`emotion` before `-1`). */
function keywordBefore(value: CstNode): CstNode | undefined {
    const siblings = value.container?.content ?? [];
    let k = siblings.indexOf(value) - 1;
    while (k >= 0 && siblings[k].hidden) k--;
    return k >= 0 && GrammarAST.isKeyword(siblings[k].grammarSource) ? siblings[k] : undefined;
}

/**
 * The second and later keywords of each field in the node's own text, in one
 * walk that skips its children (their fields are theirs) and soft keywords
 * used as names.
 */
function repeatedFieldKeywords(node: AstNode, fields: ReadonlySet<string>): CstNode[] {
    const seen = new Set<string>();
    const repeated: CstNode[] = [];
    const visit = (composite: CompositeCstNode): void => {
        for (const child of composite.content) {
            if (isCompositeCstNode(child)) {
                if (child.astNode === node) visit(child);
                continue;
            }
            const keyword = child.grammarSource;
            if (!GrammarAST.isKeyword(keyword) || !fields.has(keyword.value)) continue;
            if (isNameKeyword(keyword)) continue;
            if (seen.has(keyword.value)) repeated.push(child);
            else seen.add(keyword.value);
        }
    };
    if (isCompositeCstNode(node.$cstNode)) visit(node.$cstNode);
    return repeated;
}
