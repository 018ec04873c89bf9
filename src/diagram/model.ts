// AST → DiagramModel: the grid the README's preview section describes, as plain data (stages × lanes, cards, flows, emotion curves).
// Works on documents with errors: unresolved references keep their written name, nothing throws.
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type { Journey, Model, Stage, Touchpoint } from '../language/generated/ast.js';
import {
    LANE_IDS, type ChannelRef, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel,
    type DiagramOptions, type DiagramPersona, type DiagramStage, type LaneId,
    type LiteralSpan, type NamedRef, type SourceRange, type TouchpointCard
} from './types.js';
import { journeyPersonas, labelOf, shownReference, titleOf } from '../language/projection.js';
import { UniqueNames } from './unique-names.js';
import { applyViewOptions, emotionCurves, showsFullView, touchpointRows, UNGROUPED_ROW } from './view-options.js';
import { personaEmotions, sharedEmotion } from '../language/emotions.js';
import { t, type Locale } from '../i18n/index.js';
import { laneLabel } from './words.js';

export { laneLabel };

export { UNGROUPED_ROW };

const EMPTY_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** One diagram model per journey of the document, in file order. */
export function buildDiagramModels(model: Model, options: DiagramOptions = {}): DiagramModel[] {
    return model.journeys.map(journey => buildJourneyModel(journey, options));
}

/**
 * The journey as `options` show it: the full model through applyViewOptions (as the preview's
 * worker does). Options that show the full view (the preview's request, a plain render) take the
 * full model as it is: applying them gives the same model again, and at 10,000 touchpoints that
 * second pass was a quarter of building it (test/diagram/options.test.ts checks the sameness).
 */
export function buildJourneyModel(journey: Journey, options: DiagramOptions = {}): DiagramModel {
    const full = buildFullJourneyModel(journey, options.locale);
    return showsFullView(options) ? full : applyViewOptions(full, options);
}

/** Every card of every lane, touchpoint rows by channel, no persona filter; fixed words in `locale`. */
function buildFullJourneyModel(journey: Journey, locale: Locale | undefined): DiagramModel {

    // The CST nodes of each stage's properties, found in one walk: the goals' ranges and the label's literal.
    const stageNodes = journey.stages.map(propertyNodes);
    const stages: DiagramStage[] = journey.stages.map((stage, index) => ({
        id: stage.name ?? `#${index}`,
        label: labelOf(stage, t(locale, 'map.untitledStage', { n: index + 1 })),
        ...(stage.description !== undefined && { description: stage.description }),
        index,
        range: rangeOf(stage),
        ...labelSpanOf(stage, stageNodes[index], 'labelSpan')
    }));
    const ids = new UniqueIds();
    const cards: DiagramCard[] = [];
    const touchpointIds = new Map<Touchpoint, string>();
    let evidenceNotes = 0;
    /** The friction and opportunity cards of a stage or of a touchpoint (which they then hang from). */
    const frictionAndOpportunityCards = (owner: Stage | Touchpoint, scope: string, place: { stage: string; touchpoint?: string; touchpointLabel?: string }) => {
        owner.frictions.forEach((f, n) =>
            cards.push({ id: ids.take(`friction:${scope}:${n}`), kind: 'friction', lane: 'frictions', row: 'frictions', ...place, text: f.text ?? '', range: rangeOf(f), ...textSpanOf(f), ...(f.severity && { severity: f.severity }) }));
        owner.opportunities.forEach((o, n) =>
            cards.push({ id: ids.take(`opportunity:${scope}:${n}`), kind: 'opportunity', lane: 'opportunities', row: 'opportunities', ...place, text: o.text ?? '', range: rangeOf(o), ...textSpanOf(o), ...(o.impact && { impact: o.impact }), ...(o.effort && { effort: o.effort }) }));
    };

    journey.stages.forEach((stage, stageIndex) => {
        const stageId = stages[stageIndex].id;
        const at = { stage: stageId };
        stringsOf(stage, 'goals', stageNodes[stageIndex]).forEach(({ text, range, span }, n) =>
            cards.push({ id: ids.take(`goal:${stageId}:${n}`), kind: 'goal', lane: 'goal', row: 'goal', ...at, text, range, ...span }));
        for (const tp of stage.touchpoints) {
            const nodes = propertyNodes(tp);
            const card = touchpointCard(tp, stageId, ids, nodes);
            if (card.evidence.length > 0) card.evidenceNote = ++evidenceNotes;
            touchpointIds.set(tp, card.id);
            cards.push(card);
            const hang = { ...at, touchpoint: card.id };
            const frictionPlace = { ...hang, touchpointLabel: card.text };
            const scope = `${stageId}/${card.name}`;
            stringsOf(tp, 'actions', nodes).forEach(({ text, range, span }, n) =>
                cards.push({ id: ids.take(`action:${scope}:${n}`), kind: 'action', lane: 'actions', row: 'actions', ...hang, text, range, ...span }));
            frictionAndOpportunityCards(tp, scope, frictionPlace);
            stringsOf(tp, 'backstage', nodes).forEach(({ text, range, span }, n) =>
                cards.push({ id: ids.take(`backstage:${scope}:${n}`), kind: 'backstage', lane: 'backstage', row: 'backstage', ...hang, text, range, ...span }));
            stringsOf(tp, 'support', nodes).forEach(({ text, range, span }, n) =>
                cards.push({ id: ids.take(`support:${scope}:${n}`), kind: 'support', lane: 'support', row: 'support', ...hang, text, range, ...span }));
        }
        frictionAndOpportunityCards(stage, stageId, at);
    });

    // A metric whose stage is not a stage of this journey has no column (the validator reports it).
    const stageIds = new Map<Stage, string>(journey.stages.map((s, i) => [s, stages[i].id]));
    for (const metric of journey.metrics) {
        const stageId = metric.stage?.ref && stageIds.get(metric.stage.ref);
        if (!stageId) continue;
        cards.push({
            id: ids.take(`metric:${metric.name ?? ''}`), kind: 'metric', lane: 'metrics', row: 'metrics', stage: stageId,
            name: metric.name ?? '', text: labelOf(metric), range: rangeOf(metric), ...labelSpanOf(metric, propertyNodes(metric), 'textSpan'),
            ...(metric.target && { target: { value: metric.target.value, percent: metric.target.percent } }),
            ...(metric.actual && { actual: { value: metric.actual.value, percent: metric.actual.percent } }),
            direction: metric.direction === '<=' ? 'lower' : 'higher',
            ...(metric.unit && { unit: metric.unit })
        });
    }

    const flows = flowsOf(journey, touchpointIds, stageIds);
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const personas = personasOf(journey);
    const counts = { stages: stages.length, touchpoints: touchpoints.length };
    const emotions = emotionCurves(touchpoints, personas, undefined);
    const byLane = groupCards(cards);
    const diagramLanes: DiagramLane[] = [];
    for (const lane of LANE_IDS) {
        const rows = lane === 'touchpoints' ? touchpointRows(touchpoints, 'channel', locale) : [{ id: lane, label: laneLabel(lane, locale) }];
        const empty = lane === 'emotion' ? emotions.every(c => c.points.length === 0)
            // The band sits over the stage columns: without a stage there is no room for it.
            : lane === 'personas' ? personas.length === 0 || stages.length === 0 : !byLane.has(lane);
        if (!empty) diagramLanes.push({ id: lane, label: laneLabel(lane, locale), rows });
    }
    return {
        id: journey.name ?? '',
        title: titleOf(journey, t(locale, 'map.untitledJourney')),
        ...(journey.state && { state: journey.state }),
        ...(journey.description !== undefined && { description: journey.description }),
        range: rangeOf(journey),
        stages,
        lanes: diagramLanes,
        cards,
        flows,
        emotions,
        personas,
        counts,
        options: { groupBy: 'channel', lanes: [...LANE_IDS], ...(locale && { locale }) }
    };
}

function touchpointCard(tp: Touchpoint, stage: string, ids: UniqueIds, nodes: Map<string, CstNode[]>): TouchpointCard {
    const channels: ChannelRef[] = tp.channels.map(ref => ({
        ...shownReference(ref), ...(ref.ref?.medium && { medium: ref.ref.medium })
    }));
    const personas: NamedRef[] = tp.personas.map(shownReference);
    return {
        id: ids.take(`touchpoint:${tp.name ?? ''}`), kind: 'touchpoint', lane: 'touchpoints',
        // A touchpoint on several channels (personas) sits in the row of the first one; the card lists them all.
        row: channels[0]?.id ?? UNGROUPED_ROW,
        stage, name: tp.name ?? '', text: labelOf(tp), range: rangeOf(tp), ...labelSpanOf(tp, nodes, 'textSpan'),
        ...(tp.kind && { touchpointKind: tp.kind }),
        channels, personas,
        ...(tp.owner && { owner: shownReference(tp.owner) }),
        ...optionalEmotion(tp),
        ...(tp.description !== undefined && { description: tp.description }),
        evidence: [...tp.evidence]
    };
}

/** The shared emotion and the per-persona ones (`emotion Karim -2`, by persona id), when written. */
function optionalEmotion(tp: Touchpoint): { emotion?: number; emotions?: Record<string, number> } {
    const emotion = sharedEmotion(tp);
    const emotions = personaEmotions(tp);
    return { ...(emotion !== undefined && { emotion }), ...(emotions && { emotions }) };
}

function flowsOf(journey: Journey, ids: Map<Touchpoint, string>, stageIds: Map<Stage, string>): DiagramFlow[] {
    const order = new Map<string, number>(journey.stages.map((s, i) => [stageIds.get(s)!, i]));
    const flows: DiagramFlow[] = [];
    const seen = new Set<string>();
    for (const [tp, source] of ids) {
        for (const ref of tp.next) {
            const target = ref.ref && ids.get(ref.ref);
            if (!target) continue; // unresolved
            const id = `flow:${source}->${target}`;
            if (seen.has(id)) continue;
            seen.add(id);
            const from = order.get(stageIds.get(tp.$container) ?? '') ?? 0;
            const to = order.get(stageIds.get(ref.ref!.$container) ?? '') ?? 0;
            flows.push({ id, source, target, backwards: to < from });
        }
    }
    return flows;
}

/** Personas of the journey: its own declarations, then the workspace ones its touchpoints name. */
/** The journey's personas (declared in it, or resolved from its touchpoints): the curves, persona rows and the persona band. */
function personasOf(journey: Journey): DiagramPersona[] {
    return journeyPersonas(journey).filter(p => p.name).map((p, colour) => ({
        id: p.name, label: labelOf(p),
        ...(p.segment !== undefined && { segment: p.segment }),
        ...(p.description !== undefined && { description: p.description }),
        goals: [...p.goals], frustrations: [...p.frustrations],
        colour
    }));
}

function groupCards(cards: DiagramCard[]): Map<LaneId, DiagramCard[]> {
    const map = new Map<LaneId, DiagramCard[]>();
    for (const card of cards) {
        const list = map.get(card.lane);
        if (list) list.push(card); else map.set(card.lane, [card]);
    }
    return map;
}

function rangeOf(node: AstNode): SourceRange {
    return copyRange(node.$cstNode?.range);
}

function copyRange(range: SourceRange | undefined): SourceRange {
    if (!range) return EMPTY_RANGE;
    return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

/**
 * The repeated string properties (goals, actions, ...) with the range of each entry,
 * from its keyword (`goal`, `action`, ...) to the end of the string, and its literal's span.
 */
function stringsOf<N extends AstNode>(node: N, property: keyof N & string, nodes: Map<string, CstNode[]>): { text: string; range: SourceRange; span?: { textSpan: LiteralSpan } }[] {
    const values = node[property] as unknown as string[];
    const cst = nodes.get(property) ?? [];
    return values.map((text, i) => {
        const value = cst[i];
        if (!value) return { text, range: EMPTY_RANGE };
        const siblings = value.container?.content ?? [];
        let k = siblings.indexOf(value) - 1;
        while (k >= 0 && siblings[k].hidden) k--;
        const keyword = k >= 0 && GrammarAST.isKeyword(siblings[k].grammarSource) ? siblings[k] : undefined;
        const textSpan = literalSpan(value);
        return { text, range: copyRange({ start: (keyword ?? value).range.start, end: value.range.end }), ...(textSpan && { span: { textSpan } }) };
    });
}

/** `{ [key]: span }` of a label written as a non-empty literal (an empty one draws the name, which no keystroke in it echoes). */
function labelSpanOf<K extends string>(node: { label?: string }, nodes: Map<string, CstNode[]>, key: K): { [k in K]?: LiteralSpan } {
    const span = node.label ? literalSpan(nodes.get('label')?.[0]) : undefined;
    return span ? { [key]: span } as { [k in K]: LiteralSpan } : {};
}

/** `{ textSpan }` of a friction's or opportunity's `text` literal. */
function textSpanOf(node: AstNode): { textSpan?: LiteralSpan } {
    const span = literalSpan(propertyNodes(node).get('text')?.[0]);
    return span ? { textSpan: span } : {};
}

/** The content of a closed, one-line string literal (inside its quotes). */
function literalSpan(value: CstNode | undefined): LiteralSpan | undefined {
    if (!value) return undefined;
    const { text, range } = value;
    const quote = text[0];
    if ((quote !== '"' && quote !== "'") || text.length < 2 || text[text.length - 1] !== quote || range.start.line !== range.end.line) return undefined;
    // `"a\"` is closed, `"a\"` without its last quote is not: an odd run of backslashes escapes the last quote.
    let backslashes = 0;
    while (text[text.length - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) return undefined;
    return { line: range.start.line, start: range.start.character + 1, end: range.end.character - 1, quote };
}

/**
 * The CST nodes of a node's own property values by property, as GrammarUtils.findNodesForProperty
 * finds them, in one walk, with each grammar element's assignment looked up once: Langium's walks
 * up the grammar for every CST node, which made building the models cost as much as parsing (half
 * of it at 1,000 touchpoints).
 */
function propertyNodes(node: AstNode): Map<string, CstNode[]> {
    const found = new Map<string, CstNode[]>();
    const visit = (cst: CstNode, first: boolean) => {
        const feature = first ? undefined : assignedFeature(cst.grammarSource);
        if (feature !== undefined) {
            const list = found.get(feature);
            if (list) list.push(cst); else found.set(feature, [cst]);
        } else if (isCompositeCstNode(cst) && cst.astNode === node) {
            for (const child of cst.content) visit(child, false);
        }
    };
    if (node.$cstNode) visit(node.$cstNode, true);
    return found;
}

/** Grammar element → the feature of the assignment it is in (the grammar never changes). */
const ASSIGNED_FEATURES = new WeakMap<AstNode, string | null>();

function assignedFeature(element: AstNode | undefined): string | undefined {
    if (!element) return undefined;
    let feature = ASSIGNED_FEATURES.get(element);
    if (feature === undefined) {
        feature = AstUtils.getContainerOfType(element, GrammarAST.isAssignment)?.feature ?? null;
        ASSIGNED_FEATURES.set(element, feature);
    }
    return feature ?? undefined;
}

/** Ids stay unique even in a document with duplicate names (the validator reports those). */
class UniqueIds extends UniqueNames {
    constructor() { super((id, n) => `${id}#${n}`); }
}
