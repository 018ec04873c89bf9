// AST → DiagramModel: the grid the README's preview section describes, as plain data (stages × lanes, cards, flows, emotion curves).
// Works on documents with errors: unresolved references keep their written name, nothing throws.
import type { Journey, Model, Stage, Touchpoint } from '../language/generated/ast.js';
import {
    LANE_IDS, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel,
    type DiagramOptions, type DiagramPersona, type LaneId, type TouchpointCard
} from './types.js';
import { journeyPersonasNamed, labelOf, titleOf } from '../language/projection.js';
import { UniqueNames } from './unique-names.js';
import { applyViewOptions, emotionCurves, showsFullView, touchpointRows, UNGROUPED_ROW } from './view-options.js';
import { t, type Locale } from '../i18n/index.js';
import { laneLabel } from './words.js';
import { labelSpanOf, propertyNodes, rangeOf } from './source-spans.js';
import { partFlows, stageParts, type StagePart } from './stage-parts.js';

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
        const cards = part.touchpointCards;
        for (let i = 0; i < cards.length; i++) {
            touchpointIds.set(part.touchpoints[i], cards[i].id);
            touchpoints.push(cards[i]);
        }
    }
    const flows = flowsOf(journey, parts, touchpointIds, stageIds);
    const personas = personasOf(journey, parts);
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

/** The `next` flows between the journey's touchpoint cards, touchpoint by touchpoint. */
function flowsOf(journey: Journey, parts: readonly StagePart[], ids: Map<Touchpoint, string>, stageIds: Map<Stage, string>): DiagramFlow[] {
    const order = new Map<string, number>(journey.stages.map((s, i) => [stageIds.get(s)!, i]));
    const columnOf = (stage: Stage) => order.get(stageIds.get(stage) ?? '') ?? 0;
    const idOf = (tp: Touchpoint) => ids.get(tp);
    const flows: DiagramFlow[] = [];
    for (const part of parts) for (const flow of partFlows(part, idOf, columnOf)) flows.push(flow);
    return flows;
}

/** The journey's personas (declared in it, or resolved from its touchpoints): the curves, persona rows and the persona band. */
function personasOf(journey: Journey, parts: readonly StagePart[]): DiagramPersona[] {
    return journeyPersonasNamed(journey, parts.flatMap(part => part.personas)).filter(p => p.name).map((p, colour) => ({
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
