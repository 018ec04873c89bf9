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

/**
 * Personas, channels and teams: in the model, those declared at the top level of the file
 * (workspace-wide); in a journey, every one it declares or references (resolved, file order then first use).
 */
export interface ExportedDeclarations {
    personas: ExportedPersona[];
    channels: ExportedChannel[];
    teams: ExportedTeam[];
}

export interface ExportedModel extends ExportedDeclarations {
    schemaVersion: typeof SCHEMA_VERSION;
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

export interface ExportedJourney extends ExportedDeclarations {
    id: string;
    /** The title, or the name when there is none. */
    label: string;
    state?: JourneyState;
    description?: string;
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
        ...exportDeclarations(model.personas, model.channels, model.teams),
        journeys: model.journeys.map(exportJourney)
    };
}

function exportJourney(journey: Journey): ExportedJourney {
    return {
        id: journey.name ?? '',
        label: titleOf(journey),
        ...optional('state', journey.state),
        ...optional('description', journey.description),
        ...exportDeclarations(journeyPersonas(journey), journeyChannels(journey), journeyTeams(journey)),
        stages: journey.stages.map(exportStage),
        metrics: journey.metrics.map(exportMetric)
    };
}

function exportDeclarations(personas: readonly Persona[], channels: readonly Channel[], teams: readonly Team[]): ExportedDeclarations {
    return { personas: personas.map(exportPersona), channels: channels.map(exportChannel), teams: teams.map(exportTeam) };
}

/** The `id` and `label` of an element: its name and its label, else its name (the JSON's fields are never missing). */
function idAndLabel(node: { name?: string; label?: string }): { id: string; label: string } {
    return { id: node.name ?? '', label: labelOf(node) };
}

function exportPersona(persona: Persona): ExportedPersona {
    return {
        ...idAndLabel(persona),
        goals: [...persona.goals],
        frustrations: [...persona.frustrations],
        ...optional('segment', persona.segment),
        ...optional('description', persona.description)
    };
}

function exportChannel(channel: Channel): ExportedChannel {
    return { ...idAndLabel(channel), ...optional('medium', channel.medium) };
}

function exportTeam(team: Team): ExportedTeam {
    return idAndLabel(team);
}

function exportStage(stage: Stage): ExportedStage {
    return {
        ...idAndLabel(stage),
        goals: [...stage.goals],
        ...optional('description', stage.description),
        touchpoints: stage.touchpoints.map(exportTouchpoint),
        frictions: stage.frictions.map(exportFriction),
        opportunities: stage.opportunities.map(exportOpportunity)
    };
}

function exportTouchpoint(tp: Touchpoint): ExportedTouchpoint {
    return {
        ...idAndLabel(tp),
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
        ...idAndLabel(metric),
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
