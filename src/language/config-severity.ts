import { isRuleSeverity, type RuleSeverity } from './rules.js';

/** The severities as the README, the error messages and the schema list them, in rising order. */
export const SEVERITY_NAMES: readonly RuleSeverity[] = ['off', 'info', 'warning', 'error'];

/**
 * ESLint's words for our severities, read as ours in journey.config.json (and the `journey.rules`
 * setting): the README says severities are set "like ESLint's rules", so a config written the
 * ESLint way means what its author meant. ESLint's numbers (0, 1, 2) are not read: the README
 * does not promise them; the error for one names the word to write.
 */
export const ESLINT_SEVERITY_WORDS: Readonly<Record<string, RuleSeverity>> = { warn: 'warning' };

/** The severity a configuration value stands for, else undefined. */
export function configSeverity(value: unknown): RuleSeverity | undefined {
    if (isRuleSeverity(value)) return value;
    return typeof value === 'string' && Object.hasOwn(ESLINT_SEVERITY_WORDS, value) ? ESLINT_SEVERITY_WORDS[value] : undefined;
}
