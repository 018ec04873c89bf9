// The toolbar's view of a journey: persona filter, shown lanes and touchpoint rows applied to
// the full model (the one built with default options). Pure and langium-free: the preview's
// worker applies it on every toolbar click without asking the server, and `render` (through
// buildJourneyModel) uses the same function, so both draw the same map.
import {
    LANE_IDS, type DiagramCard, type DiagramLane, type DiagramModel, type DiagramOptions, type DiagramRow,
    type EmotionCurve, type GroupBy, type NamedRef, type TouchpointCard
} from './types.js';

/** Row id of touchpoints that name no channel (or no persona when grouped by persona). */
export const UNGROUPED_ROW = '∅';

/**
 * The model as `options` show it. `full` is a model built with default options (all lanes,
 * rows by channel, no persona filter): what the server sends the preview.
 */
export function applyViewOptions(full: DiagramModel, options: DiagramOptions = {}): DiagramModel {
    const groupBy: GroupBy = options.groupBy ?? 'channel';
    const wanted = new Set(options.lanes ?? LANE_IDS);
    const persona = options.persona || undefined;
    const hidden = new Set<string>();
    const cards: DiagramCard[] = [];
    // A touchpoint comes before the cards that hang on it, so those know whether it is hidden.
    for (const card of full.cards) {
        if (card.kind === 'touchpoint') {
            if (persona !== undefined && !card.personas.some(p => p.id === persona)) {
                hidden.add(card.id);
                continue;
            }
            const row = (groupBy === 'channel' ? card.channels : card.personas)[0]?.id ?? UNGROUPED_ROW;
            cards.push(row === card.row ? card : { ...card, row });
        } else if (!(card.touchpoint && hidden.has(card.touchpoint))) {
            cards.push(card);
        }
    }
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const emotions = emotionCurves(touchpoints, full.personas, persona);
    const used = new Set(cards.map(c => c.lane));
    const lanes: DiagramLane[] = [];
    for (const lane of full.lanes) {
        if (!wanted.has(lane.id)) continue;
        // Empty lanes fold away: also those the persona filter emptied.
        const empty = lane.id === 'emotion' ? emotions.every(c => c.points.length === 0) : !used.has(lane.id);
        if (!empty) lanes.push(lane.id === 'touchpoints' ? { ...lane, rows: touchpointRows(touchpoints) } : lane);
    }
    const shown = new Set(lanes.map(l => l.id));
    return {
        ...full,
        lanes,
        // Hidden or empty lanes take their cards with them; flows live in the touchpoint lane.
        cards: cards.filter(c => shown.has(c.lane)),
        flows: shown.has('touchpoints') ? full.flows.filter(f => !hidden.has(f.source) && !hidden.has(f.target)) : [],
        emotions: shown.has('emotion') ? emotions : [],
        options: { groupBy, lanes: LANE_IDS.filter(lane => wanted.has(lane)), ...(persona !== undefined && { persona }) }
    };
}

/** Rows of the touchpoint lane: one per channel (or persona) in order of first use; ungrouped last. */
export function touchpointRows(touchpoints: TouchpointCard[]): DiagramRow[] {
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

/** One curve per persona (the filtered one only); touchpoints naming no persona form one more curve. */
export function emotionCurves(touchpoints: TouchpointCard[], personas: NamedRef[], filter: string | undefined): EmotionCurve[] {
    const curves: EmotionCurve[] = [];
    for (const persona of personas) {
        if (filter !== undefined && persona.id !== filter) continue;
        const points = touchpoints.filter(tp => tp.emotion !== undefined && tp.personas.some(p => p.id === persona.id))
            .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
        if (points.length > 0) curves.push({ persona, points });
    }
    const anonymous = touchpoints.filter(tp => tp.emotion !== undefined && tp.personas.length === 0)
        .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
    if (anonymous.length > 0) curves.push({ points: anonymous });
    return curves;
}
