import { AstUtils, OperationCancelled, type AstNode, type Cancellation, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isChannel, isFriction, isJourney, isMetric, isOpportunity, isPersona, isStage, isTeam, isTouchpoint
} from '../generated/ast.js';

/** Standard token types only, so every theme of every editor colours them. */
const TYPES = {
    journey: SemanticTokenTypes.namespace,
    stage: SemanticTokenTypes.type,
    touchpoint: SemanticTokenTypes.event,
    persona: SemanticTokenTypes.class,
    channel: SemanticTokenTypes.interface,
    team: SemanticTokenTypes.struct,
    metric: SemanticTokenTypes.variable,
    value: SemanticTokenTypes.enumMember
} as const;

const LEGEND_TYPES = [...new Set(Object.values(TYPES))];
const LEGEND_MODIFIERS = [SemanticTokenModifiers.declaration];
const DECLARATION = SemanticTokenModifiers.declaration;

/**
 * Distinguishes personas, channels, teams, stages and touchpoints wherever
 * they appear (declaration names carry the `declaration` modifier), and marks
 * value keywords (`tool`, `high`, `digital`, ...) as enum members.
 */
export class JourneySemanticTokenProvider extends AbstractSemanticTokenProvider {
    override get tokenTypes(): Record<string, number> {
        return Object.fromEntries(LEGEND_TYPES.map((type, index) => [type, index]));
    }

    override get tokenModifiers(): Record<string, number> {
        return Object.fromEntries(LEGEND_MODIFIERS.map((modifier, index) => [modifier, 1 << index]));
    }

    /**
     * Langium's walk awaits a cancellation check every 10 ms, and each pause lets the next message in:
     * a keystroke that edits this very tree in place or splices a stage into it (the tokens already
     * taken are then of the old text, the rest of the new), or another semantic tokens request, which
     * takes over the provider's one builder per document and its `current…` fields. One walk without
     * a pause answers from one version of the text (test/lsp/requests-during-edits.test.ts).
     */
    protected override async computeHighlighting(document: LangiumDocument, acceptor: SemanticTokenAcceptor, cancelToken: Cancellation.CancellationToken): Promise<void> {
        if (cancelToken.isCancellationRequested) throw OperationCancelled;
        const nodes = AstUtils.streamAst(document.parseResult.value, { range: this.currentRange }).iterator();
        for (let next = nodes.next(); !next.done; next = nodes.next()) {
            if (this.highlightElement(next.value, acceptor) === 'prune') nodes.prune();
        }
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void | undefined | 'prune' {
        if (isJourney(node)) {
            acceptor({ node, property: 'name', type: TYPES.journey, modifier: DECLARATION });
            if (node.state) acceptor({ node, property: 'state', type: TYPES.value });
        } else if (isPersona(node)) {
            acceptor({ node, property: 'name', type: TYPES.persona, modifier: DECLARATION });
        } else if (isChannel(node)) {
            acceptor({ node, property: 'name', type: TYPES.channel, modifier: DECLARATION });
            if (node.medium) acceptor({ node, property: 'medium', type: TYPES.value });
        } else if (isTeam(node)) {
            acceptor({ node, property: 'name', type: TYPES.team, modifier: DECLARATION });
        } else if (isStage(node)) {
            acceptor({ node, property: 'name', type: TYPES.stage, modifier: DECLARATION });
        } else if (isTouchpoint(node)) {
            acceptor({ node, property: 'name', type: TYPES.touchpoint, modifier: DECLARATION });
            if (node.kind) acceptor({ node, property: 'kind', type: TYPES.value });
            acceptor({ node, property: 'channels', type: TYPES.channel });
            acceptor({ node, property: 'personas', type: TYPES.persona });
            acceptor({ node, property: 'owner', type: TYPES.team });
            acceptor({ node, property: 'next', type: TYPES.touchpoint });
        } else if (isMetric(node)) {
            acceptor({ node, property: 'name', type: TYPES.metric, modifier: DECLARATION });
            acceptor({ node, property: 'stage', type: TYPES.stage });
        } else if (isFriction(node)) {
            if (node.severity) acceptor({ node, property: 'severity', type: TYPES.value });
        } else if (isOpportunity(node)) {
            if (node.impact) acceptor({ node, property: 'impact', type: TYPES.value });
            if (node.effort) acceptor({ node, property: 'effort', type: TYPES.value });
        }
    }
}
