// A readable Markdown report of a model, for wikis and pull requests.
import type { ExportedJourney, ExportedModel, ExportedTouchpoint, Level } from './model.js';
import { formatKpi } from '../common/kpi.js';
import { formatSigned, t, type Locale, type MessageKey } from '../i18n/index.js';

const LEVEL_RANK: Record<Level, number> = { high: 3, medium: 2, low: 1 };
const EMOTION_FACES: Record<string, string> = { '-2': '😠', '-1': '🙁', '0': '😐', '1': '🙂', '2': '😄' };

/**
 * The report, its headings and fixed words in `locale` (default English), or each journey's
 * in its own (maps of several workspaces, each with its journey.config.json).
 */
export function toMarkdown(model: ExportedModel, locale?: Locale | ((journey: ExportedJourney) => Locale)): string {
    return model.journeys.map(journey => journeyReport(journey, typeof locale === 'function' ? locale(journey) : locale)).join('\n---\n\n');
}

function journeyReport(journey: ExportedJourney, locale: Locale | undefined): string {
    const say = (key: MessageKey, params?: Parameters<typeof t>[2]) => t(locale, key, params);
    const header = (...keys: MessageKey[]) => [`| ${keys.map(k => say(k)).join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`];
    const level = (kind: 'severity' | 'level', value: string | undefined) => value ? say(`${kind}.${value}` as MessageKey) : '';
    const out: string[] = [`# ${inline(journey.label)}`, ''];
    const facts = [say('md.id', { id: `\`${journey.id}\`` }), journey.state && say('md.state', { state: say(`md.state.${journey.state}`) })].filter(Boolean);
    out.push(facts.join(' · '), '');
    if (journey.description) out.push(paragraph(journey.description), '');

    if (journey.personas.length > 0) {
        out.push(`## ${say('md.personas')}`, '');
        for (const persona of journey.personas) {
            out.push(`### ${inline(persona.label)}`, '');
            if (persona.segment) out.push(`*${say('md.segment')}* ${inline(persona.segment)}`, '');
            if (persona.description) out.push(paragraph(persona.description), '');
            for (const goal of persona.goals) out.push(`- 🎯 ${say('md.goal')} ${inline(goal)}`);
            for (const frustration of persona.frustrations) out.push(`- ⚠️ ${say('md.frustration')} ${inline(frustration)}`);
            if (persona.goals.length + persona.frustrations.length > 0) out.push('');
        }
    }

    const labelOf = (list: ReadonlyArray<{ id: string; label: string }>) => (id: string) => list.find(x => x.id === id)?.label ?? id;
    const channel = labelOf(journey.channels), persona = labelOf(journey.personas), team = labelOf(journey.teams);
    const touchpoint = labelOf(journey.stages.flatMap(stage => stage.touchpoints));
    const lanes = drawnLanes(journey);
    out.push(`## ${say('md.stages')}`, '');
    for (const stage of journey.stages) {
        out.push(`### ${inline(stage.label)}`, '');
        for (const goal of stage.goals) out.push(`*${say('md.goal')}* ${inline(goal)}`, '');
        if (stage.description) out.push(paragraph(stage.description), '');
        if (stage.touchpoints.length === 0) {
            out.push(`_${say('md.noTouchpoint')}_`, '');
            continue;
        }
        out.push(...header('md.col.touchpoint', 'md.col.kind', 'md.col.channels', 'md.col.personas', 'md.col.emotion', 'md.col.owner', ...lanes.map(lane => lane.heading)));
        for (const tp of stage.touchpoints) {
            out.push(tableRow([
                tp.label, tp.kind ? say(`kindValue.${tp.kind}`) : '', listCell(tp.channels.map(channel)), listCell(tp.personas.map(persona)),
                emotionCell(tp, persona, locale),
                tp.owner ? team(tp.owner) : '',
                ...lanes.map(lane => listCell(lane.field === 'next' ? tp.next.map(touchpoint) : tp[lane.field]))
            ]));
        }
        out.push('');
    }

    const frictions = journey.stages.flatMap(stage => [
        ...stage.frictions.map(f => ({ ...f, where: stage.label })),
        ...stage.touchpoints.flatMap(tp => tp.frictions.map(f => ({ ...f, where: `${stage.label} › ${tp.label}` })))
    ]).sort((a, b) => rank(b.severity) - rank(a.severity));
    if (frictions.length > 0) {
        out.push(`## ${say('md.frictions')}`, '', ...header('md.col.severity', 'md.col.friction', 'md.col.where'));
        for (const f of frictions) out.push(tableRow([level('severity', f.severity), f.text, f.where]));
        out.push('');
    }

    const opportunities = journey.stages.flatMap(stage => [
        ...stage.opportunities.map(o => ({ ...o, where: stage.label })),
        ...stage.touchpoints.flatMap(tp => tp.opportunities.map(o => ({ ...o, where: `${stage.label} › ${tp.label}` })))
    ]).sort((a, b) => rank(b.impact) - rank(a.impact) || effortRank(a.effort) - effortRank(b.effort));
    if (opportunities.length > 0) {
        out.push(`## ${say('md.opportunities')}`, '', ...header('md.col.impact', 'md.col.effort', 'md.col.opportunity', 'md.col.where'));
        for (const o of opportunities) out.push(tableRow([level('level', o.impact), level('level', o.effort), o.text, o.where]));
        out.push('');
    }

    const evidence = journey.stages.flatMap(stage => stage.touchpoints.filter(tp => tp.evidence.length > 0).map(tp => ({ tp, stage })));
    if (evidence.length > 0) {
        out.push(`## ${say('md.evidence')}`, '');
        for (const { tp, stage } of evidence) {
            out.push(`### ${inline(`${stage.label} › ${tp.label}`)}`, '');
            for (const item of tp.evidence) out.push(`- ${inline(item)}`);
            out.push('');
        }
    }

    if (journey.metrics.length > 0) {
        const stage = labelOf(journey.stages);
        out.push(`## ${say('md.metrics')}`, '', ...header('md.col.metric', 'md.col.stage', 'md.col.target', 'md.col.actual', 'md.col.gap', 'md.col.result'));
        for (const m of journey.metrics) {
            const kpi = formatKpi(m, locale);
            out.push(tableRow([m.label, stage(m.stage), kpi.target ?? '', kpi.actual ?? '', kpi.gap ?? '', kpi.verdictText ?? '']));
        }
        out.push('');
    }
    return out.join('\n');
}

/**
 * The touchpoint lists the map draws as lanes (headed with the picture's lane names) and as
 * arrows (`next`), each a column of the stage tables when some touchpoint of the journey has one:
 * a map without them keeps its six columns.
 */
const TOUCHPOINT_LISTS = [
    { field: 'actions', heading: 'lane.actions' },
    { field: 'backstage', heading: 'lane.backstage' },
    { field: 'support', heading: 'lane.support' },
    { field: 'next', heading: 'md.col.next' }
] as const satisfies ReadonlyArray<{ field: keyof ExportedTouchpoint; heading: MessageKey }>;

function drawnLanes(journey: ExportedJourney): ReadonlyArray<typeof TOUCHPOINT_LISTS[number]> {
    const touchpoints = journey.stages.flatMap(stage => stage.touchpoints);
    return TOUCHPOINT_LISTS.filter(list => touchpoints.some(tp => tp[list.field].length > 0));
}

function rank(level: Level | undefined): number {
    return level ? LEVEL_RANK[level] : 0;
}

/** Low effort first; unknown effort last. */
function effortRank(level: Level | undefined): number {
    return level ? LEVEL_RANK[level] : 4;
}

function emotionText(value: number, locale: Locale | undefined): string {
    return `${EMOTION_FACES[String(value)] ?? ''} ${formatSigned(locale, value)}`.trim();
}

/** The shared emotion, then one line per persona with its own value (`Karim: 😠 -2`). */
function emotionCell(tp: ExportedTouchpoint, persona: (id: string) => string, locale: Locale | undefined): Cell {
    const lines = [
        ...(tp.emotion === undefined ? [] : [inline(emotionText(tp.emotion, locale))]),
        ...Object.entries(tp.emotions ?? {}).map(([id, value]) => t(locale, 'map.emotionPoint', { persona: inline(persona(id)), emotion: inline(emotionText(value, locale)) }))
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
 * (emphasis, code, links, HTML and entities, strikethrough, table pipes, and
 * GitHub's `$…$` maths) are backslash-escaped.
 */
export function inline(text: string): string {
    return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>#&~|$])/g, '\\$1');
}

/** User text as a paragraph of its own: also escaped where it would start a list, a heading or a rule. */
function paragraph(text: string): string {
    return inline(text).replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
