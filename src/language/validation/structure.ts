import { GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CompositeCstNode, type CstNode, type RootCstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { Emotion, JourneyAstType, Touchpoint } from '../generated/ast.js';
import { sharedEmotionEntries } from '../emotions.js';
// SINGLE_FIELDS: fields that hold one value but, since fields come in any order, may be
// written twice; a second `emotion` parses and silently replaces the first, so it is
// reported as `repeated-field` and no text is lost without a word. Not `syntax`: the text
// is read, and the commands that stop at a syntax error go on with the last value.
import { isNameKeyword, SINGLE_FIELDS } from '../grammar-facts.js';
import { isNumberTooLarge } from '../journey-value-converter.js';
import { RuleIds } from '../rules.js';
import { containsSyntaxError, firstAtOrAfter, kindWord, report } from './diagnostics.js';
import type { CatalogueMessage } from '../localized-messages.js';
import { EMOTION_SCALE_ENDS, type MessageParams } from '../../i18n/index.js';

export function structureChecks(): ValidationChecks<JourneyAstType> {
    /** `emotion-range` on one value: the shared `emotion N` or a per-persona `emotion P N` (`persona`). */
    const checkRange = (node: Emotion, touchpoint: Touchpoint, accept: ValidationAcceptor, persona?: string): void => {
        const emotion = node.value;
        // NaN: the number itself is missing or malformed, already a syntax error.
        if (emotion === undefined || Number.isNaN(emotion)) return;
        // Most values are in range: decided before the (costlier) look at the number's text.
        if (Number.isInteger(emotion) && emotion >= -2 && emotion <= 2) return;
        // Too large to be read: a syntax error at the number already (the value is clamped).
        const text = GrammarUtils.findNodeForProperty(node.$cstNode, 'value')?.text.replace(/\s+/g, '');
        if (text !== undefined && isNumberTooLarge(text)) return;
        const problem = { key: Number.isInteger(emotion) ? 'diag.emotionOutside' as const : 'diag.emotionNotWhole' as const, params: { value: emotion } };
        const whose: MessageParams = persona === undefined ? { name: touchpoint.name } : { name: touchpoint.name, persona };
        report(accept, RuleIds.emotionRange,
            { key: persona === undefined ? 'diag.emotionRange' : 'diag.emotionRangePersona', params: { ...whose, problem, ...EMOTION_SCALE_ENDS } },
            { node, property: 'value' });
    };

    /**
     * The shared values first, then the per-persona ones, each in order. Runs for every
     * touchpoint, and most have one shared value and no per-persona one: nothing is
     * gathered into new lists or sets unless there is something to compare.
     */
    const checkEmotion = (touchpoint: Touchpoint, accept: ValidationAcceptor): void => {
        let shared = 0;
        for (const entry of touchpoint.emotions) {
            if (entry.persona !== undefined) continue;
            shared++;
            checkRange(entry, touchpoint, accept);
        }
        if (shared > 1) checkRepeatedSharedEmotion(touchpoint, accept);
        if (shared < touchpoint.emotions.length) checkPersonaEmotions(touchpoint, accept);
    };

    /** `emotion` is repeatable (one per persona), so SINGLE_FIELDS does not see a second shared value: reported here. */
    const checkRepeatedSharedEmotion = (touchpoint: Touchpoint, accept: ValidationAcceptor): void => {
        if (containsSyntaxError(touchpoint)) return;
        for (const entry of sharedEmotionEntries(touchpoint).slice(1)) {
            const keyword = entry.$cstNode && keywordBefore(entry.$cstNode);
            if (keyword) report(accept, RuleIds.repeatedField, repeatedField('emotion', touchpoint), { node: touchpoint, range: keyword.range });
        }
    };

    const checkPersonaEmotions = (touchpoint: Touchpoint, accept: ValidationAcceptor): void => {
        const seen = new Set<string>();
        const named = new Set(touchpoint.personas.map(p => p.$refText));
        for (const entry of touchpoint.emotions) {
            const persona = entry.persona?.$refText;
            if (!persona) continue;
            checkRange(entry, touchpoint, accept, persona);
            if (seen.has(persona)) {
                report(accept, RuleIds.repeatedField,
                    { key: 'diag.personaEmotionRepeated', params: { persona, name: touchpoint.name } },
                    { node: entry, property: 'persona' });
            } else if (!named.has(persona) && entry.persona?.ref) {
                report(accept, RuleIds.emotionPersona,
                    { key: 'diag.emotionPersona', params: { persona, name: touchpoint.name } },
                    { node: entry, property: 'persona', data: { persona } });
            }
            seen.add(persona);
        }
    };

    const checkSingleFields = (node: AstNode, accept: ValidationAcceptor): void => {
        const fields = SINGLE_FIELDS[node.$type];
        // A half-typed field is one syntax error already.
        if (!fields || !node.$cstNode || !mayRepeatAField(node.$cstNode, fields) || containsSyntaxError(node)) return;
        for (const repeated of repeatedFieldKeywords(node, fields)) {
            report(accept, RuleIds.repeatedField, repeatedField(repeated.text, node), {
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

/** `'goal' is given more than once in stage 'Buy'…`: the owner named, or `this friction` when it has no name. */
function repeatedField(field: string, node: AstNode): CatalogueMessage {
    const name = (node as { name?: string }).name;
    const owner: MessageParams[string] = name ? { key: 'diag.ownerNamed', params: { kind: kindWord('the', node.$type), name } } : kindWord('this', node.$type);
    return { key: 'diag.repeatedField', params: { field, owner } };
}

/** The keyword right before a value in its container's text (`emotion` before `-1`). */
function keywordBefore(value: CstNode): CstNode | undefined {
    const siblings = value.container?.content ?? [];
    let k = siblings.indexOf(value) - 1;
    while (k >= 0 && siblings[k].hidden) k--;
    return k >= 0 && GrammarAST.isKeyword(siblings[k].grammarSource) ? siblings[k] : undefined;
}

const softNames = new WeakMap<GrammarAST.Keyword, boolean>();

/** `isNameKeyword`, once per keyword of the grammar (it walks up the grammar): asked for every field keyword of every node. */
function isSoftName(keyword: GrammarAST.Keyword): boolean {
    let soft = softNames.get(keyword);
    if (soft === undefined) softNames.set(keyword, soft = isNameKeyword(keyword));
    return soft;
}

/** Every field keyword of SINGLE_FIELDS, as one search (none contains another). */
const FIELD_WORDS = new RegExp([...new Set(Object.values(SINGLE_FIELDS).flatMap(fields => [...fields]))].join('|'), 'g');

/** Per document text: the offsets where each field keyword is written (strings and comments too), in order. */
const fieldWordsByText = new WeakMap<RootCstNode, Map<string, number[]>>();

function fieldWordsOf(root: RootCstNode): Map<string, number[]> {
    let words = fieldWordsByText.get(root);
    if (!words) {
        words = new Map();
        for (const match of root.fullText.matchAll(FIELD_WORDS)) {
            const offsets = words.get(match[0]);
            if (offsets) offsets.push(match.index);
            else words.set(match[0], [match.index]);
        }
        fieldWordsByText.set(root, words);
    }
    return words;
}

/**
 * Whether some field's keyword is written twice in the node's text (its children's
 * included, strings and comments too): a field cannot be given twice otherwise. Most
 * nodes pass this test, which costs a fraction of walking their tokens
 * (`repeatedFieldKeywords`), a check run for every touchpoint of every map; the
 * keywords are found once per document, not searched for in each node's text.
 * A keyword token has no letter next to it, so no other keyword's match can hide it.
 */
function mayRepeatAField(cst: CstNode, fields: ReadonlySet<string>): boolean {
    const words = fieldWordsOf(cst.root);
    const start = cst.offset;
    const end = cst.end;
    for (const field of fields) {
        const offsets = words.get(field);
        if (!offsets || offsets.length < 2) continue;
        const first = firstAtOrAfter(offsets, start);
        if (first + 1 < offsets.length && offsets[first + 1] + field.length <= end) return true;
    }
    return false;
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
            // `$type` read directly (a Keyword has no subtypes): this runs for every token of every node that has SINGLE_FIELDS.
            if (child.grammarSource?.$type !== GrammarAST.Keyword.$type) continue;
            const keyword = child.grammarSource as GrammarAST.Keyword;
            if (!fields.has(keyword.value) || isSoftName(keyword)) continue;
            if (seen.has(keyword.value)) repeated.push(child);
            else seen.add(keyword.value);
        }
    };
    if (isCompositeCstNode(node.$cstNode)) visit(node.$cstNode);
    return repeated;
}
