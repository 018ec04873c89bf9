// AST → DiagramModel: the grid the README's preview section describes, as plain data (stages × lanes, cards, flows, emotion curves).
// Works on documents with errors: unresolved references keep their written name, nothing throws.
import type { Journey, Model, Stage, Touchpoint } from '../language/generated/ast.js';
import {
    LANE_IDS, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel,
    type DiagramOptions, type DiagramPersona, type LaneId, type TouchpointCard
} from './types.js';
import { journeyPersonas, labelOf, titleOf } from '../language/projection.js';
import { UniqueNames } from './unique-names.js';
import { applyViewOptions, emotionCurves, showsFullView, touchpointRows, UNGROUPED_ROW } from './view-options.js';
import { t, type Locale } from '../i18n/index.js';
import { laneLabel } from './words.js';
import { labelSpanOf, propertyNodes, rangeOf } from './source-spans.js';
import { stageParts } from './stage-parts.js';

export { laneLabel };

export { UNGROUPED_ROW };

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
    const parts = stageParts(journey, locale);
    const stages = parts.map(part => part.column);
    const cards: DiagramCard[] = [];
    for (const part of parts) for (const card of part.cards) cards.push(card);

    // A metric whose stage is not a stage of this journey has no column (the validator reports it).
    const stageIds = new Map<Stage, string>(journey.stages.map((s, i) => [s, stages[i].id]));
    // Metric ids begin `metric:`, no other card's does: the stages' parts hand out theirs apart.
    const ids = new UniqueIds();
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

    const touchpointIds = new Map<Touchpoint, string>();
    const touchpoints: TouchpointCard[] = [];
    for (const part of parts) {
        part.touchpoints.forEach((tp, i) => touchpointIds.set(tp, part.touchpointCards[i].id));
        for (const card of part.touchpointCards) touchpoints.push(card);
    }
    const flows = flowsOf(journey, touchpointIds, stageIds);
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

/** Ids stay unique even in a document with duplicate names (the validator reports those). */
class UniqueIds extends UniqueNames {
    constructor() { super((id, n) => `${id}#${n}`); }
}
