// AST → DiagramModel: the grid the README's preview section describes, as plain data (stages × lanes, cards, flows, emotion curves).
// Works on documents with errors: nothing throws. Labels, references and the journey's personas
// come from the shared projection (src/language/projection.ts), as the export model's do: an
// unresolved name stays written on its touchpoint card but is no persona of the journey (no
// curve, no legend entry, no row of the touchpoint lane).
import { GrammarAST, GrammarUtils, type AstNode } from 'langium';
import type { Journey, Model, Stage, Touchpoint } from '../language/generated/ast.js';
import {
    LANE_IDS, type ChannelRef, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel,
    type DiagramOptions, type DiagramRow, type DiagramStage, type EmotionCurve, type GroupBy, type LaneId,
    type NamedRef, type SourceRange, type TouchpointCard
} from './types.js';
import { journeyPersonas, labelOf, referencedName, shownReference, titleOf } from '../language/projection.js';
import { UniqueNames } from './unique-names.js';

export const LANE_LABELS: Record<LaneId, string> = {
    goal: 'Customer goal',
    actions: 'Customer actions',
    touchpoints: 'Touchpoints',
    emotion: 'Emotion',
    frictions: 'Frictions',
    opportunities: 'Opportunities',
    backstage: 'Backstage',
    support: 'Support',
    metrics: 'Metrics'
};

/** Row id of touchpoints that name no channel (or no persona when grouped by persona). */
export const UNGROUPED_ROW = '∅';

const EMPTY_RANGE: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** One diagram model per journey of the document, in file order. */
export function buildDiagramModels(model: Model, options: DiagramOptions = {}): DiagramModel[] {
    return model.journeys.map(journey => buildJourneyModel(journey, options));
}

export function buildJourneyModel(journey: Journey, options: DiagramOptions = {}): DiagramModel {
    const view = viewOf(options);
    const stages = stageColumns(journey);
    const stageIds = new Map<Stage, string>(journey.stages.map((s, i) => [s, stages[i].id]));
    const personas = personasOf(journey);
    const { cards, touchpointIds } = journeyCards(journey, stageIds, view, personas);
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const emotions = emotionCurves(touchpoints, personas, view.persona);
    const lanes = shownLanes(view, cards, touchpoints, emotions);
    const shown = new Set(lanes.map(l => l.id));
    return {
        id: journey.name ?? '',
        title: titleOf(journey, 'Untitled journey'),
        ...(journey.state && { state: journey.state }),
        ...(journey.description !== undefined && { description: journey.description }),
        range: rangeOf(journey),
        stages,
        lanes,
        // Hidden or empty lanes take their cards with them; flows live in the touchpoint lane.
        cards: cards.filter(c => shown.has(c.lane)),
        flows: shown.has('touchpoints') ? flowsOf(journey, touchpointIds, stageIds) : [],
        emotions: shown.has('emotion') ? emotions : [],
        personas,
        options: { groupBy: view.groupBy, lanes: view.lanes, ...(view.persona !== undefined && { persona: view.persona }) }
    };
}

/** The options with their defaults filled in. */
interface View { groupBy: GroupBy; lanes: LaneId[]; persona?: string }

function viewOf(options: DiagramOptions): View {
    const wanted = new Set(options.lanes ?? LANE_IDS);
    return { groupBy: options.groupBy ?? 'channel', lanes: LANE_IDS.filter(lane => wanted.has(lane)), persona: options.persona || undefined };
}

/** One column per stage, in file order; a stage still being typed gets a positional id and label. */
function stageColumns(journey: Journey): DiagramStage[] {
    return journey.stages.map((stage, index) => ({
        id: stage.name ?? `#${index}`,
        label: labelOf(stage, `Stage ${index + 1}`),
        ...(stage.description !== undefined && { description: stage.description }),
        index,
        range: rangeOf(stage)
    }));
}

/**
 * Every card of the journey in drawing order: per stage its goals, then each touchpoint the
 * persona filter keeps with the cards that hang on it, then the stage's own frictions and
 * opportunities; the metrics last.
 */
function journeyCards(journey: Journey, stageIds: Map<Stage, string>, view: View, personas: NamedRef[]): { cards: DiagramCard[]; touchpointIds: Map<Touchpoint, string> } {
    const cards = new CardList();
    const touchpointIds = new Map<Touchpoint, string>();
    const visible = (tp: Touchpoint) => view.persona === undefined || tp.personas.some(p => referencedName(p) === view.persona);
    const journeyPersonaIds = new Set(personas.map(p => p.id));
    for (const stage of journey.stages) {
        const at = { stage: stageIds.get(stage)! };
        cards.texts(stage, 'goals', 'goal', `${at.stage}`, at);
        for (const tp of stage.touchpoints.filter(visible)) {
            const card = touchpointCard(tp, at.stage, cards.ids);
            card.row = rowOf(card, view.groupBy, journeyPersonaIds);
            touchpointIds.set(tp, card.id);
            cards.push(card);
            const hang = { ...at, touchpoint: card.id };
            const scope = `${at.stage}/${card.name}`;
            cards.texts(tp, 'actions', 'action', scope, hang);
            cards.frictionsAndOpportunities(tp, scope, hang);
            cards.texts(tp, 'backstage', 'backstage', scope, hang);
            cards.texts(tp, 'support', 'support', scope, hang);
        }
        cards.frictionsAndOpportunities(stage, at.stage, at);
    }
    metricCards(journey, stageIds, cards);
    return { cards: cards.all, touchpointIds };
}

/** The metric cards, in the column of their stage; one whose stage is not of this journey has none (the validator reports it). */
function metricCards(journey: Journey, stageIds: Map<Stage, string>, cards: CardList): void {
    for (const metric of journey.metrics) {
        const stageId = metric.stage?.ref && stageIds.get(metric.stage.ref);
        if (!stageId) continue;
        cards.push({
            id: cards.ids.take(`metric:${metric.name ?? ''}`), kind: 'metric', lane: 'metrics', row: 'metrics', stage: stageId,
            name: metric.name ?? '', text: labelOf(metric), range: rangeOf(metric),
            ...(metric.target && { target: { value: metric.target.value, percent: metric.target.percent } }),
            ...(metric.actual && { actual: { value: metric.actual.value, percent: metric.actual.percent } })
        });
    }
}

/** The lanes the options show and that have something to draw, in LANE_IDS order. */
function shownLanes(view: View, cards: DiagramCard[], touchpoints: TouchpointCard[], emotions: EmotionCurve[]): DiagramLane[] {
    const byLane = groupCards(cards);
    const lanes: DiagramLane[] = [];
    for (const lane of view.lanes) {
        const rows = lane === 'touchpoints' ? touchpointRows(touchpoints, view.groupBy) : [{ id: lane, label: LANE_LABELS[lane] }];
        const empty = lane === 'emotion' ? emotions.every(c => c.points.length === 0) : !byLane.has(lane);
        if (!empty) lanes.push({ id: lane, label: LANE_LABELS[lane], rows });
    }
    return lanes;
}

/** The cards of a journey as they are made, with ids kept unique. */
class CardList {
    readonly ids = new UniqueIds();
    readonly all: DiagramCard[] = [];

    push(card: DiagramCard): void {
        this.all.push(card);
    }

    /** One card per string of a repeated property (goals, actions, backstage, support). */
    texts<N extends AstNode>(node: N, property: keyof N & string, kind: 'goal' | 'action' | 'backstage' | 'support', scope: string, place: { stage: string; touchpoint?: string }): void {
        const lane = kind === 'goal' ? 'goal' : kind === 'action' ? 'actions' : kind;
        stringsOf(node, property).forEach(({ text, range }, n) =>
            this.all.push({ id: this.ids.take(`${kind}:${scope}:${n}`), kind, lane, row: lane, ...place, text, range }));
    }

    /** The friction and opportunity cards of a stage or of a touchpoint (which they then hang from). */
    frictionsAndOpportunities(owner: Stage | Touchpoint, scope: string, place: { stage: string; touchpoint?: string }): void {
        owner.frictions.forEach((f, n) =>
            this.all.push({ id: this.ids.take(`friction:${scope}:${n}`), kind: 'friction', lane: 'frictions', row: 'frictions', ...place, text: f.text ?? '', range: rangeOf(f), ...(f.severity && { severity: f.severity }) }));
        owner.opportunities.forEach((o, n) =>
            this.all.push({ id: this.ids.take(`opportunity:${scope}:${n}`), kind: 'opportunity', lane: 'opportunities', row: 'opportunities', ...place, text: o.text ?? '', range: rangeOf(o), ...(o.impact && { impact: o.impact }), ...(o.effort && { effort: o.effort }) }));
    }
}

/**
 * The touchpoint lane row of a card: its first channel, or its first persona of the journey
 * when grouped by persona (an unresolved name is no persona: it has no row).
 */
function rowOf(card: TouchpointCard, groupBy: GroupBy, journeyPersonas: ReadonlySet<string>): string {
    const named = groupBy === 'channel' ? card.channels[0] : card.personas.find(p => journeyPersonas.has(p.id));
    return named?.id ?? UNGROUPED_ROW;
}

function touchpointCard(tp: Touchpoint, stage: string, ids: UniqueIds): TouchpointCard {
    const channels: ChannelRef[] = tp.channels.map(ref => ({ ...shownReference(ref), ...(ref.ref?.medium && { medium: ref.ref.medium }) }));
    const personas: NamedRef[] = tp.personas.map(shownReference);
    return {
        id: ids.take(`touchpoint:${tp.name ?? ''}`), kind: 'touchpoint', lane: 'touchpoints',
        // A touchpoint on several channels (personas) sits in the row of the first one (rowOf); the card lists them all.
        row: UNGROUPED_ROW,
        stage, name: tp.name ?? '', text: labelOf(tp), range: rangeOf(tp),
        ...(tp.kind && { touchpointKind: tp.kind }),
        channels, personas,
        ...(tp.owner && { owner: shownReference(tp.owner) }),
        ...(tp.emotion !== undefined && { emotion: tp.emotion }),
        ...(tp.description !== undefined && { description: tp.description }),
        evidence: [...tp.evidence]
    };
}

/** Rows of the touchpoint lane: one per channel (or persona) in order of first use; ungrouped last. */
function touchpointRows(touchpoints: TouchpointCard[], groupBy: GroupBy): DiagramRow[] {
    const rows = new Map<string, DiagramRow>();
    for (const tp of touchpoints) {
        if (tp.row === UNGROUPED_ROW || rows.has(tp.row)) continue;
        const channel = tp.channels.find(c => c.id === tp.row);
        const named = channel ?? tp.personas.find(p => p.id === tp.row);
        rows.set(tp.row, { id: tp.row, label: named?.label ?? tp.row, ...(channel?.medium && { medium: channel.medium }) });
    }
    const ordered = [...rows.values()];
    if (touchpoints.some(tp => tp.row === UNGROUPED_ROW)) ordered.push({ id: UNGROUPED_ROW, label: groupBy === 'channel' ? 'No channel' : 'No persona' });
    return ordered;
}

function flowsOf(journey: Journey, ids: Map<Touchpoint, string>, stageIds: Map<Stage, string>): DiagramFlow[] {
    const order = new Map<string, number>(journey.stages.map((s, i) => [stageIds.get(s)!, i]));
    const flows: DiagramFlow[] = [];
    const seen = new Set<string>();
    for (const [tp, source] of ids) {
        for (const ref of tp.next) {
            const target = ref.ref && ids.get(ref.ref);
            if (!target) continue; // unresolved, or filtered out by the persona filter
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

/** Personas of the journey as the projection gives them; one still being typed (no name yet) has nothing to draw. */
function personasOf(journey: Journey): NamedRef[] {
    return journeyPersonas(journey).filter(p => p.name).map(p => ({ id: p.name, label: labelOf(p) }));
}

/** One curve per persona (the filtered one only); touchpoints naming no persona of the journey form one more curve. */
function emotionCurves(touchpoints: TouchpointCard[], personas: NamedRef[], filter: string | undefined): EmotionCurve[] {
    const curves: EmotionCurve[] = [];
    for (const persona of personas) {
        if (filter !== undefined && persona.id !== filter) continue;
        const points = touchpoints.filter(tp => tp.emotion !== undefined && tp.personas.some(p => p.id === persona.id))
            .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
        if (points.length > 0) curves.push({ persona, points });
    }
    const known = new Set(personas.map(p => p.id));
    const anonymous = touchpoints.filter(tp => tp.emotion !== undefined && !tp.personas.some(p => known.has(p.id)))
        .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
    if (anonymous.length > 0) curves.push({ points: anonymous });
    return curves;
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
 * from its keyword (`goal`, `action`, ...) to the end of the string.
 */
function stringsOf<N extends AstNode>(node: N, property: keyof N & string): { text: string; range: SourceRange }[] {
    const values = node[property] as unknown as string[];
    const cst = GrammarUtils.findNodesForProperty(node.$cstNode, property);
    return values.map((text, i) => {
        const value = cst[i];
        if (!value) return { text, range: EMPTY_RANGE };
        const siblings = value.container?.content ?? [];
        let k = siblings.indexOf(value) - 1;
        while (k >= 0 && siblings[k].hidden) k--;
        const keyword = k >= 0 && GrammarAST.isKeyword(siblings[k].grammarSource) ? siblings[k] : undefined;
        return { text, range: copyRange({ start: (keyword ?? value).range.start, end: value.range.end }) };
    });
}

/** Ids stay unique even in a document with duplicate names (the validator reports those). */
class UniqueIds extends UniqueNames {
    constructor() { super((id, n) => `${id}#${n}`); }
}
