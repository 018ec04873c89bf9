// A comparison as a report a team reads: what changes stage by stage, the frictions
// resolved, each persona's emotion and the KPIs before → after. Only what differs is
// listed. Pure.
import type { ExportedJourney, ExportedMetric, ExportedMetricValue } from '../export/model.js';
import { inline } from '../export/markdown.js';
import { alignMetrics, alignStages, personaCurves } from './align.js';
import type { Change, Comparison, JourneyRef } from './diff.js';
import { sameValue } from './diff.js';

/** One side of a comparison: where it comes from and the journey (absent when the journey was added or removed). */
export interface ComparedJourney { ref: JourneyRef | null; journey?: ExportedJourney }

export function comparisonMarkdown(from: ComparedJourney, to: ComparedJourney, comparison: Comparison, headingLevel = 1): string {
    const h = (level: number) => '#'.repeat(Math.min(6, headingLevel + level - 1));
    const empty: ExportedJourney = { id: '', label: '', personas: [], channels: [], teams: [], stages: [], metrics: [] };
    const before = from.journey ?? empty, after = to.journey ?? empty;
    const title = !from.journey ? `${after.label} (added)` : !to.journey ? `${before.label} (removed)`
        : before.label === after.label ? after.label : `${before.label} → ${after.label}`;
    const sides = [sideText(from, before), sideText(to, after)];
    const lines = [`${h(1)} ${inline(title)}`, '', `${sides[0] === sides[1] ? sides[0] : sides.join(' → ')}: ${countText(comparison.changes.length)}.`];
    if (comparison.changes.length === 0) return lines.join('\n') + '\n';
    const names = labelIndex(before, after);
    lines.push(...section(h(2) + ' Stage by stage', stageByStage(before, after, comparison.changes, names, h(3))));
    lines.push(...section(h(2) + ' Frictions resolved', resolvedFrictions(comparison.changes, names)));
    lines.push(...section(h(2) + ' Emotion per persona', emotionTable(before, after)));
    lines.push(...section(h(2) + ' KPIs', kpiTable(before, after)));
    lines.push(...section(h(2) + ' Personas, channels and teams', changeLines(comparison.changes
        .filter(c => c.element === 'persona' || c.element === 'channel' || c.element === 'team'), names)));
    lines.push(...section(h(2) + ' Journey', changeLines(comparison.changes.filter(c => c.element === 'journey'), names)));
    return lines.join('\n') + '\n';
}

function section(heading: string, body: string[]): string[] {
    return body.length === 0 ? [] : ['', heading, '', ...body];
}

function sideText(side: ComparedJourney, journey: ExportedJourney): string {
    if (!side.ref) return '(none)';
    const state = journey.state ? ` (${journey.state})` : '';
    return `\`${side.ref.file.replace(/`/g, "'")}#${side.ref.journey.replace(/`/g, "'")}\`${state}`;
}

function countText(count: number): string {
    return count === 0 ? 'no change' : count === 1 ? '1 change' : `${count} changes`;
}

/** Labels of stages and touchpoints of both sides by id (newer label wins). */
function labelIndex(before: ExportedJourney, after: ExportedJourney): Map<string, string> {
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

function stageByStage(before: ExportedJourney, after: ExportedJourney, changes: readonly Change[], names: Map<string, string>, heading: string): string[] {
    const local = changes.filter(c => c.element === 'stage' || c.element === 'touchpoint' || c.element === 'friction' || c.element === 'opportunity');
    const out: string[] = [];
    for (const column of alignStages(before, after)) {
        const id = (column.after ?? column.before)!.id;
        const here = local.filter(c => c.stage === id);
        if (here.length === 0) continue;
        out.push(`${heading} ${inline(column.label)}`, '', ...changeLines(here, names), '');
    }
    return out.slice(0, -1);
}

/** One bullet per change, the field changes of one element on one bullet. */
function changeLines(changes: readonly Change[], names: Map<string, string>): string[] {
    const out: string[] = [];
    let previous: Change | undefined;
    for (const change of changes) {
        const same = previous !== undefined && change.change === 'changed' && previous.change === 'changed'
            && previous.element === change.element && previous.id === change.id && previous.touchpoint === change.touchpoint;
        if (same) out[out.length - 1] += `; ${fieldText(change)}`;
        else out.push(changeLine(change, names));
        previous = change;
    }
    return out;
}

function fieldText(change: Change): string {
    return `${inline(change.field ?? '')} ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

const ELEMENT_NAMES: Record<Change['element'], string> = {
    journey: 'Journey', persona: 'Persona', channel: 'Channel', team: 'Team', stage: 'Stage',
    touchpoint: 'Touchpoint', friction: 'Friction', opportunity: 'Opportunity', metric: 'KPI'
};

/** One bullet: added/removed (a removed friction is resolved), moved, or field before → after. */
function changeLine(change: Change, names: Map<string, string>): string {
    const element = ELEMENT_NAMES[change.element];
    const label = labelOf(change, names);
    const where = change.touchpoint && (change.element === 'friction' || change.element === 'opportunity')
        ? ` (${inline(names.get(`touchpoint:${change.touchpoint}`) ?? change.touchpoint)})` : '';
    switch (change.change) {
        case 'added': return `- **${element} added**: ${label}${levels(change.after)}${where}`;
        case 'removed': return change.element === 'friction'
            ? `- **Friction resolved**: ~~${label}~~${levels(change.before)}${where}`
            : `- **${element} removed**: ~~${label}~~${where}`;
        case 'moved': return `- **${element} moved**: ${label}, from stage ${inline(names.get(`stage:${String(change.before)}`) ?? String(change.before))}`;
        case 'changed': return `- ${element} ${label}${where}: ${fieldText(change)}`;
    }
}

function labelOf(change: Change, names: Map<string, string>): string {
    if (change.element === 'friction' || change.element === 'opportunity') return `“${inline(change.id)}”`;
    const label = names.get(`${change.element}:${change.id}`);
    return label && label !== change.id ? `${inline(label)} (\`${change.id}\`)` : `\`${change.id}\``;
}

/** ` (severity high)`, ` (impact high, effort low)` of a friction or opportunity. */
function levels(node: unknown): string {
    if (typeof node !== 'object' || node === null) return '';
    const parts = (['severity', 'impact', 'effort'] as const)
        .filter(key => key in node).map(key => `${key} ${String((node as Record<string, unknown>)[key])}`);
    return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** A field's value as a reader wants it: numbers signed like emotions, lists joined, metric values with their %. */
export function formatValue(value: unknown): string {
    if (value === undefined) return '—';
    if (typeof value === 'number') return value > 0 ? `+${value}` : value < 0 ? `−${-value}` : '0';
    if (typeof value === 'string') return `“${inline(value)}”`;
    if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(v => typeof v === 'string' ? inline(v) : formatValue(v)).join(', ');
    if (isMetricValue(value)) return metricValue(value);
    return inline(JSON.stringify(value));
}

function isMetricValue(value: unknown): value is ExportedMetricValue {
    return typeof value === 'object' && value !== null && typeof (value as ExportedMetricValue).value === 'number' && 'percent' in value;
}

function metricValue(value: ExportedMetricValue | undefined): string {
    return value === undefined ? '—' : `${value.value}${value.percent ? ' %' : ''}`;
}

/** Every friction gone, with where it was. */
function resolvedFrictions(changes: readonly Change[], names: Map<string, string>): string[] {
    return changes.filter(c => c.element === 'friction' && c.change === 'removed').map(c => {
        const place = [c.stage && names.get(`stage:${c.stage}`), c.touchpoint && names.get(`touchpoint:${c.touchpoint}`)].filter(Boolean).map(p => inline(p as string));
        return `- ~~${inline(c.id)}~~${levels(c.before)}${place.length > 0 ? ` — ${place.join(' › ')}` : ''}`;
    });
}

function emotionTable(before: ExportedJourney, after: ExportedJourney): string[] {
    const columns = alignStages(before, after);
    const rows: string[] = [];
    for (const curve of personaCurves(before, after, columns)) {
        columns.forEach((column, i) => {
            if (curve.before[i] === curve.after[i]) return;
            rows.push(`| ${inline(curve.label)} | ${inline(column.label)} | ${formatValue(curve.before[i])} | ${formatValue(curve.after[i])} |`);
        });
    }
    return rows.length === 0 ? [] : ['| Persona | Stage | Before | After |', '| --- | --- | --- | --- |', ...rows];
}

function kpiTable(before: ExportedJourney, after: ExportedJourney): string[] {
    const rows = alignMetrics(before, after)
        .filter(pair => !sameValue(pair.before, pair.after))
        .map(pair => `| ${inline(pair.label)}${pair.before ? '' : ' (added)'}${pair.after ? '' : ' (removed)'} | ${inline(stageLabel(pair.after ?? pair.before!, after, before))} | ${arrow(pair.before?.target, pair.after?.target)} | ${arrow(pair.before?.actual, pair.after?.actual)} |`);
    return rows.length === 0 ? [] : ['| KPI | Stage | Target | Actual |', '| --- | --- | --- | --- |', ...rows];
}

function arrow(old: ExportedMetricValue | undefined, now: ExportedMetricValue | undefined): string {
    return sameValue(old, now) ? metricValue(now) : `${metricValue(old)} → ${metricValue(now)}`;
}

function stageLabel(metric: ExportedMetric, ...journeys: ExportedJourney[]): string {
    for (const journey of journeys) {
        const stage = journey.stages.find(s => s.id === metric.stage);
        if (stage) return stage.label;
    }
    return metric.stage;
}
