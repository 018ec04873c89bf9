import { AstUtils, GrammarUtils, type AstNode } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isPersona } from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { tn, t } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';

/** After each persona's name and label: "goes through N touchpoints in M stages", across the workspace. */
export class JourneyInlayHintProvider extends AbstractInlayHintProvider {
    private readonly usage: UsageServices;
    private readonly messageLocale: MessageLocale;

    constructor(services: JourneyServices) {
        super();
        this.usage = services;
        this.messageLocale = services.config.MessageLocale;
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (!isPersona(node) || !node.$cstNode) return;
        const touchpoints = touchpointsUsing(this.usage, node);
        const stages = stagesOf(touchpoints).length;
        // The end of the label, or of the name when the persona has no label.
        const anchor = GrammarUtils.findNodeForProperty(node.$cstNode, 'label') ?? GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
        if (!anchor) return;
        const locale = this.messageLocale.of(AstUtils.getDocument(node).uri);
        acceptor({
            position: anchor.range.end,
            label: t(locale, 'inlay.goesThrough', { touchpoints: tn(locale, 'count.touchpoint', touchpoints.length), stages: tn(locale, 'count.stage', stages) }),
            kind: InlayHintKind.Type,
            paddingLeft: true,
            paddingRight: true
        });
    }
}

