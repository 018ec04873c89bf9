import { AstUtils, GrammarUtils, OperationCancelled, type AstNode, type Cancellation, type LangiumDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
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

    /**
     * Langium's walk pauses for a cancellation check every 10 ms, letting in a keystroke that edits this
     * tree in place or splices a stage into it: hints before the pause would be of the old text, the
     * rest of the new. One walk without a pause answers from one version (see journey-semantic-tokens.ts).
     */
    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken?: Cancellation.CancellationToken): Promise<InlayHint[] | undefined> {
        if (cancelToken?.isCancellationRequested) throw OperationCancelled;
        const hints: InlayHint[] = [];
        for (const node of AstUtils.streamAst(document.parseResult.value, { range: params.range })) this.computeInlayHint(node, hint => hints.push(hint));
        return hints;
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

