// A readable Markdown report of a model, for wikis and pull requests.
import type { ExportedJourney, ExportedModel, ExportedTouchpoint, Level } from './model.js';
import { formatKpi } from '../common/kpi.js';

const LEVEL_RANK: Record<Level, number> = { high: 3, medium: 2, low: 1 };
const EMOTION_FACES: Record<string, string> = { '-2': '😠', '-1': '🙁', '0': '😐', '1': '🙂', '2': '😄' };

export function toMarkdown(model: ExportedModel): string {
    return model.journeys.map(journeyReport).join('\n---\n\n');
}

function journeyReport(journey: ExportedJourney): string {
    const out: string[] = [`# ${inline(journey.label)}`, ''];
    const facts = [`Id: \`${journey.id}\``, journey.state && `State: ${journey.state}`].filter(Boolean);
    out.push(facts.join(' · '), '');
    if (journey.description) out.push(paragraph(journey.description), '');

    if (journey.personas.length > 0) {
        out.push('## Personas', '');
        for (const persona of journey.personas) {
            out.push(`### ${inline(persona.label)}`, '');
            if (persona.segment) out.push(`*Segment:* ${inline(persona.segment)}`, '');
            if (persona.description) out.push(paragraph(persona.description), '');
            for (const goal of persona.goals) out.push(`- 🎯 Goal: ${inline(goal)}`);
            for (const frustration of persona.frustrations) out.push(`- ⚠️ Frustration: ${inline(frustration)}`);
            if (persona.goals.length + persona.frustrations.length > 0) out.push('');
        }
    }

    const labelOf = (list: ReadonlyArray<{ id: string; label: string }>) => (id: string) => list.find(x => x.id === id)?.label ?? id;
    const channel = labelOf(journey.channels), persona = labelOf(journey.personas), team = labelOf(journey.teams);
    out.push('## Stages', '');
    for (const stage of journey.stages) {
        out.push(`### ${inline(stage.label)}`, '');
        for (const goal of stage.goals) out.push(`*Goal:* ${inline(goal)}`, '');
        if (stage.description) out.push(paragraph(stage.description), '');
        if (stage.touchpoints.length === 0) {
            out.push('_No touchpoint._', '');
            continue;
        }
        out.push('| Touchpoint | Kind | Channels | Personas | Emotion | Owner |', '|---|---|---|---|---|---|');
        for (const tp of stage.touchpoints) {
            out.push(tableRow([
                tp.label, tp.kind ?? '', listCell(tp.channels.map(channel)), listCell(tp.personas.map(persona)),
                emotionCell(tp, persona),
                tp.owner ? team(tp.owner) : ''
            ]));
        }
        out.push('');
    }

    const frictions = journey.stages.flatMap(stage => [
        ...stage.frictions.map(f => ({ ...f, where: stage.label })),
        ...stage.touchpoints.flatMap(tp => tp.frictions.map(f => ({ ...f, where: `${stage.label} › ${tp.label}` })))
    ]).sort((a, b) => rank(b.severity) - rank(a.severity));
    if (frictions.length > 0) {
        out.push('## Frictions (by severity)', '', '| Severity | Friction | Where |', '|---|---|---|');
        for (const f of frictions) out.push(tableRow([f.severity ?? '', f.text, f.where]));
        out.push('');
    }

    const opportunities = journey.stages.flatMap(stage => [
        ...stage.opportunities.map(o => ({ ...o, where: stage.label })),
        ...stage.touchpoints.flatMap(tp => tp.opportunities.map(o => ({ ...o, where: `${stage.label} › ${tp.label}` })))
    ]).sort((a, b) => rank(b.impact) - rank(a.impact) || effortRank(a.effort) - effortRank(b.effort));
    if (opportunities.length > 0) {
        out.push('## Opportunities (by impact, then lowest effort)', '', '| Impact | Effort | Opportunity | Where |', '|---|---|---|---|');
        for (const o of opportunities) out.push(tableRow([o.impact ?? '', o.effort ?? '', o.text, o.where]));
        out.push('');
    }

    const evidence = journey.stages.flatMap(stage => stage.touchpoints.filter(tp => tp.evidence.length > 0).map(tp => ({ tp, stage })));
    if (evidence.length > 0) {
        out.push('## Evidence', '');
        for (const { tp, stage } of evidence) {
            out.push(`### ${inline(`${stage.label} › ${tp.label}`)}`, '');
            for (const item of tp.evidence) out.push(`- ${inline(item)}`);
            out.push('');
        }
    }

    if (journey.metrics.length > 0) {
        const stage = labelOf(journey.stages);
        out.push('## Metrics', '', '| Metric | Stage | Target | Actual | Gap | Result |', '|---|---|---|---|---|---|');
        for (const m of journey.metrics) {
            const kpi = formatKpi(m);
            out.push(tableRow([m.label, stage(m.stage), kpi.target ?? '', kpi.actual ?? '', kpi.gap ?? '', kpi.verdictText ?? '']));
        }
        out.push('');
    }
    return out.join('\n');
}

function rank(level: Level | undefined): number {
    return level ? LEVEL_RANK[level] : 0;
}

/** Low effort first; unknown effort last. */
function effortRank(level: Level | undefined): number {
    return level ? LEVEL_RANK[level] : 4;
}

function emotionText(value: number): string {
    return `${EMOTION_FACES[String(value)] ?? ''} ${value > 0 ? '+' : ''}${value}`.trim();
}

/** The shared emotion, then one line per persona with its own value (`Karim: 😠 -2`). */
function emotionCell(tp: ExportedTouchpoint, persona: (id: string) => string): Cell {
    const lines = [
        ...(tp.emotion === undefined ? [] : [inline(emotionText(tp.emotion))]),
        ...Object.entries(tp.emotions ?? {}).map(([id, value]) => `${inline(persona(id))}: ${inline(emotionText(value))}`)
    ];
    return { markdown: lines.join('<br>') };
}

/** A cell is user text, or a list already escaped by `listCell`. */
type Cell = string | { readonly markdown: string };

function tableRow(cells: Cell[]): string {
    return `| ${cells.map(c => typeof c === 'string' ? inline(c) : c.markdown).join(' | ')} |`;
}

/**
 * Labels one per line in their cell: a comma between them would be ambiguous
 * ("Claire, lectrice" is one persona). User text cannot forge the `<br>`,
 * since `inline` escapes its `<`.
 */
function listCell(labels: string[]): Cell {
    return { markdown: labels.map(inline).join('<br>') };
}

/**
 * User text on one line, shown literally: Markdown's active characters
 * (emphasis, code, links, HTML and entities, strikethrough, table pipes) are
 * backslash-escaped.
 */
export function inline(text: string): string {
    return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#&~|])/g, '\\$1');
}

/** User text as a paragraph of its own: also escaped where it would start a list, a heading or a rule. */
function paragraph(text: string): string {
    return inline(text).replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
