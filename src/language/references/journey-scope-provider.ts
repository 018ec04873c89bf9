import {
    AstUtils, DefaultScopeProvider, MultiMap, stream,
    type AstNode, type AstNodeDescription, type LocalSymbols, type ReferenceInfo, type Scope, type Stream
} from 'langium';

type NameIndex = MultiMap<string, AstNodeDescription>;

/** Where a document's `LocalSymbols` carry their name indexes (see `JourneyScopeProvider`). */
const NAME_INDEXES = Symbol('journey name indexes');

type IndexedLocalSymbols = LocalSymbols & { [NAME_INDEXES]?: Map<AstNode, Map<string, NameIndex>> };

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
 */
export class JourneyScopeProvider extends DefaultScopeProvider {

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        let scope = this.getGlobalScope(referenceType, context);
        const localSymbols = AstUtils.getDocument(context.container).localSymbols;
        if (!localSymbols) return scope;
        const containers: AstNode[] = [];
        for (let node: AstNode | undefined = context.container; node; node = node.$container) {
            if (localSymbols.has(node)) containers.push(node);
        }
        for (let i = containers.length - 1; i >= 0; i--) {
            scope = new IndexedScope(this.nameIndex(localSymbols, containers[i], referenceType), scope);
        }
        return scope;
    }

    private nameIndex(localSymbols: IndexedLocalSymbols, container: AstNode, referenceType: string): NameIndex {
        let byContainer = localSymbols[NAME_INDEXES];
        if (!byContainer) localSymbols[NAME_INDEXES] = byContainer = new Map();
        let byType = byContainer.get(container);
        if (!byType) byContainer.set(container, byType = new Map());
        let index = byType.get(referenceType);
        if (!index) {
            index = new MultiMap();
            for (const description of localSymbols.getStream(container)) {
                if (this.reflection.isSubtype(description.type, referenceType)) index.add(description.name, description);
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
        return this.local.get(name)[0] ?? this.outer.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.local.get(name)).concat(this.outer.getElements(name));
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.local.values()).concat(this.outer.getAllElements());
    }
}
