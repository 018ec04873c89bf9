import { interruptAndCheck, type AstNode, type CstNode, type LangiumDocument, type LangiumDocuments, type ServiceRegistry } from 'langium';
import { DefaultDocumentSymbolProvider, DefaultWorkspaceSymbolProvider, type LangiumSharedServices } from 'langium/lsp';
import { CancellationToken, type DocumentSymbol, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { isModel } from '../generated/ast.js';
import { journeyDeclarations } from '../references/journey-scope-computation.js';

/** The outline (journey › stage › touchpoint, with personas, channels, teams, metrics), each with its label as detail. */
export class JourneyDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override createSymbol(document: LangiumDocument, node: AstNode, cst: CstNode, nameNode: CstNode, name?: string): DocumentSymbol {
        const symbol = super.createSymbol(document, node, cst, nameNode, name);
        const label = labelOf(node);
        return label ? { ...symbol, detail: label } : symbol;
    }
}

/**
 * Workspace symbols: the index holds only what is visible across files
 * (top-level personas, channels, teams, journeys); stages, touchpoints, metrics
 * and journey-local declarations are added from each journey, with the journey
 * as container.
 */
export class JourneyWorkspaceSymbolProvider extends DefaultWorkspaceSymbolProvider {
    private readonly documents: LangiumDocuments;
    private readonly registry: ServiceRegistry;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.documents = services.workspace.LangiumDocuments;
        this.registry = services.ServiceRegistry;
    }

    override async getSymbols(params: WorkspaceSymbolParams, cancelToken = CancellationToken.None): Promise<WorkspaceSymbol[]> {
        const symbols = await super.getSymbols(params, cancelToken);
        const query = params.query.toLowerCase();
        for (const document of this.documents.all) {
            await interruptAndCheck(cancelToken);
            const root = document.parseResult.value;
            if (!isModel(root)) continue;
            const names = this.registry.getServices(document.uri).references.NameProvider;
            for (const journey of root.journeys) {
                for (const node of journeyDeclarations(journey)) {
                    const name = names.getName(node);
                    if (!name || !this.fuzzyMatcher.match(query, name)) continue;
                    const nameNode = names.getNameNode(node);
                    if (!nameNode) continue;
                    symbols.push({
                        name,
                        kind: this.nodeKindProvider.getSymbolKind(node),
                        containerName: journey.name,
                        location: { uri: document.uri.toString(), range: nameNode.range }
                    });
                }
            }
        }
        return symbols;
    }
}

function labelOf(node: AstNode): string | undefined {
    const record = node as { label?: unknown; title?: unknown };
    const label = record.label ?? record.title;
    return typeof label === 'string' && label.length > 0 ? label : undefined;
}
