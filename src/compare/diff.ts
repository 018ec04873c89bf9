// The structural diff of two journeys, computed on the export model (src/export/model.ts):
// the one projection of the AST every output shares, so a field added there (per-persona
// emotions, metric units, …) is compared here without a line of its own. Pure and
// deterministic: same two journeys, same changes in the same order.
import type {
    ExportedFriction, ExportedJourney, ExportedMetric, ExportedOpportunity, ExportedStage, ExportedTouchpoint
} from '../export/model.js';

/** Bumped on any change that could break a reader of the comparison JSON (README documents it). */
export const COMPARISON_SCHEMA_VERSION = 1;

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved';
export type ElementKind = 'journey' | 'persona' | 'channel' | 'team' | 'stage' | 'touchpoint' | 'friction' | 'opportunity' | 'metric';

export interface Change {
    change: ChangeKind;
    element: ElementKind;
    /** The element's id; a friction's or opportunity's text (they have no id). */
    id: string;
    /** The journey's id (the newer side's when both have one). */
    journey: string;
    /** The stage the element sits in (its newer stage; the older one when removed). */
    stage?: string;
    /** The touchpoint a friction or opportunity belongs to (absent for stage-level ones). */
    touchpoint?: string;
    /** `changed`: the field (a dotted path into a per-key field, e.g. `emotions.Ana`); `moved`: `stage`. */
    field?: string;
    /** `changed`/`moved`: the older value; `removed`: the element as it was (without the elements listed as changes of their own). */
    before?: unknown;
    /** `changed`/`moved`: the newer value; `added`: the element as it is. */
    after?: unknown;
}

export interface JourneyRef { file: string; journey: string }

/** One comparison: `from` or `to` is null when the journey was added or removed as a whole. */
export interface Comparison {
    schemaVersion: typeof COMPARISON_SCHEMA_VERSION;
    from: JourneyRef | null;
    to: JourneyRef | null;
    changes: Change[];
}

interface Named { id: string; label: string }
type Context = Pick<Change, 'journey' | 'stage' | 'touchpoint'>;

/** Keys compared structurally (matched children) rather than as values. */
const NESTED_KEYS = new Set(['id', 'personas', 'channels', 'teams', 'stages', 'metrics', 'touchpoints', 'frictions', 'opportunities']);
/** For these elements `personas`/`channels` are lists of ids, compared as values. */
const ID_LIST_ELEMENTS = new Set<ElementKind>(['touchpoint']);

/** Every change from `from` to `to`, in the newer journey's order (stage by stage). */
export function diffJourneys(from: ExportedJourney, to: ExportedJourney): Change[] {
    const journey = to.id || from.id;
    const out: Change[] = [];
    out.push(...fieldChanges('journey', journey, { journey }, from, to));
    for (const [element, key] of [['persona', 'personas'], ['channel', 'channels'], ['team', 'teams']] as const) {
        out.push(...diffNamed(element, from[key], to[key], { journey }));
    }
    out.push(...diffStages(from, to, journey));
    out.push(...diffNamed('metric', from.metrics, to.metrics, { journey }, metric => ({ stage: (metric as ExportedMetric).stage })));
    return out;
}

/** A journey present on one side only: one change for it, then its contents as added or removed. */
export function diffWholeJourney(journey: ExportedJourney, change: 'added' | 'removed'): Change[] {
    const empty: ExportedJourney = { id: journey.id, label: journey.label, personas: [], channels: [], teams: [], stages: [], metrics: [] };
    const contents = change === 'added' ? diffJourneys(empty, journey) : diffJourneys(journey, empty);
    const self: Change = { change, element: 'journey', id: journey.id, journey: journey.id, [change === 'added' ? 'after' : 'before']: shallow(journey) };
    return [self, ...contents.filter(c => c.element !== 'journey')];
}

/** Elements matched by id, then by label; each pair's fields compared, the rest added or removed. */
function diffNamed<T extends Named>(
    element: ElementKind, before: readonly T[], after: readonly T[], context: Context, extra: (node: T) => Partial<Change> = () => ({})
): Change[] {
    const { pairs, added, removed } = matchNamed(before, after);
    const out: Change[] = [];
    for (const [old, now] of pairs) out.push(...fieldChanges(element, now.id, { ...context, ...extra(now) }, old, now));
    for (const node of added) out.push({ change: 'added', element, id: node.id, ...context, ...extra(node), after: shallow(node) });
    for (const node of removed) out.push({ change: 'removed', element, id: node.id, ...context, ...extra(node), before: shallow(node) });
    return out;
}

export interface Matched<T> {
    /** [before, after], in the order of `after`. */
    pairs: Array<[T, T]>;
    added: T[];
    removed: T[];
}

/** Pairs by id, then the rest by label (the first unmatched one of the same label). */
export function matchNamed<T extends Named>(before: readonly T[], after: readonly T[]): Matched<T> {
    const partner = new Map<T, T>();
    const taken = new Set<T>();
    for (const key of ['id', 'label'] as const) {
        for (const now of after) {
            if (partner.has(now) || now[key] === '') continue;
            const old = before.find(b => !taken.has(b) && b[key] === now[key]);
            if (old) { partner.set(now, old); taken.add(old); }
        }
    }
    return {
        pairs: after.filter(a => partner.has(a)).map(a => [partner.get(a)!, a]),
        added: after.filter(a => !partner.has(a)),
        removed: before.filter(b => !taken.has(b))
    };
}

interface PlacedTouchpoint extends ExportedTouchpoint { readonly stageId: string }

function diffStages(from: ExportedJourney, to: ExportedJourney, journey: string): Change[] {
    const stages = matchNamed(from.stages, to.stages);
    const newStageOf = new Map<string, string>(stages.pairs.map(([old, now]) => [old.id, now.id]));
    const placed = (journeyStages: readonly ExportedStage[]): PlacedTouchpoint[] =>
        journeyStages.flatMap(s => s.touchpoints.map(tp => ({ ...tp, stageId: s.id })));
    const touchpoints = matchNamed(placed(from.stages), placed(to.stages));
    const out: Change[] = [];
    const inStage = (stage: ExportedStage, old: ExportedStage | undefined) => {
        const context: Context = { journey, stage: stage.id };
        if (old) out.push(...fieldChanges('stage', stage.id, context, old, stage));
        else out.push({ change: 'added', element: 'stage', id: stage.id, ...context, after: shallow(stage) });
        out.push(...diffNotes(old ?? emptyContainer, stage, context));
        for (const [oldTp, tp] of touchpoints.pairs.filter(([, tp]) => tp.stageId === stage.id)) {
            const tpContext: Context = { journey, stage: stage.id };
            if (newStageOf.get(oldTp.stageId) !== stage.id) {
                out.push({ change: 'moved', element: 'touchpoint', id: tp.id, ...tpContext, field: 'stage', before: oldTp.stageId, after: stage.id });
            }
            out.push(...fieldChanges('touchpoint', tp.id, tpContext, strip(oldTp), strip(tp)));
            out.push(...diffNotes(oldTp, tp, { ...tpContext, touchpoint: tp.id }));
        }
        for (const tp of touchpoints.added.filter(t => t.stageId === stage.id)) {
            out.push({ change: 'added', element: 'touchpoint', id: tp.id, journey, stage: stage.id, after: shallow(strip(tp)) });
            out.push(...diffNotes(emptyContainer, tp, { journey, stage: stage.id, touchpoint: tp.id }));
        }
        const removedHere = (t: PlacedTouchpoint) => old !== undefined && t.stageId === old.id;
        for (const tp of touchpoints.removed.filter(removedHere)) removedTouchpoint(tp, stage.id);
    };
    const removedTouchpoint = (tp: PlacedTouchpoint, stage: string) => {
        out.push({ change: 'removed', element: 'touchpoint', id: tp.id, journey, stage, before: shallow(strip(tp)) });
        out.push(...diffNotes(tp, emptyContainer, { journey, stage, touchpoint: tp.id }));
    };
    const oldOf = new Map(stages.pairs.map(([old, now]) => [now, old]));
    for (const stage of to.stages) inStage(stage, oldOf.get(stage));
    for (const stage of stages.removed) {
        out.push({ change: 'removed', element: 'stage', id: stage.id, journey, stage: stage.id, before: shallow(stage) });
        out.push(...diffNotes(stage, emptyContainer, { journey, stage: stage.id }));
        for (const tp of touchpoints.removed.filter(t => t.stageId === stage.id)) removedTouchpoint(tp, stage.id);
    }
    return out;
}

interface NoteContainer { frictions: readonly ExportedFriction[]; opportunities: readonly ExportedOpportunity[] }
const emptyContainer: NoteContainer = { frictions: [], opportunities: [] };

/** Frictions and opportunities of one stage or touchpoint, matched by text (a removed friction is a resolved one). */
function diffNotes(before: NoteContainer, after: NoteContainer, context: Context): Change[] {
    return [
        ...diffByText('friction', before.frictions, after.frictions, context),
        ...diffByText('opportunity', before.opportunities, after.opportunities, context)
    ];
}

function diffByText<T extends { text: string }>(element: ElementKind, before: readonly T[], after: readonly T[], context: Context): Change[] {
    const keyed = (items: readonly T[]) => items.map(item => ({ ...item, id: item.text, label: '' }));
    return diffNamed(element, keyed(before), keyed(after), context).map(change => ({
        ...change,
        ...(change.change === 'removed' && { before: withoutKeys(change.before as object, ['id', 'label']) }),
        ...(change.change === 'added' && { after: withoutKeys(change.after as object, ['id', 'label']) })
    }));
}

/**
 * A `changed` entry per differing field: every key of either side except ids and matched
 * children. A record of numbers (e.g. emotions per persona) is compared key by key.
 */
function fieldChanges(element: ElementKind, id: string, context: Context, before: object, after: object): Change[] {
    const old = before as Record<string, unknown>, now = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(now), ...Object.keys(old)])]
        .filter(key => !NESTED_KEYS.has(key) || (ID_LIST_ELEMENTS.has(element) && (key === 'personas' || key === 'channels')));
    const out: Change[] = [];
    const push = (field: string, b: unknown, a: unknown) => {
        if (!sameValue(b, a)) out.push({ change: 'changed', element, id, ...context, field, ...(b !== undefined && { before: b }), ...(a !== undefined && { after: a }) });
    };
    for (const key of keys) {
        const b = old[key], a = now[key];
        if (isNumberRecord(b) || isNumberRecord(a)) {
            const sub = { ...(isNumberRecord(b) ? b : {}) }, subNow = { ...(isNumberRecord(a) ? a : {}) };
            for (const k of [...new Set([...Object.keys(subNow), ...Object.keys(sub)])]) push(`${key}.${k}`, sub[k], subNow[k]);
        } else push(key, b, a);
    }
    return out;
}

function isNumberRecord(value: unknown): value is Record<string, number> {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        && Object.keys(value).length > 0 && Object.values(value).every(v => typeof v === 'number');
}

/** Deep equality of JSON values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(k => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** An element without the children that are changes of their own. */
function shallow(node: object): Record<string, unknown> {
    return withoutKeys(node, ['touchpoints', 'frictions', 'opportunities', 'stages', 'metrics', 'stageId']);
}

function strip(tp: PlacedTouchpoint): ExportedTouchpoint {
    return withoutKeys(tp, ['stageId', 'frictions', 'opportunities']) as unknown as ExportedTouchpoint;
}

function withoutKeys(node: object, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key)));
}
