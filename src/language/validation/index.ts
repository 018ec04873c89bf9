import type { JourneyCoreServices } from '../journey-core-module.js';
import { characterChecks } from './characters.js';
import { flowChecks } from './flow.js';
import { nameChecks } from './names.js';
import { qualityChecks } from './quality.js';
import { structureChecks } from './structure.js';

export { JourneyDocumentValidator } from './document-validator.js';
export { JourneyValidationRegistry } from './validation-registry.js';
export { JourneyLexer, JourneyLexerErrorMessageProvider, JourneyParserErrorMessageProvider } from './syntax.js';
export type { MetricStageData, ReferenceTargetType, UnresolvedReferenceData } from './references.js';
export { closestName } from './closest-name.js';
export { ReferenceDiagnostics } from './references.js';
export { WorkspaceFacts } from './workspace-facts.js';

/** Registers every check of `validation/` with the validation registry, one record per concern. */
export function registerValidationChecks(services: JourneyCoreServices): void {
    const registry = services.validation.ValidationRegistry;
    // Created now, not on first use, so it hears every change of the `journey` settings.
    void services.config.RuleSeverities;
    const facts = services.validation.WorkspaceFacts;
    registry.register(nameChecks(services, facts));
    registry.register(structureChecks());
    registry.register(qualityChecks(facts));
    registry.register(flowChecks());
    registry.register(characterChecks());
}
