// AST → DiagramModel: the grid the README's preview section describes, as plain data (stages × lanes, cards, flows, emotion curves).
// Works on documents with errors: unresolved references keep their written name, nothing throws.
import { GrammarAST, GrammarUtils, type AstNode } from 'langium';
import type { Journey, Model, Persona, Stage, Touchpoint } from '../language/generated/ast.js';
import {
    LANE_IDS, type ChannelRef, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel,
    type DiagramOptions, type DiagramPersona, type DiagramRow, type DiagramStage, type EmotionCurve, type GroupBy, type LaneId,
    type NamedRef, type SourceRange, type TouchpointCard
} from './types.js';
import { referencedName } from '../language/references/referenced-name.js';
import { UniqueNames } from './unique-names.js';
import { personaEmotions, sharedEmotion } from '../language/emotions.js';

export const LANE_LABELS: Record<LaneId, string> = {
    personas: 'Personas',
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
        label: stage.label || stage.name || `Stage ${index + 1}`,
        ...(stage.description !== undefined && { description: stage.description }),
        index,
        range: rangeOf(stage)
    }));
    const ids = new UniqueIds();
    const cards: DiagramCard[] = [];
    const touchpointIds = new Map<Touchpoint, string>();
    let evidenceNotes = 0;
    const visible = (tp: Touchpoint) => persona === undefined || tp.personas.some(p => referencedName(p) === persona);
    /** The friction and opportunity cards of a stage or of a touchpoint (which they then hang from). */
    const frictionAndOpportunityCards = (owner: Stage | Touchpoint, scope: string, place: { stage: string; touchpoint?: string; touchpointLabel?: string }) => {
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
            if (card.evidence.length > 0) card.evidenceNote = ++evidenceNotes;
            touchpointIds.set(tp, card.id);
            cards.push(card);
            const hang = { ...at, touchpoint: card.id };
            const frictionPlace = { ...hang, touchpointLabel: card.text };
            const scope = `${stageId}/${card.name}`;
            stringsOf(tp, 'actions').forEach(({ text, range }, n) =>
                cards.push({ id: ids.take(`action:${scope}:${n}`), kind: 'action', lane: 'actions', row: 'actions', ...hang, text, range }));
            frictionAndOpportunityCards(tp, scope, frictionPlace);
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
            name: metric.name ?? '', text: metric.label || metric.name || '', range: rangeOf(metric),
            ...(metric.target && { target: { value: metric.target.value, percent: metric.target.percent } }),
            ...(metric.actual && { actual: { value: metric.actual.value, percent: metric.actual.percent } }),
            direction: metric.direction === '<=' ? 'lower' : 'higher',
            ...(metric.unit && { unit: metric.unit })
        });
    }

    const personas = personasOf(journey);
    const counts = { stages: stages.length, touchpoints: touchpointIds.size };
    // Grouped by persona, each persona's row shows all of its touchpoints: shared ones are copied into every row.
    const copies = groupBy === 'persona' ? personaCopies(cards, persona) : new Map<string, TouchpointCard[]>();
    for (const list of copies.values()) cards.push(...list);
    const rowOfCard = new Map(cards.filter(c => c.kind === 'touchpoint').map(c => [c.id, c.row]));
    const flows = flowsOf(journey, touchpointIds, stageIds, copies, rowOfCard);
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const emotions = emotionCurves(touchpoints, personas, persona);
    const byLane = groupCards(cards);
    const bandPersonas = personas.filter(p => persona === undefined || p.id === persona);
    const diagramLanes: DiagramLane[] = [];
    for (const lane of lanes) {
        const rows = lane === 'touchpoints' ? touchpointRows(touchpoints) : [{ id: lane, label: LANE_LABELS[lane] }];
        const empty = lane === 'emotion' ? emotions.every(c => c.points.length === 0)
            // The band sits over the stage columns: without a stage there is no room for it.
            : lane === 'personas' ? bandPersonas.length === 0 || stages.length === 0 : !byLane.has(lane);
        if (!empty) diagramLanes.push({ id: lane, label: LANE_LABELS[lane], rows });
    }
    const shown = new Set(diagramLanes.map(l => l.id));
    return {
        id: journey.name ?? '',
        title: journey.title || journey.name || 'Untitled journey',
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
        counts,
        options: { groupBy, lanes, ...(persona !== undefined && { persona }) }
    };
}

function touchpointCard(tp: Touchpoint, stage: string, groupBy: GroupBy, ids: UniqueIds): TouchpointCard {
    const channels: ChannelRef[] = tp.channels.map(ref => ({
        id: referencedName(ref), label: ref.ref?.label || referencedName(ref), ...(ref.ref?.medium && { medium: ref.ref.medium })
    }));
    const personas: NamedRef[] = tp.personas.map(ref => ({ id: referencedName(ref), label: ref.ref?.label || referencedName(ref) }));
    const group = groupBy === 'channel' ? channels : personas;
    return {
        id: ids.take(`touchpoint:${tp.name ?? ''}`), kind: 'touchpoint', lane: 'touchpoints',
        // A touchpoint on several channels (personas) sits in the row of the first one; the card lists them all.
        row: group[0]?.id ?? UNGROUPED_ROW,
        stage, name: tp.name ?? '', text: tp.label || tp.name || '', range: rangeOf(tp),
        ...(tp.kind && { touchpointKind: tp.kind }),
        channels, personas,
        ...(tp.owner && { owner: { id: referencedName(tp.owner), label: tp.owner.ref?.label || referencedName(tp.owner) } }),
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

/**
 * The copies of the touchpoint cards shared by several personas, one per further persona,
 * keyed by the first card's id (with a persona filter, only that persona's row is drawn: no copies).
 */
function personaCopies(cards: DiagramCard[], filter: string | undefined): Map<string, TouchpointCard[]> {
    const copies = new Map<string, TouchpointCard[]>();
    if (filter !== undefined) return copies;
    for (const card of cards) {
        if (card.kind !== 'touchpoint' || card.personas.length < 2) continue;
        const seen = new Set([card.row]);
        const list: TouchpointCard[] = [];
        for (const p of card.personas.slice(1)) {
            if (seen.has(p.id)) continue;
            seen.add(p.id);
            list.push({ ...card, id: `${card.id}@${p.id}`, row: p.id, copyOf: card.id });
        }
        if (list.length > 0) copies.set(card.id, list);
    }
    return copies;
}

/** Rows of the touchpoint lane: one per channel (or persona) in order of first use; ungrouped last. */
function touchpointRows(touchpoints: TouchpointCard[]): DiagramRow[] {
    const rows = new Map<string, DiagramRow>();
    for (const tp of touchpoints) {
        if (tp.row === UNGROUPED_ROW || rows.has(tp.row)) continue;
        const channel = tp.channels.find(c => c.id === tp.row);
        const named = channel ?? tp.personas.find(p => p.id === tp.row);
        rows.set(tp.row, { id: tp.row, label: named?.label ?? tp.row, ...(channel?.medium && { medium: channel.medium }) });
    }
    const ordered = [...rows.values()];
    if (touchpoints.some(tp => tp.row === UNGROUPED_ROW)) {
        const byChannel = touchpoints.some(tp => tp.row === UNGROUPED_ROW && tp.channels.length === 0);
        ordered.push({ id: UNGROUPED_ROW, label: byChannel ? 'No channel' : 'No persona' });
    }
    return ordered;
}

/**
 * The flows between drawn cards. With copies (grouped by persona), a flow joins the cards of
 * the same persona row, one per persona both touchpoints share; touchpoints sharing no
 * persona are joined first card to first card.
 */
function flowsOf(journey: Journey, ids: Map<Touchpoint, string>, stageIds: Map<Stage, string>, copies: Map<string, TouchpointCard[]>, rowOf: Map<string, string>): DiagramFlow[] {
    const order = new Map<string, number>(journey.stages.map((s, i) => [stageIds.get(s)!, i]));
    const flows: DiagramFlow[] = [];
    const seen = new Set<string>();
    const drawn = (first: string) => [first, ...(copies.get(first) ?? []).map(c => c.id)];
    for (const [tp, source] of ids) {
        for (const ref of tp.next) {
            const target = ref.ref && ids.get(ref.ref);
            if (!target) continue; // unresolved, or filtered out by the persona filter
            const from = order.get(stageIds.get(tp.$container) ?? '') ?? 0;
            const to = order.get(stageIds.get(ref.ref!.$container) ?? '') ?? 0;
            let pairs: [string, string][] = [[source, target]];
            if (copies.has(source) || copies.has(target)) {
                const targets = new Map(drawn(target).map(id => [rowOf.get(id), id]));
                const same = drawn(source).flatMap(id => {
                    const match = targets.get(rowOf.get(id));
                    return match ? [[id, match] as [string, string]] : [];
                });
                if (same.length > 0) pairs = same;
            }
            for (const [s, t] of pairs) {
                const id = `flow:${s}->${t}`;
                if (seen.has(id)) continue;
                seen.add(id);
                flows.push({ id, source: s, target: t, backwards: to < from });
            }
        }
    }
    return flows;
}

/** Personas of the journey: its own declarations, then the workspace ones its touchpoints name. */
function personasOf(journey: Journey): DiagramPersona[] {
    const result = new Map<string, DiagramPersona>();
    const add = (id: string, declared: Persona | undefined) => {
        if (!id || result.has(id)) return;
        result.set(id, {
            id, label: declared?.label || id,
            ...(declared?.segment !== undefined && { segment: declared.segment }),
            ...(declared?.description !== undefined && { description: declared.description }),
            goals: [...declared?.goals ?? []], frustrations: [...declared?.frustrations ?? []],
            colour: result.size
        });
    };
    for (const p of journey.personas) if (p.name) add(p.name, p);
    for (const stage of journey.stages) for (const tp of stage.touchpoints) for (const ref of tp.personas) add(referencedName(ref), ref.ref);
    return [...result.values()];
}

/**
 * One curve per persona (the filtered one only): a persona's own value at a touchpoint, else
 * the touchpoint's shared one, else no point (a gap). Touchpoints naming no persona form one
 * more curve. Grouped by persona, a persona's point sits on the card in its own row.
 */
function emotionCurves(touchpoints: TouchpointCard[], personas: DiagramPersona[], filter: string | undefined): EmotionCurve[] {
    const curves: EmotionCurve[] = [];
    const firsts = touchpoints.filter(tp => tp.copyOf === undefined);
    const cardFor = (tp: TouchpointCard, persona: string) => touchpoints.find(c => c.copyOf === tp.id && c.row === persona) ?? tp;
    for (const persona of personas) {
        if (filter !== undefined && persona.id !== filter) continue;
        const points = firsts.filter(tp => tp.personas.some(p => p.id === persona.id))
            .flatMap(tp => {
                const emotion = tp.emotions?.[persona.id] ?? tp.emotion;
                return emotion === undefined ? [] : [{ card: cardFor(tp, persona.id).id, stage: tp.stage, emotion }];
            });
        if (points.length > 0) curves.push({ persona: { id: persona.id, label: persona.label }, colour: persona.colour, points });
    }
    const anonymous = firsts.filter(tp => tp.emotion !== undefined && tp.personas.length === 0)
        .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
    if (anonymous.length > 0) curves.push({ colour: personas.length, points: anonymous });
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
