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
    const groupBy: GroupBy = options.groupBy ?? 'channel';
    const wanted = new Set(options.lanes ?? LANE_IDS);
    const lanes = LANE_IDS.filter(lane => wanted.has(lane));
    const persona = options.persona || undefined;

    const stages: DiagramStage[] = journey.stages.map((stage, index) => ({
        id: stage.name ?? `#${index}`,
        label: labelOf(stage, `Stage ${index + 1}`),
        ...(stage.description !== undefined && { description: stage.description }),
        index,
        range: rangeOf(stage)
    }));
    const ids = new UniqueIds();
    const cards: DiagramCard[] = [];
    const touchpointIds = new Map<Touchpoint, string>();
    const visible = (tp: Touchpoint) => persona === undefined || tp.personas.some(p => referencedName(p) === persona);
    /** The friction and opportunity cards of a stage or of a touchpoint (which they then hang from). */
    const frictionAndOpportunityCards = (owner: Stage | Touchpoint, scope: string, place: { stage: string; touchpoint?: string }) => {
        owner.frictions.forEach((f, n) =>
            cards.push({ id: ids.take(`friction:${scope}:${n}`), kind: 'friction', lane: 'frictions', row: 'frictions', ...place, text: f.text ?? '', range: rangeOf(f), ...(f.severity && { severity: f.severity }) }));
        owner.opportunities.forEach((o, n) =>
            cards.push({ id: ids.take(`opportunity:${scope}:${n}`), kind: 'opportunity', lane: 'opportunities', row: 'opportunities', ...place, text: o.text ?? '', range: rangeOf(o), ...(o.impact && { impact: o.impact }), ...(o.effort && { effort: o.effort }) }));
    };

    journey.stages.forEach((stage, stageIndex) => {
        const stageId = stages[stageIndex].id;
        const at = { stage: stageId };
        stringsOf(stage, 'goals').forEach(({ text, range }, n) =>
            cards.push({ id: ids.take(`goal:${stageId}:${n}`), kind: 'goal', lane: 'goal', row: 'goal', ...at, text, range }));
        for (const tp of stage.touchpoints) {
            if (!visible(tp)) continue;
            const card = touchpointCard(tp, stageId, groupBy, ids);
            touchpointIds.set(tp, card.id);
            cards.push(card);
            const hang = { ...at, touchpoint: card.id };
            const scope = `${stageId}/${card.name}`;
            stringsOf(tp, 'actions').forEach(({ text, range }, n) =>
                cards.push({ id: ids.take(`action:${scope}:${n}`), kind: 'action', lane: 'actions', row: 'actions', ...hang, text, range }));
            frictionAndOpportunityCards(tp, scope, hang);
            stringsOf(tp, 'backstage').forEach(({ text, range }, n) =>
                cards.push({ id: ids.take(`backstage:${scope}:${n}`), kind: 'backstage', lane: 'backstage', row: 'backstage', ...hang, text, range }));
            stringsOf(tp, 'support').forEach(({ text, range }, n) =>
                cards.push({ id: ids.take(`support:${scope}:${n}`), kind: 'support', lane: 'support', row: 'support', ...hang, text, range }));
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
            name: metric.name ?? '', text: labelOf(metric), range: rangeOf(metric),
            ...(metric.target && { target: { value: metric.target.value, percent: metric.target.percent } }),
            ...(metric.actual && { actual: { value: metric.actual.value, percent: metric.actual.percent } })
        });
    }

    const flows = flowsOf(journey, touchpointIds, stageIds);
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const personas = personasOf(journey);
    const emotions = emotionCurves(touchpoints, personas, persona);
    const byLane = groupCards(cards);
    const diagramLanes: DiagramLane[] = [];
    for (const lane of lanes) {
        const rows = lane === 'touchpoints' ? touchpointRows(touchpoints, groupBy) : [{ id: lane, label: LANE_LABELS[lane] }];
        const empty = lane === 'emotion' ? emotions.every(c => c.points.length === 0) : !byLane.has(lane);
        if (!empty) diagramLanes.push({ id: lane, label: LANE_LABELS[lane], rows });
    }
    const shown = new Set(diagramLanes.map(l => l.id));
    return {
        id: journey.name ?? '',
        title: titleOf(journey, 'Untitled journey'),
        ...(journey.state && { state: journey.state }),
        ...(journey.description !== undefined && { description: journey.description }),
        range: rangeOf(journey),
        stages,
        lanes: diagramLanes,
        // Hidden or empty lanes take their cards with them; flows live in the touchpoint lane.
        cards: cards.filter(c => shown.has(c.lane)),
        flows: shown.has('touchpoints') ? flows : [],
        emotions: shown.has('emotion') ? emotions : [],
        personas,
        options: { groupBy, lanes, ...(persona !== undefined && { persona }) }
    };
}

function touchpointCard(tp: Touchpoint, stage: string, groupBy: GroupBy, ids: UniqueIds): TouchpointCard {
    const channels: ChannelRef[] = tp.channels.map(ref => ({ ...shownReference(ref), ...(ref.ref?.medium && { medium: ref.ref.medium }) }));
    const personas: NamedRef[] = tp.personas.map(shownReference);
    // The row is the first declared channel (persona) the touchpoint names: an unresolved name has no row.
    const grouping = groupBy === 'channel' ? tp.channels : tp.personas;
    const row = grouping.find(ref => ref.ref !== undefined);
    return {
        id: ids.take(`touchpoint:${tp.name ?? ''}`), kind: 'touchpoint', lane: 'touchpoints',
        // A touchpoint on several channels (personas) sits in the row of the first one; the card lists them all.
        row: row ? referencedName(row) : UNGROUPED_ROW,
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
class UniqueIds {
    private readonly used = new Set<string>();
    take(id: string): string {
        let unique = id;
        for (let n = 2; this.used.has(unique); n++) unique = `${id}#${n}`;
        this.used.add(unique);
        return unique;
    }
}
