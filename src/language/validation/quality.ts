import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { DiagnosticTag } from 'vscode-languageserver';
import { isJourney, type Journey, type JourneyAstType, type Metric, type Persona, type Stage, type Touchpoint } from '../generated/ast.js';
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
        Metric: checkMetric
    };
}

function checkPersonaUsed(persona: Persona, facts: WorkspaceFacts, accept: ValidationAcceptor): void {
    if (!persona.name || facts.isReferenced(persona) || isLaterDuplicate(persona, facts) || !facts.usesAreKnown(persona)) return;
    report(accept, RuleIds.personaUnused,
        `Persona '${persona.name}' goes through no touchpoint. Add it to the \`personas\` of the touchpoints it goes through, or remove it.`,
        // Faded in the editor, like an unused variable.
        { node: persona, property: 'name', tags: [DiagnosticTag.Unnecessary] });
}

function checkStage(stage: Stage, accept: ValidationAcceptor): void {
    if (containsSyntaxError(stage)) return;
    if (stage.touchpoints.length === 0) {
        report(accept, RuleIds.stageEmpty,
            `Stage '${stage.name}' has no touchpoint. Add the touchpoints where the customer meets the company at this stage, or remove the stage.`,
            { node: stage, property: 'name' });
    }
    if (stage.goals.length === 0) {
        report(accept, RuleIds.stageNoGoal,
            `Stage '${stage.name}' has no customer goal. Add \`goal "…"\`: what the customer wants to achieve here, in their words.`,
            { node: stage, property: 'name' });
    }
    const frictions = [...stage.frictions, ...stage.touchpoints.flatMap(t => t.frictions)];
    const opportunities = stage.opportunities.length + stage.touchpoints.reduce((n, t) => n + t.opportunities.length, 0);
    if (opportunities === 0 && frictions.some(f => f.severity === 'high')) {
        report(accept, RuleIds.frictionNoOpportunity,
            `Stage '${stage.name}' has high-severity frictions and no opportunity. Add an \`opportunity "…" impact … effort …\` to the stage or one of its touchpoints.`,
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
            `Touchpoint '${name}' has no channel. Add \`channel X\` with the digital or physical channel where it happens.`,
            { node: touchpoint, property: 'name' });
    }
    if (touchpoint.personas.length === 0) {
        const journey = AstUtils.getContainerOfType(touchpoint, isJourney);
        if (journey && personasGoThrough(journey)) {
            report(accept, RuleIds.touchpointNoPersona,
                `Touchpoint '${name}' names no persona, while other touchpoints of journey '${journey.name}' do. Add \`personas A, B\` with the personas who go through it.`,
                { node: touchpoint, property: 'name' });
        }
    }
    if (!touchpoint.owner) {
        report(accept, RuleIds.touchpointNoOwner,
            `Touchpoint '${name}' has no owner. Add \`owner Team\` so a team is accountable for it.`,
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
            `Touchpoint '${name}' has no emotion, a gap in the emotion curve. Add \`emotion N\` with N from -2 to +2.`,
            { node: touchpoint, property: 'name' });
    }
    if (touchpoint.evidence.length === 0 && (hasEmotion || touchpoint.frictions.length > 0)) {
        report(accept, RuleIds.touchpointNoEvidence,
            `Touchpoint '${name}' has an emotion or friction but no evidence. Add \`evidence "…"\` naming the survey, interview or analytics behind it.`,
            { node: touchpoint, property: 'name' });
    }
}

function checkJourney(journey: Journey, accept: ValidationAcceptor): void {
    if (!personasGoThrough(journey) && !containsSyntaxError(journey)) {
        report(accept, RuleIds.journeyNoPersona,
            `No persona goes through journey '${journey.name}'. Declare a persona and name it in the \`personas\` of the touchpoints it goes through.`,
            { node: journey, property: 'name' });
    }
}

function checkMetric(metric: Metric, accept: ValidationAcceptor): void {
    if (!metric.target && !containsSyntaxError(metric)) {
        report(accept, RuleIds.metricNoTarget,
            `Metric '${metric.name}' has no target. Add \`target V\` so the gap between target and actual shows.`,
            { node: metric, property: 'name' });
    }
}

const personasGoThroughJourney = new WeakMap<Journey, boolean>();

/** Some touchpoint of the journey names a persona (resolved or not); asked once per touchpoint, computed once per journey. */
function personasGoThrough(journey: Journey): boolean {
    let answer = personasGoThroughJourney.get(journey);
    if (answer === undefined) {
        answer = journey.stages.some(stage => stage.touchpoints.some(touchpoint => touchpoint.personas.length > 0));
        personasGoThroughJourney.set(journey, answer);
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
    const same = facts.topLevelNamed('Persona', persona.name);
    return same.length > 1 && !facts.isSame(same[0], persona);
}
