import { AstUtils, Cancellation, CstUtils, GrammarAST, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { AstNodeHoverProvider } from 'langium/lsp';
import {
    isChannel, isJourney, isMetric, isPersona, isStage, isTeam, isTouchpoint,
    type Channel, type Journey, type Metric, type Persona, type Stage, type Team, type Touchpoint
} from '../generated/ast.js';
import type { JourneyServices } from '../journey-module.js';
import { keywordDoc } from './journey-keyword-docs.js';
import { isNameKeyword } from '../grammar-facts.js';
import { t, tn, type Locale, type MessageKey } from '../../i18n/index.js';
import type { MessageLocale } from '../message-locale.js';
import { formatKpi } from '../../common/kpi.js';
import { personaEmotionEntries, sharedEmotion } from '../emotions.js';
import { displayName, stagesOf, touchpointsUsing, type UsageServices } from './journey-usage.js';
import { indexForRequest } from './journey-reference-index.js';
import { versionOf } from './journey-walk-pause.js';

/** Lists longer than this are cut with "and N more": a hover stays short. */
const MAX_LISTED = 6;

/** Bullet lists (goals, frictions, evidence) longer than this end with "… and N more". */
const MAX_BULLETS = 12;

/**
 * Each user text (label, name, goal, description…) is cut to this many characters, with
 * '…': a hover is read in a small popup, and a label of megabytes made a hover of megabytes.
 */
const MAX_TEXT = 2_000;

/** Markdown hovers for every declaration, on its name and on each reference to it, in the message locale. */
export class JourneyHoverProvider extends AstNodeHoverProvider {
    private readonly usage: UsageServices;
    private readonly messageLocale: MessageLocale;
    private readonly indexManager: JourneyServices['shared']['workspace']['IndexManager'];

    constructor(services: JourneyServices) {
        super(services);
        this.usage = services;
        this.messageLocale = services.config.MessageLocale;
        this.indexManager = services.shared.workspace.IndexManager;
    }

    /**
     * A persona's, channel's or team's hover counts the touchpoints that name it, from the reference
     * index, which an edit leaves to be rebuilt (a second's work on a 5 MB map): brought up to date
     * first, pausing, so that other requests and the next keystroke are not held up behind it.
     */
    override async getHoverContent(document: LangiumDocument, params: HoverParams, cancelToken = Cancellation.CancellationToken.None): Promise<Hover | undefined> {
        if (this.countsUsage(document, params)) await indexForRequest(this.indexManager, document, versionOf(document), cancelToken);
        return await super.getHoverContent(document, params) ?? this.keywordHover(document, params);
    }

    /** True when the hover is on a persona, channel or team, declared or named (Langium's lookup for the hover). */
    private countsUsage(document: LangiumDocument, params: HoverParams): boolean {
        const root = document.parseResult.value.$cstNode;
        const declaration = root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        return !!declaration && this.references.findDeclarations(declaration).some(node => isPersona(node) || isChannel(node) || isTeam(node));
    }

    /**
     * Langium passes `getKeywordHoverContent` the grammar's keyword, whose document is the grammar,
     * not the map: the map's locale (its journey.config.json) is known here only.
     */
    protected override getKeywordHoverContent(): MaybePromise<Hover | undefined> {
        return undefined;
    }

    /** Keywords explain themselves in one line, with their values, in the map's locale. */
    private keywordHover(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        const offset = document.textDocument.offsetAt(params.position);
        if (!root) return undefined;
        // The declaration lookup reads words (`low`); a keyword of symbols (`<=`) is the leaf at the offset.
        const leaf = [CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp), CstUtils.findLeafNodeAtOffset(root, offset)]
            .find(node => node && node.offset <= offset && offset < node.end && GrammarAST.isKeyword(node.grammarSource));
        const keyword = leaf?.grammarSource as GrammarAST.Keyword | undefined;
        // A value keyword written as a name (`persona low`) is a name: its declaration's hover, if any, comes first.
        if (!keyword || isNameKeyword(keyword)) return undefined;
        const value = keywordDoc(this.messageLocale.of(document.uri), keyword.value);
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
            persona.segment && t(locale, 'hover.segment', { segment: shown(persona.segment) }),
            bullets(locale, t(locale, 'hover.goals'), persona.goals),
            bullets(locale, t(locale, 'hover.frustrations'), persona.frustrations),
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
        stage && t(locale, 'hover.stageOf', { stage: shown(displayName(stage)) }),
        touchpoint.channels.length > 0 && t(locale, 'hover.channels', { channels: shown(touchpoint.channels.map(c => c.ref ? displayName(c.ref) : c.$refText).join(', ')) }),
        shared !== undefined && t(locale, 'hover.emotion', { emotion: signed(shared) }),
        byPersona.length > 0 && t(locale, 'hover.emotionByPersona', {
            emotions: shown(byPersona.map(e => `${e.persona?.ref ? displayName(e.persona.ref) : e.persona?.$refText ?? ''} ${signed(e.value)}`).join(', '))
        }),
        touchpoint.owner && t(locale, 'hover.owner', { owner: shown(touchpoint.owner.ref ? displayName(touchpoint.owner.ref) : touchpoint.owner.$refText) }),
        // A friction being typed (`friction` and no text yet) has nothing to list.
        bullets(locale, t(locale, 'hover.frictions'), touchpoint.frictions.filter(f => f.text !== undefined)
            .map(f => f.severity ? `${f.text} (${t(locale, `severity.${f.severity}` as MessageKey)})` : f.text)),
        bullets(locale, t(locale, 'hover.evidence'), touchpoint.evidence)
    );
}

function stage(locale: Locale, stage: Stage): string {
    const count = tn(locale, 'count.touchpoint', stage.touchpoints.length);
    return lines(
        heading(t(locale, 'hover.stage'), stage.name, stage.label),
        bullets(locale, t(locale, 'hover.goals'), stage.goals),
        stage.touchpoints.length ? t(locale, 'hover.list', { what: count, names: names(locale, stage.touchpoints) }) : count
    );
}

function journey(locale: Locale, journey: Journey): string {
    return lines(
        heading(t(locale, 'hover.journey'), journey.name, journey.title) + (journey.state ? ` · ${t(locale, `map.state.${journey.state}`).toLocaleLowerCase(locale)}` : ''),
        journey.description && shown(journey.description),
        t(locale, 'hover.counts', {
            stages: tn(locale, 'count.stage', journey.stages.length),
            touchpoints: tn(locale, 'count.touchpoint', journey.stages.reduce((n, s) => n + s.touchpoints.length, 0))
        })
    );
}

function metric(locale: Locale, metric: Metric): string {
    return lines(
        heading(t(locale, 'hover.metric'), metric.name, metric.label),
        // A metric being typed has no `in Stage` yet (the parser leaves the reference out).
        metric.stage && t(locale, 'hover.inStage', { stage: shown(metric.stage.ref ? displayName(metric.stage.ref) : metric.stage.$refText) }),
        ...kpiLines(locale, metric)
    );
}

function heading(kind: string, name: string, label: string | undefined): string {
    return `**${kind}** \`${clip(name)}\`${label ? ` — ${shown(label)}` : ''}`;
}

/** `title` ends with its colon (`Goals:`, `Objectifs :`). */
function bullets(locale: Locale, title: string, items: readonly string[]): string | undefined {
    if (items.length === 0) return undefined;
    const listed = items.slice(0, MAX_BULLETS).map(i => `- ${shown(i)}`);
    if (items.length > MAX_BULLETS) listed.push(`- ${t(locale, 'hover.andMore', { shown: '…', count: items.length - MAX_BULLETS })}`);
    return `${title}\n${listed.join('\n')}`;
}

/** The nodes' names; one being typed (`touchpoint` and no name yet) has none to list. */
function names(locale: Locale, nodes: readonly { name?: string }[]): string {
    const named = nodes.flatMap(n => n.name ? [n.name] : []);
    const shown = named.slice(0, MAX_LISTED).map(name => `\`${clip(name)}\``).join(', ');
    return named.length > MAX_LISTED ? t(locale, 'hover.andMore', { shown, count: named.length - MAX_LISTED }) : shown;
}

function signed(n: number): string {
    return n > 0 ? `+${n}` : String(n);
}

/** The map's and the Markdown's wording (shared/kpi.ts). */
function kpiLines(locale: Locale, metric: Metric): string[] {
    const kpi = formatKpi({ ...(metric.target && { target: metric.target }), ...(metric.actual && { actual: metric.actual }), direction: metric.direction === '<=' ? 'lower' : 'higher', ...(metric.unit && { unit: metric.unit }) }, locale);
    return [kpi.values, kpi.result].filter((line): line is string => line !== undefined).map(shown);
}

/** User text as a hover shows it: cut (see `MAX_TEXT`), then escaped. */
function shown(text: string): string {
    return escape(clip(text));
}

/** The text's first `MAX_TEXT` characters and '…', never half of a surrogate pair. */
function clip(text: string): string {
    if (text.length <= MAX_TEXT) return text;
    const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT - 1]) ? MAX_TEXT - 1 : MAX_TEXT;
    return `${text.slice(0, end)}…`;
}

/** Keeps user text from being read as Markdown. */
function escape(text: string): string {
    return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function lines(...parts: Array<string | false | undefined>): string {
    return parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}
