import { GrammarUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isPersona } from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { plural } from '../../common/plural.js';
import { stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';

/** After each persona's name and label: "goes through N touchpoints in M stages", across the workspace. */
export class JourneyInlayHintProvider extends AbstractInlayHintProvider {
    private readonly usage: UsageServices;

    constructor(services: JourneyServices) {
        super();
        this.usage = services;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isPersona(node) || !node.$cstNode) return;
        const touchpoints = touchpointsUsing(this.usage, node);
        const stages = stagesOf(touchpoints).length;
        // The end of the label, or of the name when the persona has no label.
        const anchor = GrammarUtils.findNodeForProperty(node.$cstNode, 'label') ?? GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
        if (!anchor) return;
        acceptor({
            position: anchor.range.end,
            label: `goes through ${plural(touchpoints.length, 'touchpoint')} in ${plural(stages, 'stage')}`,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            paddingRight: true
        });
    }
}

