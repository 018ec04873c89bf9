import {
    Cancellation, DefaultScopeComputation, interruptAndCheck, MultiMap,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type LocalSymbols
} from 'langium';
import { isModel, type Journey, type Model } from '../generated/ast.js';
import { LazyDescription } from './lazy-description.js';
import { journeyBodiesBlanked } from '../journey-bodies.js';

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
    constructor(private readonly services: LangiumCoreServices) {
        super(services);
    }

    override async collectExportedSymbols(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<AstNodeDescription[]> {
        const root = document.parseResult.value;
        if (!isModel(root)) return [];
        const declaredOutsideBodies = document.parseResult.parserErrors.length > 0 ? this.declaredOutsideBodies(document) : undefined;
        const exported: AstNodeDescription[] = [];
        for (const node of topLevelDeclarations(root)) {
            await interruptAndCheck(cancelToken);
            if (declaredOutsideBodies && !declaredOutsideBodies.has(declarationKey(node))) continue;
            this.addExportedSymbol(node, exported, document);
        }
        return exported;
    }

    /**
     * What a file the parser had to recover declares outside its journeys' bodies, as the brace
     * structure delimits them: the names it exports. Recovery may move a body's entry to the top
     * level (`channel Site` out of a broken touchpoint) or end a journey early, and lint of another
     * file reads this file with its bodies blanked (src/cli/workspace.ts): exporting only what both
     * readings declare, lint of one file, of its folder, on threads and the editor see the same names.
     */
    private declaredOutsideBodies(document: LangiumDocument): Set<string> {
        const blanked = this.services.parser.LangiumParser.parse(journeyBodiesBlanked(document.textDocument.getText())).value;
        return new Set(isModel(blanked) ? [...topLevelDeclarations(blanked)].map(declarationKey) : []);
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
        if (name) symbols.add(scope, new LazyDescription(node, name, document.uri, this.nameProvider, this.services.workspace.AstNodeLocator));
    }
}

function declarationKey(node: AstNode): string {
    return `${node.$type}\u0000${(node as { name?: string }).name ?? ''}`;
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
