// Two journeys side by side: their stages in one row of columns (matched ones share a
// column), and each persona's emotion per column on both sides. The Markdown report and
// the picture both read this, so they always agree. Pure.
import type { ExportedJourney, ExportedMetric, ExportedStage, ExportedTouchpoint } from '../export/model.js';
import { t, type Locale } from '../i18n/index.js';
import { matchNamed } from './diff.js';
import { ownField } from '../common/own-field.js';

export interface AlignedStage {
    before?: ExportedStage;
    after?: ExportedStage;
    /** The newer label, else the older one. */
    label: string;
}

/** The newer journey's stages in order, each removed older stage right after its older predecessor's column. */
export function alignStages(from: ExportedJourney, to: ExportedJourney): AlignedStage[] {
    const { pairs, removed } = matchNamed(from.stages, to.stages);
    const oldOf = new Map(pairs.map(([old, now]) => [now, old]));
    const columns: AlignedStage[] = to.stages.map(now => ({ before: oldOf.get(now), after: now, label: now.label }));
    for (const stage of removed) {
        const index = from.stages.indexOf(stage);
        const previous = from.stages.slice(0, index).reverse().find(s => columns.some(c => c.before === s));
        const at = previous ? columns.findIndex(c => c.before === previous) + 1 : 0;
        columns.splice(at, 0, { before: stage, label: stage.label });
    }
    return columns;
}

export interface PersonaCurves {
    /** '' for touchpoints that name no persona. */
    id: string;
    label: string;
    /** Mean emotion per aligned column; undefined where the persona has none. */
    before: Array<number | undefined>;
    after: Array<number | undefined>;
}

/** One entry per persona of either journey (matched by id), with its mean emotion per column on each side. */
export function personaCurves(from: ExportedJourney, to: ExportedJourney, columns: readonly AlignedStage[], locale?: Locale): PersonaCurves[] {
    const labels = new Map<string, string>();
    for (const persona of [...to.personas, ...from.personas]) if (!labels.has(persona.id)) labels.set(persona.id, persona.label);
    const anonymous = [from, to].some(j => j.stages.some(s => s.touchpoints.some(tp => tp.emotion !== undefined && tp.personas.length === 0)));
    if (anonymous) labels.set('', t(locale, 'map.allCustomers'));
    return [...labels].map(([id, label]) => ({
        id, label,
        before: columns.map(c => meanEmotion(c.before, id)),
        after: columns.map(c => meanEmotion(c.after, id))
    })).filter(curve => [...curve.before, ...curve.after].some(v => v !== undefined));
}

/** A persona's emotion at a touchpoint: its own when the touchpoint gives one per persona, else the shared one. */
function emotionOf(tp: ExportedTouchpoint, persona: string): number | undefined {
    const own = ownField(tp.emotions, persona);
    if (own !== undefined) return own;
    const concerned = persona === '' ? tp.personas.length === 0 : tp.personas.includes(persona);
    return concerned ? tp.emotion : undefined;
}

function meanEmotion(stage: ExportedStage | undefined, persona: string): number | undefined {
    const values = (stage?.touchpoints ?? []).map(tp => emotionOf(tp, persona)).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : Math.round(values.reduce((a, b) => a + b, 0) / values.length * 100) / 100;
}

export interface MetricPair { before?: ExportedMetric; after?: ExportedMetric; label: string }

/** Metrics of both sides matched by id then label, newer order first, removed ones last. */
export function alignMetrics(from: ExportedJourney, to: ExportedJourney): MetricPair[] {
    const { pairs, removed } = matchNamed(from.metrics, to.metrics);
    const oldOf = new Map(pairs.map(([old, now]) => [now, old]));
    return [
        ...to.metrics.map(now => ({ before: oldOf.get(now), after: now, label: now.label })),
        ...removed.map(old => ({ before: old, label: old.label }))
    ];
}
