import type { AstNode } from 'langium';
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

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
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
