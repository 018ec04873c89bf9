// The comparison's side of the language server: lists the workspace's journeys and draws
// the comparison of two of them from their last parsed ASTs (even with errors in the text).
// Registered by one call in start.ts.
import { DocumentState, GrammarUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { comparisonSvg, compareJourneys, type ComparedJourney } from '../compare/index.js';
import { sourceKey } from '../compare/svg.js';
import { exportModel } from '../export/model.js';
import type { Model } from '../language/generated/ast.js';
import type { JourneyServiceSet } from '../language/journey-module.js';
import {
    CompareRequest, JourneysRequest, type CompareParams, type CompareResult, type JourneyEntry, type JourneyPick, type SourceRange
} from '../common/compare-protocol.js';

export function registerCompareHandler(connection: Connection, { shared, Journey }: JourneyServiceSet): void {
    const builder = shared.workspace.DocumentBuilder;
    const documents = shared.workspace.LangiumDocuments;
    connection.onRequest(JourneysRequest.method, async (): Promise<JourneyEntry[]> => {
        await shared.workspace.WorkspaceManager.ready;
        return documents.all.toArray().flatMap(document => exportModel((document as LangiumDocument<Model>).parseResult.value).journeys
            .map(j => ({ uri: document.uri.toString(), id: j.id, label: j.label, ...(j.state && { state: j.state }) })))
            // current ones first, then ideal ones, then the rest, each by label: the quick pick's order
            .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
    });
    connection.onRequest(CompareRequest.method, async (params: CompareParams, token): Promise<CompareResult> => {
        const side = async (pick: JourneyPick): Promise<{ compared: ComparedJourney; sources: Record<string, SourceRange> }> => {
            const uri = URI.parse(pick.uri);
            await builder.waitUntil(DocumentState.Linked, uri, token);
            const model = documents.getDocument(uri)!.parseResult.value as Model;
            const journey = exportModel(model).journeys.find(j => j.id === pick.id);
            const compared = { ref: { file: uri.path.split('/').pop() ?? pick.uri, journey: pick.id }, ...(journey && { journey }) };
            return { compared, sources: sourcesOf(model, pick.id) };
        };
        const from = await side(params.from), to = await side(params.to);
        const comparison = compareJourneys(from.compared, to.compared);
        // The picture speaks the newer map's language (its journey.config.json "locale"), as `journey compare` does.
        const locale = Journey.config.RuleSeverities.resolve(URI.parse(params.to.uri)).locale;
        const picture = comparisonSvg(from.compared, to.compared, comparison, { theme: 'vscode', ...(locale && { locale }) });
        return { svg: picture.svg, title: picture.title, changes: comparison.changes.length, sources: { from: from.sources, to: to.sources } };
    });
}

/** Where the journey's stages, touchpoints and metrics are named, by their picture key. */
function sourcesOf(model: Model, journeyId: string): Record<string, SourceRange> {
    const journey = model.journeys.find(j => j.name === journeyId);
    if (!journey) return {};
    const sources: Record<string, SourceRange> = {};
    const add = (element: 'stage' | 'touchpoint' | 'metric', node: AstNode & { name?: string }) => {
        const range = (node.$cstNode && GrammarUtils.findNodeForProperty(node.$cstNode, 'name'))?.range ?? node.$cstNode?.range;
        if (node.name && range && !(sourceKey(element, node.name) in sources)) sources[sourceKey(element, node.name)] = range;
    };
    for (const stage of journey.stages) {
        add('stage', stage);
        for (const touchpoint of stage.touchpoints) add('touchpoint', touchpoint);
    }
    for (const metric of journey.metrics) add('metric', metric);
    return sources;
}

function rank(entry: JourneyEntry): number {
    return entry.state === 'current' ? 0 : entry.state === 'ideal' ? 1 : 2;
}
