import {
    AstUtils, DefaultScopeProvider, MultiMap, stream,
    type AstNode, type AstNodeDescription, type LocalSymbols, type ReferenceInfo, type Scope, type Stream
} from 'langium';

type NameIndex = MultiMap<string, AstNodeDescription>;

/**
 * The same scopes as Langium's default (local declarations of each enclosing
 * container shadow the outer ones, then the workspace), with a name index per
 * container and reference type. The default filters a stream of every local
 * symbol for each reference, which is quadratic on a journey of 2,000
 * touchpoints. The indexes live as long as the document's `LocalSymbols`,
 * which Langium replaces whenever it recomputes the document's scopes.
 */
export class JourneyScopeProvider extends DefaultScopeProvider {

    private readonly indexes = new WeakMap<LocalSymbols, Map<AstNode, Map<string, NameIndex>>>();

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

    private nameIndex(localSymbols: LocalSymbols, container: AstNode, referenceType: string): NameIndex {
        let byContainer = this.indexes.get(localSymbols);
        if (!byContainer) this.indexes.set(localSymbols, byContainer = new Map());
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
