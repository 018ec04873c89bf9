import { AstUtils, Cancellation, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { isPersona } from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { tn, t } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';
import { pauseUnlessChanged, versionOf } from './journey-walk-pause.js';
import { indexForRequest } from './journey-reference-index.js';

/** After each persona's name and label: "goes through N touchpoints in M stages", across the workspace. */
export class JourneyInlayHintProvider extends AbstractInlayHintProvider {
    private readonly usage: UsageServices;
    private readonly messageLocale: MessageLocale;
    private readonly indexManager: JourneyServices['shared']['workspace']['IndexManager'];

    constructor(services: JourneyServices) {
        super();
        this.usage = services;
        this.messageLocale = services.config.MessageLocale;
        this.indexManager = services.shared.workspace.IndexManager;
    }

    /**
     * Langium's walk, pausing as it does, but ended by a keystroke at a pause (see pauseUnlessChanged): no
     * hints of two versions. The reference index the counts read is brought up to date first, pausing too
     * (after an edit of a 5 MB map, a second's work): a hover is answered meanwhile, and the next keystroke
     * ends the request there instead of after hints of a text the editor no longer shows. Only a range
     * with a persona in it reads the index.
     */
    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken = Cancellation.CancellationToken.None): Promise<InlayHint[] | undefined> {
        const since = versionOf(document);
        const hints: InlayHint[] = [];
        const acceptor = (hint: InlayHint) => hints.push(hint);
        let indexed = false;
        for (const node of AstUtils.streamAst(document.parseResult.value, { range: params.range })) {
            await pauseUnlessChanged(document, since, cancelToken);
            if (isPersona(node) && !indexed) {
                await indexForRequest(this.indexManager, document, since, cancelToken);
                indexed = true;
            }
            this.computeInlayHint(node, acceptor);
        }
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

