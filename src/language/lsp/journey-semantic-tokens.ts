import { AstUtils, Cancellation, type AstNode, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, SemanticTokensBuilder, type SemanticTokenAcceptor } from 'langium/lsp';
import {
    SemanticTokenModifiers, SemanticTokenTypes,
    type Range, type SemanticTokens, type SemanticTokensDeltaParams, type SemanticTokensParams, type SemanticTokensRangeParams
} from 'vscode-languageserver';
import {
    isChannel, isEmotion, isFriction, isJourney, isMetric, isOpportunity, isPersona, isStage, isTeam, isTouchpoint
} from '../generated/ast.js';
import { pauseUnlessChanged, versionOf } from './journey-walk-pause.js';

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

    override semanticHighlight(document: LangiumDocument, _params: SemanticTokensParams, cancelToken = Cancellation.CancellationToken.None): Promise<SemanticTokens> {
        return this.highlight(document, undefined, cancelToken);
    }

    override semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams, cancelToken = Cancellation.CancellationToken.None): Promise<SemanticTokens> {
        return this.highlight(document, params.range, cancelToken);
    }

    /** All the tokens, a valid answer to a delta request: deltas are not offered (Langium's semanticTokensOptions). */
    override semanticHighlightDelta(document: LangiumDocument, _params: SemanticTokensDeltaParams, cancelToken = Cancellation.CancellationToken.None): Promise<SemanticTokens> {
        return this.highlight(document, undefined, cancelToken);
    }

    /**
     * Langium's walk, pausing as it does so that a long walk (most of a second at 10,000 touchpoints)
     * lets other requests and a cancellation in, with two changes. Each request has its own builder:
     * Langium keeps one per document in the provider's `current…` fields, which a second request
     * took over at a pause (its answer then held both requests' tokens); here those fields are set
     * again to this request's after each pause, and the answer is built in the step that takes the
     * last node. And a keystroke that came in at a pause ends the request with ContentModified
     * (see pauseUnlessChanged) rather than mixing two versions' tokens.
     */
    private async highlight(document: LangiumDocument, range: Range | undefined, cancelToken: Cancellation.CancellationToken): Promise<SemanticTokens> {
        const since = versionOf(document);
        const builder = new SemanticTokensBuilder();
        const acceptor = this.createAcceptor();
        const nodes = AstUtils.streamAst(document.parseResult.value, { range }).iterator();
        for (let next = nodes.next(); !next.done; next = nodes.next()) {
            await pauseUnlessChanged(document, since, cancelToken);
            this.currentDocument = document;
            this.currentRange = range;
            this.currentTokensBuilder = builder;
            if (this.highlightElement(next.value, acceptor) === 'prune') nodes.prune();
        }
        return builder.build();
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
        } else if (isEmotion(node)) {
            if (node.persona) acceptor({ node, property: 'persona', type: TYPES.persona });
        } else if (isFriction(node)) {
            if (node.severity) acceptor({ node, property: 'severity', type: TYPES.value });
        } else if (isOpportunity(node)) {
            if (node.impact) acceptor({ node, property: 'impact', type: TYPES.value });
            if (node.effort) acceptor({ node, property: 'effort', type: TYPES.value });
        }
    }
}
