import { AstUtils, interruptAndCheck, type AstNode, type LangiumDocument, type LangiumDocuments, type ServiceRegistry } from 'langium';
import { DefaultDocumentSymbolProvider, DefaultWorkspaceSymbolProvider, type LangiumSharedServices } from 'langium/lsp';
import { CancellationToken, type DocumentSymbol, type DocumentSymbolParams, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { isModel } from '../generated/ast.js';
import { journeyDeclarations } from '../references/journey-scope-computation.js';
import { pauseUnlessChanged, versionOf } from './journey-walk-pause.js';

/**
 * The outline (journey › stage › touchpoint, with personas, channels, teams, metrics), each with its
 * label as detail. Langium's walk, pausing as the other long walks do (see pauseUnlessChanged): a
 * 5 MB map's outline took seconds and could not be cancelled; a cancelled one now stops at its next
 * pause (Langium answers RequestCancelled), and a keystroke at a pause ends it with ContentModified.
 */
export class JourneyDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    override async getSymbols(document: LangiumDocument, _params: DocumentSymbolParams, cancelToken = CancellationToken.None): Promise<DocumentSymbol[]> {
        const since = versionOf(document);
        return this.symbolsOf(document, document.parseResult.value, () => pauseUnlessChanged(document, since, cancelToken));
    }

    /** Langium's getSymbol, with a pause before each node. */
    private async symbolsOf(document: LangiumDocument, node: AstNode, pause: () => Promise<void>): Promise<DocumentSymbol[]> {
        await pause();
        const nameNode = this.nameProvider.getNameNode(node);
        const children: DocumentSymbol[] = [];
        for (const child of AstUtils.streamContents(node)) children.push(...await this.symbolsOf(document, child, pause));
        if (!nameNode || !node.$cstNode) return children;
        const label = labelOf(node);
        return [{
            kind: this.nodeKindProvider.getSymbolKind(node),
            name: this.nameProvider.getName(node) || nameNode.text,
            range: node.$cstNode.range,
            selectionRange: nameNode.range,
            children: children.length > 0 ? children : undefined,
            ...(label && { detail: label })
        }];
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
