// The resolved model of a .journey file as plain JSON (`journey export --format json`).
// Every exporter (JSON, Markdown, CSV, Mermaid) reads this shape, not the AST, so they
// agree on labels, resolved references and fallbacks. Pure: no I/O.
import type {
    Channel, Friction, Journey, JourneyState, Level, Medium, Metric, MetricValue, Model, Opportunity, Persona, Stage, Team, Touchpoint,
    TouchpointKind
} from '../language/generated/ast.js';
import { journeyChannels, journeyPersonas, journeyTeams, labelOf, referencedName, titleOf } from '../language/projection.js';
import type { KpiDirection } from '../common/kpi.js';
import { personaEmotions, sharedEmotion } from '../language/emotions.js';

/** Bumped on any change that could break a reader of the JSON (README documents it). */
export const SCHEMA_VERSION = 1;

export type { Level };

export interface ExportedModel {
    schemaVersion: typeof SCHEMA_VERSION;
    /** Personas, channels and teams declared at the top level of the file (workspace-wide). */
    personas: ExportedPersona[];
    channels: ExportedChannel[];
    teams: ExportedTeam[];
    journeys: ExportedJourney[];
}

export interface ExportedPersona {
    id: string;
    label: string;
    goals: string[];
    frustrations: string[];
    segment?: string;
    description?: string;
}
export interface ExportedChannel { id: string; label: string; medium?: Medium }
export interface ExportedTeam { id: string; label: string }

export interface ExportedJourney {
    id: string;
    /** The title, or the name when there is none. */
    label: string;
    state?: JourneyState;
    description?: string;
    /** Every persona, channel and team the journey declares or references (resolved, file order then first use). */
    personas: ExportedPersona[];
    channels: ExportedChannel[];
    teams: ExportedTeam[];
    stages: ExportedStage[];
    metrics: ExportedMetric[];
}

export interface ExportedStage {
    id: string;
    label: string;
    goals: string[];
    description?: string;
    touchpoints: ExportedTouchpoint[];
    /** Stage-level frictions and opportunities (touchpoint ones sit on the touchpoint). */
    frictions: ExportedFriction[];
    opportunities: ExportedOpportunity[];
}

export interface ExportedTouchpoint {
    id: string;
    label: string;
    kind?: TouchpointKind;
    /** Ids of channels, personas, the owner team and next touchpoints (resolved when declared, else as written). */
    channels: string[];
    personas: string[];
    owner?: string;
    /** −2 … +2 as written: the touchpoint's feeling for all of its personas. */
    emotion?: number;
    /** Per-persona values (`emotion Karim -2`) by persona id; absent when there are none. */
    emotions?: Record<string, number>;
    description?: string;
    actions: string[];
    backstage: string[];
    support: string[];
    evidence: string[];
    frictions: ExportedFriction[];
    opportunities: ExportedOpportunity[];
    next: string[];
}

export interface ExportedFriction { text: string; severity?: Level }
export interface ExportedOpportunity { text: string; impact?: Level; effort?: Level }
export interface ExportedMetricValue { value: number; percent: boolean }
export interface ExportedMetric {
    id: string;
    label: string;
    stage: string;
    target?: ExportedMetricValue;
    actual?: ExportedMetricValue;
    /** Which way is good: `lower` for `target <= V`, else `higher`. */
    direction: KpiDirection;
    /** `unit "min"`, when given. */
    unit?: string;
}

/** The resolved model of one parsed file (references resolved by the workspace that built it). */
export function exportModel(model: Model): ExportedModel {
    return {
        schemaVersion: SCHEMA_VERSION,
        personas: model.personas.map(exportPersona),
        channels: model.channels.map(exportChannel),
        teams: model.teams.map(exportTeam),
        journeys: model.journeys.map(exportJourney)
    };
}

function exportJourney(journey: Journey): ExportedJourney {
    return {
        id: journey.name ?? '',
        label: titleOf(journey),
        ...optional('state', journey.state),
        ...optional('description', journey.description),
        personas: journeyPersonas(journey).map(exportPersona),
        channels: journeyChannels(journey).map(exportChannel),
        teams: journeyTeams(journey).map(exportTeam),
        stages: journey.stages.map(exportStage),
        metrics: journey.metrics.map(exportMetric)
    };
}

function exportPersona(persona: Persona): ExportedPersona {
    return {
        id: persona.name ?? '',
        label: labelOf(persona),
        goals: [...persona.goals],
        frustrations: [...persona.frustrations],
        ...optional('segment', persona.segment),
        ...optional('description', persona.description)
    };
}

function exportChannel(channel: Channel): ExportedChannel {
    return { id: channel.name ?? '', label: labelOf(channel), ...optional('medium', channel.medium) };
}

function exportTeam(team: Team): ExportedTeam {
    return { id: team.name ?? '', label: labelOf(team) };
}

function exportStage(stage: Stage): ExportedStage {
    return {
        id: stage.name ?? '',
        label: labelOf(stage),
        goals: [...stage.goals],
        ...optional('description', stage.description),
        touchpoints: stage.touchpoints.map(exportTouchpoint),
        frictions: stage.frictions.map(exportFriction),
        opportunities: stage.opportunities.map(exportOpportunity)
    };
}

function exportTouchpoint(tp: Touchpoint): ExportedTouchpoint {
    return {
        id: tp.name ?? '',
        label: labelOf(tp),
        ...optional('kind', tp.kind),
        channels: tp.channels.map(referencedName),
        personas: tp.personas.map(referencedName),
        ...optional('owner', tp.owner && referencedName(tp.owner)),
        ...optional('emotion', sharedEmotion(tp)),
        ...optional('emotions', personaEmotions(tp)),
        ...optional('description', tp.description),
        actions: [...tp.actions],
        backstage: [...tp.backstage],
        support: [...tp.support],
        evidence: [...tp.evidence],
        frictions: tp.frictions.map(exportFriction),
        opportunities: tp.opportunities.map(exportOpportunity),
        next: tp.next.map(referencedName)
    };
}

function exportFriction(friction: Friction): ExportedFriction {
    return { text: friction.text ?? '', ...optional('severity', friction.severity) };
}

function exportOpportunity(opportunity: Opportunity): ExportedOpportunity {
    return {
        text: opportunity.text ?? '',
        ...optional('impact', opportunity.impact),
        ...optional('effort', opportunity.effort)
    };
}

function exportMetric(metric: Metric): ExportedMetric {
    return {
        id: metric.name ?? '',
        label: labelOf(metric),
        stage: referencedName(metric.stage),
        ...optional('target', metric.target && exportMetricValue(metric.target)),
        ...optional('actual', metric.actual && exportMetricValue(metric.actual)),
        direction: metric.direction === '<=' ? 'lower' : 'higher',
        ...optional('unit', metric.unit)
    };
}


function exportMetricValue(value: MetricValue): ExportedMetricValue {
    return { value: value.value, percent: value.percent };
}

/** `{ key: value }` when value is set, else `{}`: absent fields stay absent in the JSON. */
function optional<K extends string, V>(key: K, value: V | undefined | null | ''): { [P in K]?: V } {
    return value === undefined || value === null || value === '' ? {} : { [key]: value } as { [P in K]: V };
}
