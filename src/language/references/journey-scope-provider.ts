import {
    AstUtils, DefaultScopeProvider, MultiMapScope, stream,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LocalSymbols, type ReferenceInfo, type Scope, type Stream
} from 'langium';
import { declarationsOfRoot, type WorkspaceRoots } from './workspace-roots.js';

/** Local declarations by name, each name's in declaration order. */
type NameIndex = Map<string, AstNodeDescription[]>;

/** Where a document's `LocalSymbols` carry their name indexes and scopes (see `JourneyScopeProvider`). */
const NAME_INDEXES = Symbol('journey name indexes');
const SCOPES = Symbol('journey scopes');

/** A container's scope for one reference type, and the workspace's scope it was made in front of. */
interface CachedScope {
    readonly global: Scope;
    readonly scope: Scope;
}

type IndexedLocalSymbols = LocalSymbols & {
    [NAME_INDEXES]?: Map<AstNode, Map<string, NameIndex>>;
    [SCOPES]?: Map<AstNode, Map<string, CachedScope>>;
};

/**
 * The same scopes as Langium's default (local declarations of each enclosing
 * container shadow the outer ones, then the workspace), with a name index per
 * container and reference type. The default filters a stream of every local
 * symbol for each reference, which is quadratic on a journey of 2,000
 * touchpoints. The indexes live on the document's `LocalSymbols` (replaced
 * whenever Langium recomputes the document's scopes), not in a WeakMap: V8's
 * young-generation collector keeps whatever a long-lived WeakMap's entries
 * reach, so every linked document was promoted to the old generation even when
 * dropped at once (lint's streaming threads, src/cli/lint-workers.ts).
 *
 * Every reference of a journey (a map's few hundred) sees the same scope for its
 * type: it is made once per innermost container with declarations and kept there
 * too, for as long as the workspace's scope it stands in front of is Langium's
 * current one (renewed whenever a document of the workspace changes).
 */
export class JourneyScopeProvider extends DefaultScopeProvider {
    private readonly roots: WorkspaceRoots;

    constructor(services: LangiumCoreServices & { references: { WorkspaceRoots: WorkspaceRoots } }) {
        super(services);
        this.roots = services.references.WorkspaceRoots;
    }

    /**
     * The top-level declarations of the reference's workspace only (the documents of its root,
     * `WorkspaceRoots`): a folder with its own journey.config.json or git root, or another folder
     * the editor opened, neither sees nor is seen. One scope per root and type, until the next change.
     */
    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const root = this.roots.rootOf(AstUtils.getDocument(context.container).uri);
        return this.globalScopeCache.get(`${root}\u0000${referenceType}`, () => new MultiMapScope(
            declarationsOfRoot(this.indexManager, this.roots, root, referenceType)));
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const global = this.getGlobalScope(referenceType, context);
        const localSymbols: IndexedLocalSymbols | undefined = AstUtils.getDocument(context.container).localSymbols;
        if (!localSymbols) return global;
        let innermost: AstNode | undefined = context.container;
        while (innermost && !localSymbols.has(innermost)) innermost = innermost.$container;
        if (!innermost) return global;
        let byContainer = localSymbols[SCOPES];
        if (!byContainer) localSymbols[SCOPES] = byContainer = new Map();
        let byType = byContainer.get(innermost);
        if (!byType) byContainer.set(innermost, byType = new Map());
        const cached = byType.get(referenceType);
        if (cached?.global === global) return cached.scope;
        const containers: AstNode[] = [];
        for (let node: AstNode | undefined = innermost; node; node = node.$container) {
            if (localSymbols.has(node)) containers.push(node);
        }
        let scope = global;
        for (let i = containers.length - 1; i >= 0; i--) {
            scope = new IndexedScope(this.nameIndex(localSymbols, containers[i], referenceType), scope);
        }
        byType.set(referenceType, { global, scope });
        return scope;
    }

    private nameIndex(localSymbols: IndexedLocalSymbols, container: AstNode, referenceType: string): NameIndex {
        let byContainer = localSymbols[NAME_INDEXES];
        if (!byContainer) localSymbols[NAME_INDEXES] = byContainer = new Map();
        let byType = byContainer.get(container);
        if (!byType) byContainer.set(container, byType = new Map());
        let index = byType.get(referenceType);
        if (!index) {
            index = new Map();
            for (const description of localSymbols.getStream(container)) {
                if (!this.reflection.isSubtype(description.type, referenceType)) continue;
                const same = index.get(description.name);
                if (same) same.push(description);
                else index.set(description.name, [description]);
            }
            byType.set(referenceType, index);
        }
        return index;
    }
}

/** Local declarations by name, in declaration order, in front of an outer scope. */
class IndexedScope implements Scope {
    constructor(private readonly local: NameIndex, private readonly outer: Scope) {}

    getElement(name: string): AstNodeDescription | undefined {
        // A plain map's miss allocates nothing (a MultiMap's returns a new empty array): most names are the workspace's.
        const same = this.local.get(name);
        return same !== undefined ? same[0] : this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.local.get(name) ?? []).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.local.values()).flat().concat(this.outer.getAllElements());
    }
}
