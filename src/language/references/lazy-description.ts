// A declaration's description (Langium's `AstNodeDescription`) whose source segments and path are
// found when first read. Langium's `createDescription` finds all three at once, for every stage,
// touchpoint and metric, while few are ever read (go to definition, a duplicate name, the
// reference index): at 10,000 touchpoints they were a fifth of computing the map's scopes, and
// about 5% of lint's time on a large workspace. Used for the scopes' local symbols
// (journey-scope-computation.ts) and, in one-shot commands, for the exported ones too
// (src/cli/workspace.ts). A class rather than an object literal with getters: V8 gives each such
// literal its own accessors and closures.
import { CstUtils, type AstNode, type AstNodeDescription, type AstNodeLocator, type DocumentSegment, type NameProvider, type URI } from 'langium';

export class LazyDescription implements AstNodeDescription {
    readonly type: string;
    private foundSelection?: DocumentSegment;
    private foundName?: DocumentSegment;
    private foundPath?: string;

    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly names: NameProvider,
        private readonly locator: AstNodeLocator
    ) {
        this.type = node.$type;
    }

    get selectionSegment(): DocumentSegment | undefined {
        return this.foundSelection ??= CstUtils.toDocumentSegment(this.node.$cstNode);
    }

    get nameSegment(): DocumentSegment | undefined {
        return this.foundName ??= CstUtils.toDocumentSegment(this.names.getNameNode(this.node) ?? this.node.$cstNode);
    }

    get path(): string {
        return this.foundPath ??= this.locator.getAstNodePath(this.node);
    }
}
