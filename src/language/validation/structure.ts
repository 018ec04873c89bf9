import { AstUtils, GrammarAST, GrammarUtils, type AstNode, type CstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { JourneyAstType, Touchpoint } from '../generated/ast.js';
import { RuleIds } from '../rules.js';
import { containsSyntaxError, kindName, report } from './diagnostics.js';

/**
 * Fields that hold one value. The grammar lets fields come in any order, so a
 * second `emotion` parses and silently replaces the first: reported as
 * `syntax` so no text is lost without a word.
 */
const SINGLE_FIELDS: Record<string, readonly string[]> = {
    Journey: ['state', 'description'],
    Persona: ['segment', 'description'],
    Stage: ['description'],
    Touchpoint: ['kind', 'emotion', 'owner', 'description'],
    Friction: ['severity'],
    Opportunity: ['impact', 'effort'],
    Metric: ['target', 'actual']
};

export function structureChecks(): ValidationChecks<JourneyAstType> {
    const checkEmotion = (touchpoint: Touchpoint, accept: ValidationAcceptor): void => {
        const emotion = touchpoint.emotion;
        // NaN: the number itself is missing or malformed, already a syntax error.
        if (emotion === undefined || Number.isNaN(emotion)) return;
        if (Number.isInteger(emotion) && emotion >= -2 && emotion <= 2) return;
        const problem = Number.isInteger(emotion) ? `${emotion} is outside -2 … +2` : `${emotion} is not a whole number`;
        report(accept, RuleIds.emotionRange,
            `Emotion of touchpoint '${touchpoint.name}': ${problem}. Use a whole number from -2 (very negative) to +2 (very positive).`,
            { node: touchpoint, property: 'emotion' });
    };

    const checkSingleFields = (node: AstNode, accept: ValidationAcceptor): void => {
        const fields = SINGLE_FIELDS[node.$type];
        // A half-typed field is one syntax error already.
        if (!fields || !node.$cstNode || containsSyntaxError(node)) return;
        for (const field of fields) {
            const keywords = fieldKeywords(node.$cstNode, field);
            for (const repeated of keywords.slice(1)) {
                const name = (node as { name?: string }).name;
                const owner = name ? `${kindName(node.$type)} '${name}'` : `this ${kindName(node.$type)}`;
                report(accept, RuleIds.syntax, `'${field}' is given more than once in ${owner}; only the last one is kept. Keep one '${field}'.`, {
                    node, range: repeated.range
                });
            }
        }
    };

    return {
        Touchpoint: [checkEmotion, checkSingleFields],
        Journey: checkSingleFields, Persona: checkSingleFields, Stage: checkSingleFields,
        Friction: checkSingleFields, Opportunity: checkSingleFields, Metric: checkSingleFields
    };
}

/** The field keywords of the node itself (not of its children, not a soft keyword used as a name). */
function fieldKeywords(cstNode: CstNode, keyword: string): CstNode[] {
    return GrammarUtils.findNodesForKeyword(cstNode, keyword).filter(node =>
        AstUtils.getContainerOfType(node.grammarSource, GrammarAST.isParserRule)?.name !== 'Name');
}
