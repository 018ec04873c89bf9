import {
    AstUtils, Cancellation, DefaultLinker, DocumentState, interruptAndCheck, isAstNode, isAstNodeDescription, isLinkingError, RefResolving,
    type AstNode, type AstNodeDescription, type CstNode, type LangiumDocument, type LinkingError, type Reference, type ReferenceInfo
} from 'langium';
import { wasEditedInPlace } from '../journey-document-factory.js';
import { NODES_PER_POLL, visitReferencesAndPushChildren } from '../ast-walk.js';

/**
 * Langium's linker, whose references are instances of one class instead of object
 * literals with getters: V8 gives every such literal its own accessor pairs and
 * closures (a few hundred bytes per reference), a large share of the heap of a big
 * map, whose touchpoints each hold four or five references. Same behaviour as
 * Langium 4.2.1's `DefaultLinker.buildReference`.
 */
export class JourneyLinker extends DefaultLinker {
    /** Each fully linked document's references with their targets and descriptions, kept when it is unlinked, for `link` to take back after an in-place edit. */
    private readonly lastLinks = new WeakMap<LangiumDocument, { references: LazyReference[]; targets: AstNode[]; descriptions: Array<AstNodeDescription | undefined> }>();

    /**
     * As Langium's, keeping the links of a document that was fully linked and resolved
     * everything: a keystroke inside a string or comment (journey-document-factory.ts)
     * changes no name, so `link` takes them back instead of looking up every reference
     * again (a tenth of a keystroke at 10,000 touchpoints). The description is set to
     * undefined rather than deleted as Langium does: `delete` turns each reference into a
     * slow dictionary object.
     */
    override unlink(document: LangiumDocument): void {
        this.lastLinks.delete(document);
        const references = document.references;
        let keep = document.state >= DocumentState.Linked;
        const targets: AstNode[] = [];
        const descriptions: Array<AstNodeDescription | undefined> = [];
        for (const reference of references) {
            if (reference instanceof LazyReference) {
                if (keep && isAstNode(reference._ref)) {
                    targets.push(reference._ref);
                    descriptions.push(reference._nodeDescription);
                } else {
                    keep = false;
                }
                reference._ref = undefined;
                reference._nodeDescription = undefined;
            } else {
                keep = false;
                super.unlink({ references: [reference] } as unknown as LangiumDocument);
            }
        }
        document.references = [];
        if (keep && references.length > 0) this.lastLinks.set(document, { references: references as LazyReference[], targets, descriptions });
    }

    override async link(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        const links = this.lastLinks.get(document);
        this.lastLinks.delete(document);
        const inPlace = wasEditedInPlace(document);
        // None resolved since (a reference read early links itself): else those would be listed twice.
        if (links && inPlace && document.references.length === 0 && this.onlyChange(document) && this.allCurrent(links.targets)) {
            const { references, targets, descriptions } = links;
            for (let i = 0; i < references.length; i++) {
                references[i]._ref = targets[i];
                references[i]._nodeDescription = descriptions[i];
            }
            document.references = references;
            return;
        }
        return this.linkAll(document, cancelToken);
    }

    /**
     * Langium's `link`: every reference of every node, in the same order, without its per-node
     * streams (ast-walk.ts) and with the token polled every few hundred nodes rather than awaited
     * at each: at 10,000 touchpoints that was a third of linking. With Langium's profiler active,
     * its own walk runs.
     */
    private async linkAll(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const link = (info: ReferenceInfo) => this.doLink(info, document);
        const pending: AstNode[] = [document.parseResult.value];
        let visited = 0;
        for (let node = pending.pop(); node; node = pending.pop()) {
            if (visited++ % NODES_PER_POLL === 0) await interruptAndCheck(cancelToken);
            visitReferencesAndPushChildren(node, link, pending);
        }
    }

    /** No other document is being built (parsed or relinked): the names in scope are the ones the links were made with. */
    private onlyChange(document: LangiumDocument): boolean {
        return this.langiumDocuments().all.every(other => other === document || other.state >= DocumentState.Linked);
    }

    /**
     * Each node still belongs to its document's current tree and that document is still the
     * workspace's: a deleted document keeps its parse result (a link into it must become an
     * unresolved reference), and a stage re-parsed alone is spliced into the same root
     * (journey-document-factory.ts), so each container must still hold the node where it says.
     * Each root is asked about once: the workspace's lookup normalizes the URI, and a big map's
     * tens of thousands of targets have a handful of roots (a tenth of a keystroke at 10,000 touchpoints).
     */
    private allCurrent(nodes: readonly AstNode[]): boolean {
        const roots = new Map<AstNode, boolean>();
        return nodes.every(node => {
            const root = containedRoot(node);
            if (!root) return false;
            let current = roots.get(root);
            if (current === undefined) {
                const document = root.$document;
                current = document !== undefined && document.parseResult.value === root && this.langiumDocuments().getDocument(document.uri) === document;
                roots.set(root, current);
            }
            return current;
        });
    }

    override buildReference(node: AstNode, property: string, refNode: CstNode | undefined, refText: string): Reference {
        return new LazyReference(this, node, property, refNode, refText);
    }

    /** What a `LazyReference` needs of the linker's protected methods. */
    resolveFor(refInfo: ReferenceInfo): { node?: AstNode, descr?: AstNodeDescription, error?: LinkingError } {
        return this.getLinkedNode(refInfo);
    }
    loadFor(description: AstNodeDescription): AstNode | undefined {
        return this.loadAstNode(description);
    }
    errorFor(refInfo: ReferenceInfo, description?: AstNodeDescription): LinkingError {
        return this.createLinkingError(refInfo, description);
    }
    cycleAt(node: AstNode, property: string, refText: string): never {
        return this.throwCyclicReferenceError(node, property, refText);
    }
}

class LazyReference implements Reference {
    _ref?: AstNode | LinkingError | typeof RefResolving = undefined;
    _nodeDescription?: AstNodeDescription;

    constructor(
        private readonly linker: JourneyLinker,
        private readonly container: AstNode,
        private readonly property: string,
        readonly $refNode: CstNode | undefined,
        readonly $refText: string
    ) {}

    get ref(): AstNode | undefined {
        if (isAstNode(this._ref)) return this._ref;
        if (isAstNodeDescription(this._nodeDescription)) {
            // A candidate was found before, but it was not loaded yet.
            this._ref = this.linker.loadFor(this._nodeDescription) ?? this.linker.errorFor(this.info(), this._nodeDescription);
        } else if (this._ref === undefined) {
            this._ref = RefResolving;
            const document = AstUtils.findRootNode(this.container).$document;
            const found = this.linker.resolveFor(this.info());
            if (found.error && document && document.state < DocumentState.ComputedScopes) {
                // The document's scopes are not ready: leave it unlinked so the linker tries again later.
                return this._ref = undefined;
            }
            this._ref = found.node ?? found.error;
            this._nodeDescription = found.descr;
            document?.references.push(this);
        } else if (this._ref === RefResolving) {
            this.linker.cycleAt(this.container, this.property, this.$refText);
        }
        return isAstNode(this._ref) ? this._ref : undefined;
    }

    get $nodeDescription(): AstNodeDescription | undefined {
        return this._nodeDescription;
    }

    get error(): LinkingError | undefined {
        return isLinkingError(this._ref) ? this._ref : undefined;
    }

    private info(): ReferenceInfo {
        return { reference: this, container: this.container, property: this.property };
    }
}

/** The root of the node when each container up to it still holds it where it says; else undefined. */
function containedRoot(node: AstNode): AstNode | undefined {
    let child = node;
    for (let container = child.$container; container; container = child.$container) {
        const held = (container as unknown as Record<string, unknown>)[child.$containerProperty!];
        if ((child.$containerIndex === undefined ? held : (held as unknown[] | undefined)?.[child.$containerIndex]) !== child) return undefined;
        child = container;
    }
    return child;
}
