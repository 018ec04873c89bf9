// A comparison as a report a team reads: what changes stage by stage, the frictions
// resolved, each persona's emotion and the KPIs before → after. Only what differs is
// listed. Pure.
import type { ExportedJourney, ExportedMetric, ExportedMetricValue } from '../export/model.js';
import { inline } from '../export/markdown.js';
import { alignMetrics, alignStages, personaCurves } from './align.js';
import type { Change, Comparison, JourneyRef } from './diff.js';
import { sameValue } from './diff.js';
import { formatKpi } from '../common/kpi.js';
import { CATALOGUES, formatSigned, t, tn, type Locale, type MessageKey } from '../i18n/index.js';

/** One side of a comparison: where it comes from and the journey (absent when the journey was added or removed). */
export interface ComparedJourney { ref: JourneyRef | null; journey?: ExportedJourney }

/** The report, its headings and fixed words in `locale` (default English). */
export function comparisonMarkdown(from: ComparedJourney, to: ComparedJourney, comparison: Comparison, headingLevel = 1, locale?: Locale): string {
    const h = (level: number) => '#'.repeat(Math.min(6, headingLevel + level - 1));
    const say = (key: MessageKey) => t(locale, key);
    const empty: ExportedJourney = { id: '', label: '', personas: [], channels: [], teams: [], stages: [], metrics: [] };
    const before = from.journey ?? empty, after = to.journey ?? empty;
    const title = !from.journey ? t(locale, 'compare.journeyAdded', { label: after.label }) : !to.journey ? t(locale, 'compare.journeyRemoved', { label: before.label })
        : before.label === after.label ? after.label : `${before.label} → ${after.label}`;
    const sides = [sideText(from, before, locale), sideText(to, after, locale)];
    const summary = t(locale, 'compare.summary', { sides: sides[0] === sides[1] ? sides[0] : sides.join(' → '), count: countText(comparison.changes.length, locale) });
    const lines = [`${h(1)} ${inline(title)}`, '', summary];
    if (comparison.changes.length === 0) return lines.join('\n') + '\n';
    const names = labelIndex(before, after);
    lines.push(...section(`${h(2)} ${say('compare.stageByStage')}`, stageByStage(before, after, comparison.changes, names, h(3), locale)));
    lines.push(...section(`${h(2)} ${say('compare.frictionsResolved')}`, resolvedFrictions(comparison.changes, names, locale)));
    lines.push(...section(`${h(2)} ${say('compare.emotionPerPersona')}`, emotionTable(before, after, locale)));
    lines.push(...section(`${h(2)} ${say('compare.kpis')}`, kpiTable(before, after, locale)));
    lines.push(...section(`${h(2)} ${say('compare.sharedNames')}`, changeLines(comparison.changes
        .filter(c => c.element === 'persona' || c.element === 'channel' || c.element === 'team'), names, locale)));
    lines.push(...section(`${h(2)} ${say('compare.journey')}`, changeLines(comparison.changes.filter(c => c.element === 'journey'), names, locale)));
    return lines.join('\n') + '\n';
}

function section(heading: string, body: string[]): string[] {
    return body.length === 0 ? [] : ['', heading, '', ...body];
}

function sideText(side: ComparedJourney, journey: ExportedJourney, locale: Locale | undefined): string {
    if (!side.ref) return t(locale, 'compare.none');
    const state = journey.state ? ` (${t(locale, `md.state.${journey.state}`)})` : '';
    return `\`${side.ref.file.replace(/`/g, "'")}#${side.ref.journey.replace(/`/g, "'")}\`${state}`;
}

export function countText(count: number, locale?: Locale): string {
    return count === 0 ? t(locale, 'compare.noChange') : tn(locale, 'count.change', count);
}

/** Labels by `kind:id` (`stage:`, `touchpoint:`, `metric:`, `persona:`, `channel:`, `team:`) of both sides (newer label wins). */
export function labelIndex(before: ExportedJourney, after: ExportedJourney): Map<string, string> {
    const names = new Map<string, string>();
    for (const journey of [before, after]) for (const stage of journey.stages) {
        names.set(`stage:${stage.id}`, stage.label);
        for (const tp of stage.touchpoints) names.set(`touchpoint:${tp.id}`, tp.label);
    }
    for (const journey of [before, after]) for (const metric of journey.metrics) names.set(`metric:${metric.id}`, metric.label);
    for (const journey of [before, after]) for (const key of ['personas', 'channels', 'teams'] as const) {
        for (const node of journey[key]) names.set(`${key.slice(0, -1)}:${node.id}`, node.label);
    }
    return names;
}

function stageByStage(before: ExportedJourney, after: ExportedJourney, changes: readonly Change[], names: Map<string, string>, heading: string, locale: Locale | undefined): string[] {
    const local = changes.filter(c => c.element === 'stage' || c.element === 'touchpoint' || c.element === 'friction' || c.element === 'opportunity');
    const out: string[] = [];
    for (const column of alignStages(before, after)) {
        const id = (column.after ?? column.before)!.id;
        const here = local.filter(c => c.stage === id);
        if (here.length === 0) continue;
        out.push(`${heading} ${inline(column.label)}`, '', ...changeLines(here, names, locale), '');
    }
    return out.slice(0, -1);
}

/** One bullet per change, the field changes of one element on one bullet. */
function changeLines(changes: readonly Change[], names: Map<string, string>, locale: Locale | undefined): string[] {
    const out: string[] = [];
    let previous: Change | undefined;
    for (const change of changes) {
        const same = previous !== undefined && change.change === 'changed' && previous.change === 'changed'
            && previous.element === change.element && previous.id === change.id && previous.touchpoint === change.touchpoint;
        if (same) out[out.length - 1] += `${t(locale, 'compare.fieldSeparator')}${fieldText(change, names, locale)}`;
        else out.push(changeLine(change, names, locale));
        previous = change;
    }
    return out;
}

function fieldText(change: Change, names: Map<string, string>, locale: Locale | undefined): string {
    const field = change.field ?? '';
    return `${inline(fieldName(field, locale, names))} ${formatFieldValue(field, change.before, locale, names)} → ${formatFieldValue(field, change.after, locale, names)}`;
}

/** Fields whose values are the product's own words (`current`, `tool`, `high`): their catalogue prefix. */
const VALUE_WORDS: Record<string, string> = { state: 'md.state', kind: 'kindValue', medium: 'medium', severity: 'severity', impact: 'level', effort: 'level' };

/** Touchpoint fields that hold ids: the kind of element each id names (its key in labelIndex). */
const ID_FIELDS: Record<string, string> = { personas: 'persona', channels: 'channel', owner: 'team', next: 'touchpoint' };

/**
 * A changed field's value: the product's words in the reader's language (`actuel`, `outil`);
 * ids of personas, channels, teams and `next` touchpoints by the label the designer wrote
 * (quoted, as a label may hold a comma), given `names` (labelIndex); anything else as formatValue writes it.
 */
export function formatFieldValue(field: string, value: unknown, locale?: Locale, names?: ReadonlyMap<string, string>): string {
    const kind = ID_FIELDS[field];
    if (kind !== undefined && names !== undefined && (typeof value === 'string' || Array.isArray(value))) {
        const ids = (Array.isArray(value) ? value : [value]).map(String);
        return ids.length === 0 ? '—' : ids.map(id => quoted(inline(names.get(`${kind}:${id}`) ?? id), locale)).join(', ');
    }
    const key = typeof value === 'string' && VALUE_WORDS[field] ? `${VALUE_WORDS[field]}.${value}` : undefined;
    return key !== undefined && key in CATALOGUES.en ? t(locale, key as MessageKey) : formatValue(value, locale);
}

const FIELDS = new Set(['label', 'description', 'goals', 'frustrations', 'segment', 'state', 'kind', 'channels', 'personas', 'owner', 'emotion',
    'actions', 'backstage', 'support', 'evidence', 'severity', 'impact', 'effort', 'target', 'actual', 'direction', 'unit', 'medium', 'stage', 'next']);

/** A changed field as the reader's language says it (`emotions.Ana`: Ana's emotion, by her label given `names`); an unknown one as written. Plain text. */
export function fieldName(field: string, locale?: Locale, names?: ReadonlyMap<string, string>): string {
    const persona = /^emotions\.(.+)$/.exec(field)?.[1];
    if (persona !== undefined) {
        return t(locale, 'compare.fieldEmotionOf', { persona: names ? quoted(names.get(`persona:${persona}`) ?? persona, locale) : persona });
    }
    return FIELDS.has(field) ? t(locale, `field.${field}` as MessageKey) : field;
}

/** One bullet: added/removed (a removed friction is resolved), moved, or field before → after. */
function changeLine(change: Change, names: Map<string, string>, locale: Locale | undefined): string {
    const element = t(locale, `compare.element.${change.element}`);
    const label = labelOf(change, names, locale);
    const where = change.touchpoint && (change.element === 'friction' || change.element === 'opportunity')
        ? ` (${inline(names.get(`touchpoint:${change.touchpoint}`) ?? change.touchpoint)})` : '';
    const bullet = (what: MessageKey, text: string) => t(locale, 'compare.bullet', { what: t(locale, what), label: text });
    switch (change.change) {
        case 'added': return bullet(`compare.added.${change.element}`, `${label}${levels(change.after, locale)}${where}`);
        case 'removed': return change.element === 'friction'
            ? bullet('compare.frictionResolved', `~~${label}~~${levels(change.before, locale)}${where}`)
            : bullet(`compare.removed.${change.element}`, `~~${label}~~${where}`);
        case 'moved': return bullet(`compare.moved.${change.element}`, t(locale, 'compare.fromStage', { label, stage: inline(names.get(`stage:${String(change.before)}`) ?? String(change.before)) }));
        case 'changed': return t(locale, 'compare.changedLine', { element, label, where, fields: fieldText(change, names, locale) });
    }
}

function labelOf(change: Change, names: Map<string, string>, locale: Locale | undefined): string {
    if (change.element === 'friction' || change.element === 'opportunity') return formatValue(change.id, locale);
    const label = names.get(`${change.element}:${change.id}`);
    return label && label !== change.id ? `${inline(label)} (\`${change.id}\`)` : `\`${change.id}\``;
}

/** ` (severity high)`, ` (impact high, effort low)` of a friction or opportunity. */
function levels(node: unknown, locale: Locale | undefined): string {
    if (typeof node !== 'object' || node === null) return '';
    const record = node as Record<string, unknown>;
    const level = (kind: 'severity' | 'level', value: unknown) => isLevel(value) ? t(locale, `${kind}.${value}`) : String(value);
    const parts = [
        ...('severity' in record ? [t(locale, 'compare.severity', { level: level('severity', record.severity) })] : []),
        ...('impact' in record ? [t(locale, 'csv.impact', { level: level('level', record.impact) })] : []),
        ...('effort' in record ? [t(locale, 'csv.effort', { level: level('level', record.effort) })] : [])
    ];
    return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function isLevel(value: unknown): value is 'high' | 'medium' | 'low' {
    return value === 'high' || value === 'medium' || value === 'low';
}

/** A field's value as a reader wants it: numbers signed like emotions, lists joined, metric values with their %. */
export function formatValue(value: unknown, locale?: Locale): string {
    if (value === undefined) return '—';
    if (typeof value === 'number') return formatSigned(locale, value);
    if (typeof value === 'string') return quoted(inline(value), locale);
    if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(v => typeof v === 'string' ? inline(v) : formatValue(v, locale)).join(', ');
    if (isMetricValue(value)) return metricValue(value, locale);
    return inline(JSON.stringify(value));
}

/** `text` quoted the language's way: “…” in English, « … » (no-break spaces inside) in French. */
function quoted(text: string, locale: Locale | undefined): string {
    return locale === 'fr' ? `«\u00a0${text}\u00a0»` : `“${text}”`;
}

function isMetricValue(value: unknown): value is ExportedMetricValue {
    return typeof value === 'object' && value !== null && typeof (value as ExportedMetricValue).value === 'number' && 'percent' in value;
}

function metricValue(value: ExportedMetricValue | undefined, locale: Locale | undefined): string {
    return value === undefined ? '—' : formatKpi({ actual: value }, locale).actual!;
}

/**
 * A KPI's target or actual as the map writes it (`≤ 30%`, `12 days`); with `before`,
 * `before → after` when they read differently (a changed direction or unit shows too).
 */
export function kpiValueText(key: 'target' | 'actual', before: ExportedMetric | undefined, after: ExportedMetric | undefined, locale: Locale | undefined): string | undefined {
    const [old, now] = [before, after].map(metric => metric && formatKpi(metric, locale)[key]);
    if (old === undefined && now === undefined) return undefined;
    return old === now ? now! : `${old ?? '—'} → ${now ?? '—'}`;
}

/** Every friction gone, with where it was. */
function resolvedFrictions(changes: readonly Change[], names: Map<string, string>, locale: Locale | undefined): string[] {
    return changes.filter(c => c.element === 'friction' && c.change === 'removed').map(c => {
        const place = [c.stage && names.get(`stage:${c.stage}`), c.touchpoint && names.get(`touchpoint:${c.touchpoint}`)].filter(Boolean).map(p => inline(p as string));
        return `- ~~${inline(c.id)}~~${levels(c.before, locale)}${place.length > 0 ? ` — ${place.join(' › ')}` : ''}`;
    });
}

function tableHeader(locale: Locale | undefined, ...keys: MessageKey[]): string[] {
    return [`| ${keys.map(key => t(locale, key)).join(' | ')} |`, `| ${keys.map(() => '---').join(' | ')} |`];
}

function emotionTable(before: ExportedJourney, after: ExportedJourney, locale: Locale | undefined): string[] {
    const columns = alignStages(before, after);
    const rows: string[] = [];
    for (const curve of personaCurves(before, after, columns, locale)) {
        columns.forEach((column, i) => {
            if (curve.before[i] === curve.after[i]) return;
            rows.push(`| ${inline(curve.label)} | ${inline(column.label)} | ${formatValue(curve.before[i], locale)} | ${formatValue(curve.after[i], locale)} |`);
        });
    }
    return rows.length === 0 ? [] : [...tableHeader(locale, 'compare.col.persona', 'compare.col.stage', 'compare.col.before', 'compare.col.after'), ...rows];
}

function kpiTable(before: ExportedJourney, after: ExportedJourney, locale: Locale | undefined): string[] {
    const added = ` ${t(locale, 'compare.added')}`, removed = ` ${t(locale, 'compare.removed')}`;
    const rows = alignMetrics(before, after)
        .filter(pair => !sameValue(pair.before, pair.after))
        .map(pair => `| ${inline(pair.label)}${pair.before ? '' : added}${pair.after ? '' : removed} | ${inline(stageLabel(pair.after ?? pair.before!, after, before))} | ${inline(kpiValueText('target', pair.before, pair.after, locale) ?? '—')} | ${inline(kpiValueText('actual', pair.before, pair.after, locale) ?? '—')} |`);
    return rows.length === 0 ? [] : [...tableHeader(locale, 'compare.col.kpi', 'compare.col.stage', 'compare.col.target', 'compare.col.actual'), ...rows];
}

function stageLabel(metric: ExportedMetric, ...journeys: ExportedJourney[]): string {
    for (const journey of journeys) {
        const stage = journey.stages.find(s => s.id === metric.stage);
        if (stage) return stage.label;
    }
    return metric.stage;
}
