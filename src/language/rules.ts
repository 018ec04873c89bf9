/**
 * The lint rules: one table, read by the checks, the configuration,
 * the CLI formats (SARIF rule metadata) and the README.
 */
import { t } from '../i18n/index.js';

export type RuleSeverity = 'off' | 'info' | 'warning' | 'error';

export interface RuleInfo {
    readonly id: RuleId;
    readonly defaultSeverity: RuleSeverity;
    /** One line: what the rule reports. */
    readonly description: string;
    /** Why it matters and how to fix it (SARIF help text, hover, docs). */
    readonly help: string;
}

export const RuleIds = {
    syntax: 'syntax',
    unresolvedReference: 'unresolved-reference',
    duplicateName: 'duplicate-name',
    repeatedField: 'repeated-field',
    emotionRange: 'emotion-range',
    emotionPersona: 'emotion-persona',
    metricStage: 'metric-stage',
    personaUnused: 'persona-unused',
    stageEmpty: 'stage-empty',
    touchpointNoChannel: 'touchpoint-no-channel',
    touchpointNoPersona: 'touchpoint-no-persona',
    journeyNoPersona: 'journey-no-persona',
    unreachableTouchpoint: 'unreachable-touchpoint',
    nextBackwards: 'next-backwards',
    stageNoGoal: 'stage-no-goal',
    touchpointNoOwner: 'touchpoint-no-owner',
    touchpointNoEmotion: 'touchpoint-no-emotion',
    frictionNoOpportunity: 'friction-no-opportunity',
    metricNoTarget: 'metric-no-target',
    touchpointNoEvidence: 'touchpoint-no-evidence',
    fileEmpty: 'file-empty',
    bidiControl: 'bidi-control',
    internalError: 'internal-error'
} as const;

export type RuleId = typeof RuleIds[keyof typeof RuleIds];

function rule(id: RuleId, defaultSeverity: RuleSeverity, description: string, help: string): RuleInfo {
    return { id, defaultSeverity, description, help };
}

export const RULES: readonly RuleInfo[] = [
    rule('syntax', 'error', 'The text cannot be read as a journey map.',
        'Fix the text at the position shown: a missing brace, quote or value. The parser recovers, so later problems are still reported.'),
    rule('unresolved-reference', 'error', 'A name does not resolve to a declaration of the expected kind.',
        'Declare the persona, channel, team, stage or touchpoint, or correct the name (the message suggests the closest declared name of the right kind).'),
    rule('duplicate-name', 'error', 'Two declarations of one kind share a name in one scope.',
        'Names of personas, channels, teams, journeys, stages, touchpoints and metrics must be unique per kind within their scope. Rename or remove the later declaration.'),
    rule('repeated-field', 'error', 'A field that holds one value is given more than once (`emotion Karim` twice included): only the last is kept.',
        'The text is read, and the preview, render and export use the last value: keep the one you mean and remove the others.'),
    rule('emotion-range', 'error', 'An emotion outside -2 … +2 or not whole (render, export and compare use one outside clamped to the range, with a warning).',
        // The scale's ends in the catalogue's words (the table is English, as SARIF's metadata is).
        `Emotion is an integer from -2 (${t('en', 'emotion.scale.-2')}) to +2 (${t('en', 'emotion.scale.2')}).`),
    rule('emotion-persona', 'warning', 'A per-persona emotion (`emotion Karim -2`) for a persona the touchpoint does not name.',
        'Name the persona in the touchpoint\'s `personas` (quick fix), or remove the value.'),
    rule('metric-stage', 'error', 'A metric is measured `in` something that is not a stage of its journey.',
        'Point `in` to a stage of the same journey.'),
    rule('persona-unused', 'warning', 'A persona that no touchpoint names.',
        'Name the persona in the `personas` of the touchpoints it goes through, or remove it.'),
    rule('stage-empty', 'warning', 'A stage with no touchpoint.',
        'Add the touchpoints where the customer meets the company at this stage, or remove the stage.'),
    rule('touchpoint-no-channel', 'warning', 'A touchpoint with no channel.',
        'Add `channel X` with the digital or physical channel where the touchpoint happens.'),
    rule('touchpoint-no-persona', 'warning', 'A touchpoint that names no persona in a journey that has personas.',
        'Add `personas A, B` with the personas who go through this touchpoint.'),
    rule('journey-no-persona', 'warning', 'A journey that no persona goes through.',
        'Declare a persona and name it in the touchpoints of the journey.'),
    rule('unreachable-touchpoint', 'warning', 'The journey uses `next`, and a touchpoint after the first stage is reached by no `next`.',
        'Add the touchpoint to the `next` of the touchpoint that leads to it, or check whether it belongs to the journey.'),
    rule('next-backwards', 'info', '`next` points to a touchpoint of an earlier stage.',
        'Loops are allowed; this makes them visible. Check that going back is what customers really do.'),
    rule('stage-no-goal', 'info', 'A stage without a customer goal.',
        'Add `goal "…"`: what the customer wants to achieve at this stage, in their words.'),
    rule('touchpoint-no-owner', 'info', 'A touchpoint without an owner team.',
        'Add `owner Team` so someone is accountable for the touchpoint.'),
    rule('touchpoint-no-emotion', 'info', 'A touchpoint without emotion: a gap in the emotion curve.',
        'Add `emotion N` with N from -2 to +2.'),
    rule('friction-no-opportunity', 'info', 'A stage has high-severity frictions and no opportunity.',
        'Add an `opportunity "…" impact … effort …` to the stage or one of its touchpoints.'),
    rule('metric-no-target', 'info', 'A metric without target.',
        'Add `target V` so the gap between target and actual can be shown.'),
    rule('touchpoint-no-evidence', 'off', 'A touchpoint with an emotion or friction but no evidence.',
        'Add `evidence "…"` naming the survey, interview or analytics behind the insight.'),
    rule('file-empty', 'warning', 'A file that declares nothing: no journey, persona, channel or team.',
        'Add a journey (or the personas, channels and teams the other maps share), or remove the file: `render` has nothing to draw from it.'),
    rule('bidi-control', 'warning', 'An invisible bidirectional control character (U+202A–U+202E, U+2066–U+2069) in a string or comment.',
        'These characters reorder how text is displayed, so a map can read differently from what it says ("Trojan Source"). Remove them; right-to-left text displays correctly without them.'),
    rule('internal-error', 'error', 'A check failed unexpectedly.',
        'This is a bug in Journey; the other checks still ran. Please report it with the map that triggers it.')
];

/** Rules no configuration or suppression turns off or down: a map that cannot be read, or was not fully checked, is an error. */
export const ALWAYS_ERROR_RULES: ReadonlySet<RuleId> = new Set<RuleId>([RuleIds.syntax, RuleIds.internalError]);

const RULES_BY_ID = new Map<string, RuleInfo>(RULES.map(r => [r.id, r]));

export function findRule(id: string): RuleInfo | undefined {
    return RULES_BY_ID.get(id);
}

export function isRuleSeverity(value: unknown): value is RuleSeverity {
    return value === 'off' || value === 'info' || value === 'warning' || value === 'error';
}
