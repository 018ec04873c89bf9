import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { DiagnosticTag } from 'vscode-languageserver-types';
import { isJourney, type Journey, type JourneyAstType, type Metric, type Model, type Persona, type Stage, type Touchpoint } from '../generated/ast.js';
import { RuleIds } from '../rules.js';
import { containsSyntaxError, report } from './diagnostics.js';
import type { WorkspaceFacts } from './workspace-facts.js';

/**
 * The completeness rules: what a journey map misses to be useful
 * (personas, channels, owners, goals, emotions, targets, evidence). Missing
 * fields are reported on the declaration's name. One check per node type below.
 */
export function qualityChecks(facts: WorkspaceFacts): ValidationChecks<JourneyAstType> {
    return {
        Persona: (persona, accept) => checkPersonaUsed(persona, facts, accept),
        Stage: checkStage,
        Touchpoint: checkTouchpoint,
        Journey: checkJourney,
        Metric: checkMetric,
        Model: checkFileDeclaresSomething
    };
}

/** A file with nothing in it (or only comments) is reported at its start: `render` says it holds no journey, lint says so too. */
function checkFileDeclaresSomething(model: Model, accept: ValidationAcceptor): void {
    const declared = model.journeys.length + model.personas.length + model.channels.length + model.teams.length;
    // Text the parser could not read is a syntax error already: that is what to fix first.
    const parsed = AstUtils.getDocument(model).parseResult;
    if (declared > 0 || parsed.parserErrors.length + parsed.lexerErrors.length > 0) return;
    const start = { line: 0, character: 0 };
    report(accept, RuleIds.fileEmpty, { key: 'diag.fileEmpty' }, { node: model, range: { start, end: start } });
}

function checkPersonaUsed(persona: Persona, facts: WorkspaceFacts, accept: ValidationAcceptor): void {
    if (!persona.name || facts.isReferenced(persona) || isLaterDuplicate(persona, facts) || !facts.usesAreKnown(persona)) return;
    report(accept, RuleIds.personaUnused,
        { key: 'diag.personaUnused', params: { name: persona.name } },
        // Faded in the editor, like an unused variable.
        { node: persona, property: 'name', tags: [DiagnosticTag.Unnecessary] });
}

function checkStage(stage: Stage, accept: ValidationAcceptor): void {
    if (containsSyntaxError(stage)) return;
    if (stage.touchpoints.length === 0) {
        report(accept, RuleIds.stageEmpty,
            { key: 'diag.stageEmpty', params: { name: stage.name } },
            { node: stage, property: 'name' });
    }
    if (stage.goals.length === 0) {
        report(accept, RuleIds.stageNoGoal,
            { key: 'diag.stageNoGoal', params: { name: stage.name } },
            { node: stage, property: 'name' });
    }
    const frictions = [...stage.frictions, ...stage.touchpoints.flatMap(t => t.frictions)];
    const opportunities = stage.opportunities.length + stage.touchpoints.reduce((n, t) => n + t.opportunities.length, 0);
    if (opportunities === 0 && frictions.some(f => f.severity === 'high')) {
        report(accept, RuleIds.frictionNoOpportunity,
            { key: 'diag.frictionNoOpportunity', params: { name: stage.name } },
            { node: stage, property: 'name' });
    }
}

function checkTouchpoint(touchpoint: Touchpoint, accept: ValidationAcceptor): void {
    if (containsSyntaxError(touchpoint)) return;
    checkTouchpointPeople(touchpoint, accept);
    checkTouchpointFeeling(touchpoint, accept);
}

/** Who is involved: a channel, the personas (when the journey names any), an owner. */
function checkTouchpointPeople(touchpoint: Touchpoint, accept: ValidationAcceptor): void {
    const name = touchpoint.name;
    if (touchpoint.channels.length === 0) {
        report(accept, RuleIds.touchpointNoChannel,
            { key: 'diag.touchpointNoChannel', params: { name } },
            { node: touchpoint, property: 'name' });
    }
    if (touchpoint.personas.length === 0) {
        const journey = AstUtils.getContainerOfType(touchpoint, isJourney);
        if (journey && personasGoThrough(journey)) {
            report(accept, RuleIds.touchpointNoPersona,
                { key: 'diag.touchpointNoPersona', params: { name, journey: journey.name } },
                { node: touchpoint, property: 'name' });
        }
    }
    if (!touchpoint.owner) {
        report(accept, RuleIds.touchpointNoOwner,
            { key: 'diag.touchpointNoOwner', params: { name } },
            { node: touchpoint, property: 'name' });
    }
}

/** What the customer feels, and what says so: an emotion, and evidence behind an emotion or friction. */
function checkTouchpointFeeling(touchpoint: Touchpoint, accept: ValidationAcceptor): void {
    const name = touchpoint.name;
    // Per-persona values alone (`emotion Karim -2`) cover the touchpoint too.
    const hasEmotion = touchpoint.emotions.length > 0;
    if (!hasEmotion) {
        report(accept, RuleIds.touchpointNoEmotion,
            { key: 'diag.touchpointNoEmotion', params: { name } },
            { node: touchpoint, property: 'name' });
    }
    if (touchpoint.evidence.length === 0 && (hasEmotion || touchpoint.frictions.length > 0)) {
        report(accept, RuleIds.touchpointNoEvidence,
            { key: 'diag.touchpointNoEvidence', params: { name } },
            { node: touchpoint, property: 'name' });
    }
}

function checkJourney(journey: Journey, accept: ValidationAcceptor): void {
    if (!personasGoThrough(journey) && !containsSyntaxError(journey)) {
        report(accept, RuleIds.journeyNoPersona,
            { key: 'diag.journeyNoPersona', params: { name: journey.name } },
            { node: journey, property: 'name' });
    }
}

function checkMetric(metric: Metric, accept: ValidationAcceptor): void {
    if (!metric.target && !containsSyntaxError(metric)) {
        report(accept, RuleIds.metricNoTarget,
            { key: 'diag.metricNoTarget', params: { name: metric.name } },
            { node: metric, property: 'name' });
    }
}

// Keyed by the journey's list of stages, not the journey: an edit inside one stage gives the
// journey a new list (journey-document-factory.ts reparseStage) and keeps the journey.
const personasGoThroughJourney = new WeakMap<readonly Stage[], boolean>();

/** Some touchpoint of the journey names a persona (resolved or not); asked once per touchpoint, computed once per journey. */
function personasGoThrough(journey: Journey): boolean {
    let answer = personasGoThroughJourney.get(journey.stages);
    if (answer === undefined) {
        answer = journey.stages.some(stage => stage.touchpoints.some(touchpoint => touchpoint.personas.length > 0));
        personasGoThroughJourney.set(journey.stages, answer);
    }
    return answer;
}

/**
 * A second persona of the same name is already a duplicate-name error, and
 * references go to the first one: calling it unused too would be noise.
 */
function isLaterDuplicate(persona: Persona, facts: WorkspaceFacts): boolean {
    const container = persona.$container;
    if (isJourney(container)) return container.personas.find(p => p.name === persona.name) !== persona;
    const same = facts.topLevelNamed('Persona', persona.name, persona);
    return same.length > 1 && !facts.isSame(same[0], persona);
}
