import { Cancellation, DefaultScopeComputation, interruptAndCheck, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';
import { isModel, type Journey, type Model } from '../generated/ast.js';

// Langium's own re-export: 'vscode-languageserver' would load the whole LSP layer into the CLI.
const { CancellationToken } = Cancellation;

/**
 * The language's scoping (the README's language tour). Top-level personas, channels and teams (and journeys, for
 * workspace symbols) are exported to the whole workspace. Inside a journey,
 * everything it declares, including the touchpoints of every stage, is visible
 * in the whole journey, so `next` can point across stages and journey-local
 * declarations shadow global ones.
 */
export class JourneyScopeComputation extends DefaultScopeComputation {

    override async collectExportedSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value;
        if (!isModel(root)) return [];
        const exported: AstNodeDescription[] = [];
        for (const node of topLevelDeclarations(root)) {
            await interruptAndCheck(cancelToken);
            this.addExportedSymbol(node, exported, document);
        }
        return exported;
    }

    override async collectLocalSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<LocalSymbols> {
        const root = document.parseResult.value;
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        if (!isModel(root)) return symbols;
        for (const node of topLevelDeclarations(root)) {
            this.addSymbolTo(root, node, document, symbols);
        }
        for (const journey of root.journeys) {
            await interruptAndCheck(cancelToken);
            for (const node of journeyDeclarations(journey)) {
                this.addSymbolTo(journey, node, document, symbols);
            }
        }
        return symbols;
    }

    private addSymbolTo(scope: AstNode, node: AstNode, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
        const name = this.nameProvider.getName(node);
        if (name) symbols.add(scope, this.descriptions.createDescription(node, name, document));
    }
}

function* topLevelDeclarations(model: Model): Iterable<AstNode> {
    yield* model.personas;
    yield* model.channels;
    yield* model.teams;
    yield* model.journeys;
}

/** Every named thing a journey declares, in one scope. */
export function* journeyDeclarations(journey: Journey): Iterable<AstNode> {
    yield* journey.personas;
    yield* journey.channels;
    yield* journey.teams;
    yield* journey.stages;
    for (const stage of journey.stages) yield* stage.touchpoints;
    yield* journey.metrics;
}
