import { GrammarAST, type AstNode, type MaybePromise } from 'langium';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { AstNodeHoverProvider } from 'langium/lsp';
import {
    isChannel, isJourney, isMetric, isPersona, isStage, isTeam, isTouchpoint,
    type Channel, type Journey, type Metric, type Persona, type Stage, type Team, type Touchpoint
} from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { KEYWORD_DOCS } from './journey-keyword-docs.js';
import { plural } from '../../common/plural.js';
import { formatKpi } from '../../common/kpi.js';
import { personaEmotionEntries, sharedEmotion } from '../emotions.js';
import { displayName, stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';

/** Lists longer than this are cut with "and N more": a hover stays short. */
const MAX_LISTED = 6;

/** Markdown hovers for every declaration, on its name and on each reference to it. */
export class JourneyHoverProvider extends AstNodeHoverProvider {
    private readonly usage: UsageServices;

    constructor(services: JourneyServices) {
        super(services);
        this.usage = services;
    }

    /** Keywords explain themselves in one line, with their values. */
    protected override getKeywordHoverContent(keyword: AstNode): MaybePromise<Hover | undefined> {
        const value = GrammarAST.isKeyword(keyword) ? KEYWORD_DOCS[keyword.value] : undefined;
        return value ? { contents: { kind: MarkupKind.Markdown, value } } : undefined;
    }

    protected getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        if (isPersona(node)) return this.persona(node);
        if (isTouchpoint(node)) return touchpoint(node);
        if (isChannel(node)) return this.channel(node);
        if (isTeam(node)) return this.team(node);
        if (isStage(node)) return stage(node);
        if (isJourney(node)) return journey(node);
        if (isMetric(node)) return metric(node);
        return undefined;
    }

    private persona(persona: Persona): string {
        const touchpoints = touchpointsUsing(this.usage, persona);
        return lines(
            heading('Persona', persona.name, persona.label),
            persona.segment && `Segment: ${persona.segment}`,
            bullets('Goals', persona.goals),
            bullets('Frustrations', persona.frustrations),
            touchpoints.length === 0
                ? 'Goes through no touchpoint.'
                : `Goes through ${plural(touchpoints.length, 'touchpoint')} in ${plural(stagesOf(touchpoints).length, 'stage')}: ${names(touchpoints)}`
        );
    }

    private channel(channel: Channel): string {
        const touchpoints = touchpointsUsing(this.usage, channel);
        return lines(
            heading('Channel', channel.name, channel.label) + (channel.medium ? ` · ${channel.medium}` : ''),
            touchpoints.length === 0 ? 'Used by no touchpoint.' : `Used by ${plural(touchpoints.length, 'touchpoint')}: ${names(touchpoints)}`
        );
    }

    private team(team: Team): string {
        const touchpoints = touchpointsUsing(this.usage, team);
        return lines(
            heading('Team', team.name, team.label),
            touchpoints.length === 0 ? 'Owns no touchpoint.' : `Owns ${plural(touchpoints.length, 'touchpoint')}: ${names(touchpoints)}`
        );
    }
}

function touchpoint(touchpoint: Touchpoint): string {
    const stage = isStage(touchpoint.$container) ? touchpoint.$container : undefined;
    return lines(
        heading('Touchpoint', touchpoint.name, touchpoint.label) + (touchpoint.kind ? ` · ${touchpoint.kind}` : ''),
        stage && `Stage: ${displayName(stage)}`,
        touchpoint.channels.length > 0 && `Channels: ${touchpoint.channels.map(c => c.ref ? displayName(c.ref) : c.$refText).join(', ')}`,
        sharedEmotion(touchpoint) !== undefined && `Emotion: ${signed(sharedEmotion(touchpoint)!)}`,
        personaEmotionEntries(touchpoint).length > 0
            && `Emotion by persona: ${personaEmotionEntries(touchpoint).map(e => `${escape(e.persona?.ref ? displayName(e.persona.ref) : e.persona?.$refText ?? '')} ${signed(e.value)}`).join(', ')}`,
        touchpoint.owner && `Owner: ${touchpoint.owner.ref ? displayName(touchpoint.owner.ref) : touchpoint.owner.$refText}`,
        bullets('Frictions', touchpoint.frictions.map(f => f.severity ? `${f.text} (${f.severity})` : f.text)),
        bullets('Evidence', touchpoint.evidence)
    );
}

function stage(stage: Stage): string {
    return lines(
        heading('Stage', stage.name, stage.label),
        bullets('Goals', stage.goals),
        `${plural(stage.touchpoints.length, 'touchpoint')}${stage.touchpoints.length ? `: ${names(stage.touchpoints)}` : ''}`
    );
}

function journey(journey: Journey): string {
    return lines(
        heading('Journey', journey.name, journey.title) + (journey.state ? ` · ${journey.state} state` : ''),
        journey.description,
        `${plural(journey.stages.length, 'stage')}, ${plural(journey.stages.reduce((n, s) => n + s.touchpoints.length, 0), 'touchpoint')}`
    );
}

function metric(metric: Metric): string {
    return lines(
        heading('Metric', metric.name, metric.label),
        `In stage ${metric.stage.ref ? displayName(metric.stage.ref) : metric.stage.$refText}`,
        ...kpiLines(metric)
    );
}

function heading(kind: string, name: string, label: string | undefined): string {
    return `**${kind}** \`${name}\`${label ? ` — ${escape(label)}` : ''}`;
}

function bullets(title: string, items: readonly string[]): string | undefined {
    return items.length === 0 ? undefined : `${title}:\n${items.map(i => `- ${escape(i)}`).join('\n')}`;
}

function names(nodes: readonly { name: string }[]): string {
    const shown = nodes.slice(0, MAX_LISTED).map(n => `\`${n.name}\``).join(', ');
    return nodes.length > MAX_LISTED ? `${shown} and ${nodes.length - MAX_LISTED} more` : shown;
}

function signed(n: number): string {
    return n > 0 ? `+${n}` : String(n);
}

/** The map's and the Markdown's wording (shared/kpi.ts). */
function kpiLines(metric: Metric): string[] {
    const kpi = formatKpi({ ...(metric.target && { target: metric.target }), ...(metric.actual && { actual: metric.actual }), direction: metric.direction === '<=' ? 'lower' : 'higher', ...(metric.unit && { unit: metric.unit }) });
    return [kpi.values, kpi.result].filter((line): line is string => line !== undefined).map(escape);
}

/** Keeps user text from being read as Markdown. */
function escape(text: string): string {
    return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function lines(...parts: Array<string | false | undefined>): string {
    return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}
