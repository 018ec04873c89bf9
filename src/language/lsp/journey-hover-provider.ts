import { AstUtils, GrammarAST, type AstNode, type MaybePromise } from 'langium';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { AstNodeHoverProvider } from 'langium/lsp';
import {
    isChannel, isJourney, isMetric, isPersona, isStage, isTeam, isTouchpoint,
    type Channel, type Journey, type Metric, type Persona, type Stage, type Team, type Touchpoint
} from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { keywordDoc } from './journey-keyword-docs.js';
import { t, tn, type Locale, type MessageKey } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { formatKpi } from '../../common/kpi.js';
import { personaEmotionEntries, sharedEmotion } from '../emotions.js';
import { displayName, stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';

/** Lists longer than this are cut with "and N more": a hover stays short. */
const MAX_LISTED = 6;

/** Markdown hovers for every declaration, on its name and on each reference to it, in the message locale. */
export class JourneyHoverProvider extends AstNodeHoverProvider {
    private readonly usage: UsageServices;
    private readonly messageLocale: MessageLocale;

    constructor(services: JourneyServices) {
        super(services);
        this.usage = services;
        this.messageLocale = services.config.MessageLocale;
    }

    /** Keywords explain themselves in one line, with their values. */
    protected override getKeywordHoverContent(keyword: AstNode): MaybePromise<Hover | undefined> {
        if (!GrammarAST.isKeyword(keyword)) return undefined;
        const value = keywordDoc(this.messageLocale.of(AstUtils.getDocument(keyword).uri), keyword.value);
        return value ? { contents: { kind: MarkupKind.Markdown, value } } : undefined;
    }

    protected getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
        const locale = this.messageLocale.of(AstUtils.getDocument(node).uri);
        if (isPersona(node)) return this.persona(locale, node);
        if (isTouchpoint(node)) return touchpoint(locale, node);
        if (isChannel(node)) return this.channel(locale, node);
        if (isTeam(node)) return this.team(locale, node);
        if (isStage(node)) return stage(locale, node);
        if (isJourney(node)) return journey(locale, node);
        if (isMetric(node)) return metric(locale, node);
        return undefined;
    }

    private persona(locale: Locale, persona: Persona): string {
        const touchpoints = touchpointsUsing(this.usage, persona);
        return lines(
            heading(t(locale, 'hover.persona'), persona.name, persona.label),
            persona.segment && t(locale, 'hover.segment', { segment: escape(persona.segment) }),
            bullets(t(locale, 'hover.goals'), persona.goals),
            bullets(t(locale, 'hover.frustrations'), persona.frustrations),
            touchpoints.length === 0
                ? t(locale, 'hover.goesThroughNone')
                : t(locale, 'hover.goesThrough', {
                    touchpoints: tn(locale, 'count.touchpoint', touchpoints.length),
                    stages: tn(locale, 'count.stage', stagesOf(touchpoints).length),
                    names: names(locale, touchpoints)
                })
        );
    }

    private channel(locale: Locale, channel: Channel): string {
        const touchpoints = touchpointsUsing(this.usage, channel);
        return lines(
            heading(t(locale, 'hover.channel'), channel.name, channel.label) + (channel.medium ? ` · ${t(locale, `medium.${channel.medium}` as MessageKey)}` : ''),
            touchpoints.length === 0
                ? t(locale, 'hover.usedByNone')
                : t(locale, 'hover.usedBy', { touchpoints: tn(locale, 'count.touchpoint', touchpoints.length), names: names(locale, touchpoints) })
        );
    }

    private team(locale: Locale, team: Team): string {
        const touchpoints = touchpointsUsing(this.usage, team);
        return lines(
            heading(t(locale, 'hover.team'), team.name, team.label),
            touchpoints.length === 0
                ? t(locale, 'hover.ownsNone')
                : t(locale, 'hover.owns', { touchpoints: tn(locale, 'count.touchpoint', touchpoints.length), names: names(locale, touchpoints) })
        );
    }
}

function touchpoint(locale: Locale, touchpoint: Touchpoint): string {
    const stage = isStage(touchpoint.$container) ? touchpoint.$container : undefined;
    const shared = sharedEmotion(touchpoint);
    const byPersona = personaEmotionEntries(touchpoint);
    return lines(
        heading(t(locale, 'hover.touchpoint'), touchpoint.name, touchpoint.label) + (touchpoint.kind ? ` · ${t(locale, `kind.${touchpoint.kind}` as MessageKey).toLocaleLowerCase(locale)}` : ''),
        stage && t(locale, 'hover.stageOf', { stage: escape(displayName(stage)) }),
        touchpoint.channels.length > 0 && t(locale, 'hover.channels', { channels: escape(touchpoint.channels.map(c => c.ref ? displayName(c.ref) : c.$refText).join(', ')) }),
        shared !== undefined && t(locale, 'hover.emotion', { emotion: signed(shared) }),
        byPersona.length > 0 && t(locale, 'hover.emotionByPersona', {
            emotions: byPersona.map(e => `${escape(e.persona?.ref ? displayName(e.persona.ref) : e.persona?.$refText ?? '')} ${signed(e.value)}`).join(', ')
        }),
        touchpoint.owner && t(locale, 'hover.owner', { owner: escape(touchpoint.owner.ref ? displayName(touchpoint.owner.ref) : touchpoint.owner.$refText) }),
        bullets(t(locale, 'hover.frictions'), touchpoint.frictions.map(f => f.severity ? `${f.text} (${t(locale, `severity.${f.severity}` as MessageKey)})` : f.text)),
        bullets(t(locale, 'hover.evidence'), touchpoint.evidence)
    );
}

function stage(locale: Locale, stage: Stage): string {
    const count = tn(locale, 'count.touchpoint', stage.touchpoints.length);
    return lines(
        heading(t(locale, 'hover.stage'), stage.name, stage.label),
        bullets(t(locale, 'hover.goals'), stage.goals),
        stage.touchpoints.length ? t(locale, 'hover.list', { what: count, names: names(locale, stage.touchpoints) }) : count
    );
}

function journey(locale: Locale, journey: Journey): string {
    return lines(
        heading(t(locale, 'hover.journey'), journey.name, journey.title) + (journey.state ? ` · ${t(locale, `hover.state.${journey.state}` as MessageKey)}` : ''),
        journey.description && escape(journey.description),
        t(locale, 'hover.counts', {
            stages: tn(locale, 'count.stage', journey.stages.length),
            touchpoints: tn(locale, 'count.touchpoint', journey.stages.reduce((n, s) => n + s.touchpoints.length, 0))
        })
    );
}

function metric(locale: Locale, metric: Metric): string {
    return lines(
        heading(t(locale, 'hover.metric'), metric.name, metric.label),
        t(locale, 'hover.inStage', { stage: escape(metric.stage.ref ? displayName(metric.stage.ref) : metric.stage.$refText) }),
        ...kpiLines(locale, metric)
    );
}

function heading(kind: string, name: string, label: string | undefined): string {
    return `**${kind}** \`${name}\`${label ? ` — ${escape(label)}` : ''}`;
}

/** `title` ends with its colon (`Goals:`, `Objectifs :`). */
function bullets(title: string, items: readonly string[]): string | undefined {
    return items.length === 0 ? undefined : `${title}\n${items.map(i => `- ${escape(i)}`).join('\n')}`;
}

function names(locale: Locale, nodes: readonly { name: string }[]): string {
    const shown = nodes.slice(0, MAX_LISTED).map(n => `\`${n.name}\``).join(', ');
    return nodes.length > MAX_LISTED ? t(locale, 'hover.andMore', { shown, count: nodes.length - MAX_LISTED }) : shown;
}

function signed(n: number): string {
    return n > 0 ? `+${n}` : String(n);
}

/** The map's and the Markdown's wording (shared/kpi.ts). */
function kpiLines(locale: Locale, metric: Metric): string[] {
    const kpi = formatKpi({ ...(metric.target && { target: metric.target }), ...(metric.actual && { actual: metric.actual }), direction: metric.direction === '<=' ? 'lower' : 'higher', ...(metric.unit && { unit: metric.unit }) }, locale);
    return [kpi.values, kpi.result].filter((line): line is string => line !== undefined).map(escape);
}

/** Keeps user text from being read as Markdown. */
function escape(text: string): string {
    return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function lines(...parts: Array<string | false | undefined>): string {
    return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}
