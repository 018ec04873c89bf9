import { AstUtils, type AstNode, type DiagnosticInfo, type ParseResult, type ValidationAcceptor, type ValidationSeverity } from 'langium';
import type { IToken } from 'chevrotain';
import { findRule, type RuleId } from '../rules.js';
import { localized, type CatalogueMessage } from '../localized-messages.js';
import { CATALOGUES, type MessageKey, type MessageParams } from '../../i18n/index.js';

/** How AST types are called in messages. */
const KIND_NAMES: Record<string, string> = {
    Persona: 'persona', Channel: 'channel', Team: 'team', Journey: 'journey',
    Stage: 'stage', Touchpoint: 'touchpoint', Metric: 'metric'
};

export function kindName(type: string): string {
    return KIND_NAMES[type] ?? type.toLowerCase();
}

/**
 * A kind as a message placeholder, in the form the sentence needs: `the` (le persona,
 * l'étape), `this` (cette étape), `name` (Étape), `a` (une étape). French words agree
 * in gender, so each form is its own catalogue entry.
 */
export function kindWord(form: 'the' | 'this' | 'name' | 'a', type: string): MessageParams[string] {
    const key = `kind.${form}.${type}`;
    return isMessageKey(key) ? { key } : kindName(type);
}

function isMessageKey(key: string): key is MessageKey {
    return key in CATALOGUES.en;
}

/** Per acceptor (one per document and validation), the rules it drops: see `droppingRules`. */
const droppedRules = new WeakMap<ValidationAcceptor, (rule: RuleId) => boolean>();

/**
 * Marks `accept` as dropping the rules `isDropped` names (those turned off for its
 * document), so `report` skips them before building their message: a default-off
 * rule such as `touchpoint-no-evidence` fires on most touchpoints of a workspace.
 */
export function droppingRules(accept: ValidationAcceptor, isDropped: (rule: RuleId) => boolean): ValidationAcceptor {
    droppedRules.set(accept, isDropped);
    return accept;
}

/**
 * Reports a rule with its default severity; the document validator applies the
 * configured severity (and drops `off`) and says the message in the document's
 * language afterwards, in one place. A rule the acceptor drops is not even said.
 */
export function report<N extends AstNode>(accept: ValidationAcceptor, rule: RuleId, message: CatalogueMessage, info: Omit<DiagnosticInfo<N>, 'code'>): void {
    if (droppedRules.get(accept)?.(rule)) return;
    const severity = findRule(rule)?.defaultSeverity ?? 'error';
    const validationSeverity: ValidationSeverity = severity === 'off' ? 'hint' : severity;
    accept(validationSeverity, localized(message.key, message.params), { ...info, code: rule } as DiagnosticInfo<N>);
}


const syntaxErrorOffsets = new WeakMap<ParseResult, number[]>();

/**
 * True when the text of `node` contains a lexer or parser error. Completeness
 * rules skip such nodes: a touchpoint whose `emotion` is half typed is one
 * syntax error, not also "a touchpoint without emotion".
 */
export function containsSyntaxError(node: AstNode): boolean {
    const cst = node.$cstNode;
    if (!cst) return false;
    const parseResult = AstUtils.getDocument(node).parseResult;
    let offsets = syntaxErrorOffsets.get(parseResult);
    if (!offsets) {
        offsets = [
            ...parseResult.parserErrors.map(error => {
                const previous = (error as { previousToken?: IToken }).previousToken;
                return Number.isNaN(error.token.startOffset) ? (previous?.endOffset ?? -2) + 1 : error.token.startOffset;
            }),
            ...parseResult.lexerErrors.map(error => error.offset),
            ...(parseResult.lexerReport?.diagnostics ?? []).map(diagnostic => diagnostic.offset)
        ];
        offsets.sort((a, b) => a - b);
        syntaxErrorOffsets.set(parseResult, offsets);
    }
    // The first error at or after the node's start, if it is before the node's end.
    let low = 0;
    let high = offsets.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (offsets[middle] < cst.offset) low = middle + 1;
        else high = middle;
    }
    return low < offsets.length && offsets[low] < cst.end;
}
