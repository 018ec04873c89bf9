// The toolbar's view of a journey: persona filter, shown lanes and touchpoint rows applied to
// the full model (the one built with default options). Pure and langium-free: the preview's
// worker applies it on every toolbar click without asking the server, and `render` (through
// buildJourneyModel) uses the same function, so both draw the same map.
import {
    LANE_IDS, type DiagramCard, type DiagramFlow, type DiagramLane, type DiagramModel, type DiagramOptions, type DiagramPersona,
    type DiagramRow, type EmotionCurve, type GroupBy, type NamedRef, type TouchpointCard
} from './types.js';
import { t, type Locale } from '../i18n/index.js';
import { ownField } from '../common/own-field.js';

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
    let evidenceNotes = 0;
    // Grouped by persona, the row is the filtered persona, else the first persona of the journey the
    // touchpoint names: an unresolved name has no row.
    const known = new Set(full.personas.map(p => p.id));
    const rowPersona = (card: TouchpointCard) => card.personas.find(p => p.id === persona && known.has(p.id)) ?? card.personas.find(p => known.has(p.id));
    // A touchpoint comes before the cards that hang on it, so those know whether it is hidden.
    for (const card of full.cards) {
        if (card.kind === 'touchpoint') {
            if (persona !== undefined && !card.personas.some(p => p.id === persona)) {
                hidden.add(card.id);
                continue;
            }
            const row = (groupBy === 'channel' ? card.channels[0] : rowPersona(card))?.id ?? UNGROUPED_ROW;
            // Evidence notes are numbered over the touchpoints shown (in card order).
            const evidenceNote = card.evidence.length > 0 ? ++evidenceNotes : undefined;
            cards.push(row === card.row && evidenceNote === card.evidenceNote ? card : { ...card, row, ...(evidenceNote !== undefined && { evidenceNote }) });
        } else if (!(card.touchpoint && hidden.has(card.touchpoint))) {
            cards.push(card);
        }
    }
    const counts = { stages: full.counts.stages, touchpoints: cards.filter(c => c.kind === 'touchpoint').length };
    // Grouped by persona, each persona's row shows all of its touchpoints: shared ones are copied into every row.
    const copies = groupBy === 'persona' ? personaCopies(cards, full.personas, persona) : new Map<string, TouchpointCard[]>();
    for (const list of copies.values()) cards.push(...list);
    const touchpoints = cards.filter((c): c is TouchpointCard => c.kind === 'touchpoint');
    const emotions = emotionCurves(touchpoints, full.personas, persona);
    const flows = copiedFlows(full.flows.filter(f => !hidden.has(f.source) && !hidden.has(f.target)), copies, touchpoints);
    const bandPersonas = full.personas.filter(p => persona === undefined || p.id === persona);
    const used = new Set(cards.map(c => c.lane));
    const lanes: DiagramLane[] = [];
    for (const lane of full.lanes) {
        if (!wanted.has(lane.id)) continue;
        // Empty lanes fold away: also those the persona filter emptied.
        const empty = lane.id === 'emotion' ? emotions.every(c => c.points.length === 0)
            : lane.id === 'personas' ? bandPersonas.length === 0 : !used.has(lane.id);
        if (!empty) lanes.push(lane.id === 'touchpoints' ? { ...lane, rows: touchpointRows(touchpoints, groupBy, full.options.locale) } : lane);
    }
    const shown = new Set(lanes.map(l => l.id));
    return {
        ...full,
        lanes,
        // Hidden or empty lanes take their cards with them; flows live in the touchpoint lane.
        cards: cards.filter(c => shown.has(c.lane)),
        flows: shown.has('touchpoints') ? flows : [],
        emotions: shown.has('emotion') ? emotions : [],
        counts,
        // The locale is the full model's (the map's); the toolbar's options do not carry one.
        options: { groupBy, lanes: LANE_IDS.filter(lane => wanted.has(lane)), ...(persona !== undefined && { persona }), ...(full.options.locale && { locale: full.options.locale }) }
    };
}

/** Options under which applyViewOptions gives back the full model: rows by channel, every lane, no persona filter. */
export function showsFullView(options: DiagramOptions): boolean {
    return (options.groupBy ?? 'channel') === 'channel' && !options.persona
        && (options.lanes === undefined || LANE_IDS.every(lane => options.lanes!.includes(lane)));
}

/**
 * The copies of the touchpoint cards shared by several personas, one per further persona of
 * the journey, keyed by the first card's id (with a persona filter, only that persona's row is
 * drawn: no copies). An unresolved persona name gets no row, so no copy either.
 */
function personaCopies(cards: DiagramCard[], personas: readonly NamedRef[], filter: string | undefined): Map<string, TouchpointCard[]> {
    const copies = new Map<string, TouchpointCard[]>();
    if (filter !== undefined) return copies;
    const known = new Set(personas.map(p => p.id));
    for (const card of cards) {
        if (card.kind !== 'touchpoint' || card.personas.length < 2) continue;
        const seen = new Set([card.row]);
        const list: TouchpointCard[] = [];
        for (const p of card.personas.slice(1)) {
            if (seen.has(p.id) || !known.has(p.id)) continue;
            seen.add(p.id);
            list.push({ ...card, id: `${card.id}@${p.id}`, row: p.id, copyOf: card.id });
        }
        if (list.length > 0) copies.set(card.id, list);
    }
    return copies;
}

/**
 * The flows between drawn cards. With copies (grouped by persona), a flow joins the cards of
 * the same persona row, one per persona both touchpoints share; touchpoints sharing no
 * persona are joined first card to first card.
 */
function copiedFlows(flows: DiagramFlow[], copies: Map<string, TouchpointCard[]>, touchpoints: TouchpointCard[]): DiagramFlow[] {
    if (copies.size === 0) return flows;
    const rowOf = new Map(touchpoints.map(c => [c.id, c.row]));
    const drawn = (first: string) => [first, ...(copies.get(first) ?? []).map(c => c.id)];
    const result: DiagramFlow[] = [];
    const seen = new Set<string>();
    for (const flow of flows) {
        let pairs: [string, string][] = [[flow.source, flow.target]];
        if (copies.has(flow.source) || copies.has(flow.target)) {
            const targets = new Map(drawn(flow.target).map(id => [rowOf.get(id), id]));
            const same = drawn(flow.source).flatMap(id => {
                const match = targets.get(rowOf.get(id));
                return match ? [[id, match] as [string, string]] : [];
            });
            if (same.length > 0) pairs = same;
        }
        for (const [source, target] of pairs) {
            const id = `flow:${source}->${target}`;
            if (seen.has(id)) continue;
            seen.add(id);
            result.push({ id, source, target, backwards: flow.backwards });
        }
    }
    return result;
}

/** Rows of the touchpoint lane: one per channel (or persona) in order of first use; ungrouped last. */
export function touchpointRows(touchpoints: TouchpointCard[], groupBy: GroupBy, locale: Locale | undefined): DiagramRow[] {
    const rows = new Map<string, DiagramRow>();
    for (const tp of touchpoints) {
        if (tp.row === UNGROUPED_ROW || rows.has(tp.row)) continue;
        const channel = tp.channels.find(c => c.id === tp.row);
        const named = channel ?? tp.personas.find(p => p.id === tp.row);
        rows.set(tp.row, { id: tp.row, label: named?.label ?? tp.row, ...(channel?.medium && { medium: channel.medium }) });
    }
    const ordered = [...rows.values()];
    if (touchpoints.some(tp => tp.row === UNGROUPED_ROW)) ordered.push({ id: UNGROUPED_ROW, label: t(locale, groupBy === 'channel' ? 'map.noChannel' : 'map.noPersona') });
    return ordered;
}

/**
 * One curve per persona (the filtered one only): a persona's own value at a touchpoint, else
 * the touchpoint's shared one, else no point (a gap). Touchpoints naming no persona of the
 * journey form one more curve. Grouped by persona, a persona's point sits on the card in its own row.
 */
export function emotionCurves(touchpoints: TouchpointCard[], personas: readonly DiagramPersona[], filter: string | undefined): EmotionCurve[] {
    const curves: EmotionCurve[] = [];
    const firsts = touchpoints.filter(tp => tp.copyOf === undefined);
    // Copies by first card and row, looked up once each (a search per point was quadratic: seconds at 10,000 touchpoints).
    const copies = new Map<string, string>();
    for (const c of touchpoints) {
        if (c.copyOf === undefined) continue;
        const key = `${c.copyOf}\n${c.row}`;
        if (!copies.has(key)) copies.set(key, c.id);
    }
    const cardFor = (tp: TouchpointCard, persona: string) => copies.size === 0 ? tp.id : copies.get(`${tp.id}\n${persona}`) ?? tp.id;
    for (const persona of personas) {
        if (filter !== undefined && persona.id !== filter) continue;
        const points = firsts.filter(tp => tp.personas.some(p => p.id === persona.id))
            .flatMap(tp => {
                const emotion = ownField(tp.emotions, persona.id) ?? tp.emotion;
                return emotion === undefined ? [] : [{ card: cardFor(tp, persona.id), stage: tp.stage, emotion }];
            });
        if (points.length > 0) curves.push({ persona: { id: persona.id, label: persona.label }, colour: persona.colour, points });
    }
    // Touchpoints naming no persona of the journey (none, or only unresolved names) form one more curve.
    const known = new Set(personas.map(p => p.id));
    const anonymous = firsts.filter(tp => tp.emotion !== undefined && !tp.personas.some(p => known.has(p.id)))
        .map(tp => ({ card: tp.id, stage: tp.stage, emotion: tp.emotion! }));
    if (anonymous.length > 0) curves.push({ colour: personas.length, points: anonymous });
    return curves;
}
