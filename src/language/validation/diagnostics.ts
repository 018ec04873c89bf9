import { AstUtils, CstUtils, isCompositeCstNode, type AstNode, type CstNode, type DiagnosticInfo, type ParseResult, type ValidationAcceptor, type ValidationSeverity } from 'langium';
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

/** The offsets of the document's lexer and parser errors, sorted (computed once per parse). */
function errorOffsetsOf(parseResult: ParseResult): number[] {
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
    return offsets;
}

/** The first of the sorted `offsets` at or after `offset` (its index; `offsets.length` if none). */
export function firstAtOrAfter(offsets: readonly number[], offset: number): number {
    let low = 0;
    let high = offsets.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (offsets[middle] < offset) low = middle + 1;
        else high = middle;
    }
    return low;
}

/**
 * True when the text of `node` contains a lexer or parser error, or when the node is
 * left open (no `}` of its own at its end) and an error follows it before the next token
 * the parser kept. Completeness rules skip such nodes: a touchpoint whose `emotion` is
 * half typed is one syntax error, not also "a touchpoint without emotion"; and the
 * recovery from a slip right after a node (`stage Un Premier {`, `touchpont Devis` after
 * a stage's last touchpoint) skips text that was meant to be in it, so the node only
 * looks empty.
 */
export function containsSyntaxError(node: AstNode): boolean {
    const cst = node.$cstNode;
    if (!cst) return false;
    const offsets = errorOffsetsOf(AstUtils.getDocument(node).parseResult);
    // Most documents have no error: answered before the node's offset is looked up (a walk of its CST).
    if (offsets.length === 0) return false;
    // An error at the node's first token is its container's (`Missing '}' … before 'stage'`): the node starts well.
    const first = firstAtOrAfter(offsets, cst.offset + 1);
    if (first >= offsets.length) return false;
    if (offsets[first] < cst.end) return true;
    if (closesItsBlock(node, cst)) return false;
    // An open node's text may go on past its last kept token, up to the next token the parser kept
    // (included: the recovery may have stopped the node at that very token).
    const next = CstUtils.getNextNode(cst, false);
    return offsets[first] <= (next ? next.offset : Number.POSITIVE_INFINITY);
}

/** Whether the node's text ends with the `}` of its own block (not a child's, not a name). */
function closesItsBlock(node: AstNode, cst: CstNode): boolean {
    for (let current: CstNode | undefined = cst; current && isCompositeCstNode(current);) {
        const content: readonly CstNode[] = current.content;
        let last = content.length - 1;
        while (last >= 0 && content[last].hidden) last--;
        if (last < 0) return false;
        const end: CstNode = content[last];
        if (!isCompositeCstNode(end)) return end.text === '}' && end.astNode === node;
        // A child node's text at the end: the block of `node` was never closed by its own `}`.
        if (end.astNode !== node) return false;
        current = end;
    }
    return false;
}

/**
 * The regions of the text where the parser was recovering: from each parser error to the
 * next `}` it kept (where its blocks and the text's braces can agree again). A declaration
 * there may be text of a block the recovery skipped, parsed one level up (`channel Site`
 * of a touchpoint whose keyword is misspelled, read as a channel of the journey).
 */
const recoveringRegions = new WeakMap<ParseResult, Array<[number, number]>>();

function recoveringRegionsOf(parseResult: ParseResult): Array<[number, number]> {
    let regions = recoveringRegions.get(parseResult);
    if (!regions) {
        const closes: number[] = [];
        const root = parseResult.value.$cstNode;
        if (root && parseResult.parserErrors.length > 0) {
            for (const leaf of CstUtils.streamCst(root)) {
                if (!isCompositeCstNode(leaf) && !leaf.hidden && leaf.text === '}') closes.push(leaf.offset);
            }
        }
        regions = parseResult.parserErrors
            .filter(error => !Number.isNaN(error.token.startOffset))
            .map((error): [number, number] => {
                const start = error.token.startOffset;
                const close = firstAtOrAfter(closes, start);
                return [start, close < closes.length ? closes[close] : Number.POSITIVE_INFINITY];
            });
        recoveringRegions.set(parseResult, regions);
    }
    return regions;
}

/** Whether `node` starts where the parser was recovering from a syntax error (see `recoveringRegionsOf`). */
export function parsedWhileRecovering(node: AstNode): boolean {
    const cst = node.$cstNode;
    const parseResult = AstUtils.getDocument(node).parseResult;
    if (!cst || parseResult.parserErrors.length === 0) return false;
    return recoveringRegionsOf(parseResult).some(([start, end]) => cst.offset >= start && cst.offset < end);
}
