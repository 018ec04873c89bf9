import { AstUtils, type AstNode, type LangiumDocument, type Reference, type ReferenceInfo } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { isJourney, isMetric, isModel, isTouchpoint, type Journey } from '../generated/ast.js';
import type { JourneyCoreServices } from '../journey-core-module.js';
import { journeyDeclarations } from '../references/journey-scope-computation.js';
import { closestName } from './closest-name.js';
import { kindWord } from './diagnostics.js';
import { localized } from '../localized-messages.js';
import type { MessageParams } from '../../i18n/index.js';
import { RuleIds } from '../rules.js';
import { declarationsOfRoot } from '../references/workspace-roots.js';

/** The kinds a reference can expect. */
export type ReferenceTargetType = 'Persona' | 'Channel' | 'Team' | 'Stage' | 'Touchpoint';

/** `data` of every `unresolved-reference` diagnostic: what quick fixes read. */
export interface UnresolvedReferenceData {
    code: typeof RuleIds.unresolvedReference;
    refText: string;
    expectedType: ReferenceTargetType;
    /** The closest declared name of that kind visible from the reference. */
    suggestion?: string;
}

/** `data` of a `metric-stage` diagnostic. */
export interface MetricStageData {
    code: typeof RuleIds.metricStage;
    refText: string;
    /** What the name is instead: a `$type` such as 'Touchpoint', or 'Stage' for a stage of another journey. */
    actualType: string;
}

/** The keyword a reference is written after, for messages. */
const PROPERTY_KEYWORDS: Record<string, string> = { channels: 'channel', personas: 'personas', owner: 'owner', next: 'next', stage: 'in', persona: 'emotion' };

/** A thing with the name a reference used, found outside the reference's scope. */
interface NamedElsewhere {
    type: string;
    /** Where it is declared: `ref.ofStage` (a touchpoint's stage) or `ref.inJourney` (another journey's stage). */
    where?: MessageParams[string];
    /** The other journey, for a stage of another journey. */
    journey?: Journey;
}

/**
 * Lookups shared by the unresolved references of one document, so a map with
 * thousands of broken names stays linear: declarations by name are indexed
 * once, and at most SUGGESTION_BUDGET distinct names get a did-you-mean.
 */
const SUGGESTION_BUDGET = 200;

interface Lookups {
    journeyDeclarations: Map<Journey, Map<string, AstNode>>;
    exported: Map<string, string[]> | undefined;
    suggestions: Map<string, string | undefined>;
    /** The document's workspace root: names of other workspaces are nowhere to be seen (`WorkspaceRoots`). */
    root: string;
}

/**
 * Turns Langium's linking errors into `unresolved-reference` diagnostics with
 * a did-you-mean suggestion, and `metric … in X` where X is not a stage of the
 * metric's journey into `metric-stage`.
 */
export class ReferenceDiagnostics {
    constructor(private readonly services: JourneyCoreServices) {}

    /** Lint's diagnostics; `only` keeps the references written in the nodes it accepts (the CLI's warnings about one journey). */
    collect(document: LangiumDocument, only?: (container: AstNode) => boolean): Diagnostic[] {
        const diagnostics: Diagnostic[] = [];
        const lookups: Lookups = { journeyDeclarations: new Map(), exported: undefined, suggestions: new Map(), root: this.services.references.WorkspaceRoots.rootOf(document.uri) };
        for (const reference of document.references) {
            const error = reference.error;
            // A reference the parser could not even read is already a syntax error.
            if (!error || !reference.$refText || (only && !only(error.info.container))) continue;
            const range = reference.$refNode?.range;
            if (range) diagnostics.push(this.toDiagnostic(reference as Reference, error.info, range, lookups));
        }
        return diagnostics;
    }

    private toDiagnostic(reference: Reference, info: ReferenceInfo, range: Diagnostic['range'], lookups: Lookups): Diagnostic {
        const name = reference.$refText;
        const expectedType = this.services.shared.AstReflection.getReferenceType(info) as ReferenceTargetType;
        const container = info.container;
        const journey = AstUtils.getContainerOfType(container, isJourney);
        const elsewhere = this.findElsewhere(name, journey, expectedType, lookups);
        if (isMetric(container) && expectedType === 'Stage' && elsewhere) {
            const data: MetricStageData = { code: RuleIds.metricStage, refText: name, actualType: elsewhere.type };
            const what: MessageParams[string] = elsewhere.type === 'Stage'
                ? { key: 'ref.stageOfOtherJourney', params: otherJourneyParams(elsewhere.journey, journey) }
                : { key: 'ref.notAStage', params: { actual: kindWord('a', elsewhere.type), where: elsewhere.where ?? '' } };
            const message = localized('ref.metricStage', { name, what, stages: stageList(journey) });
            return { range, severity: 1, code: RuleIds.metricStage, data, message };
        }
        const suggestion = this.suggest(info, name, journey, expectedType, lookups);
        const keyword = PROPERTY_KEYWORDS[info.property] ?? info.property;
        const where: MessageParams[string] = expectedType === 'Stage' || expectedType === 'Touchpoint'
            ? { key: 'ref.ofJourney', params: { journey: journey?.name ?? '' } }
            : { key: 'ref.declaredHere' };
        // One catalogue sentence per case, so each language orders its own words.
        const parts: MessageParams = { name, kind: kindWord('name', expectedType), suggestion: suggestion ?? '' };
        const detail: MessageParams[string] = elsewhere && elsewhere.type !== expectedType
            ? { key: 'ref.wrongKind', params: { name, actual: kindWord('a', elsewhere.type), where: elsewhere.where ?? '', keyword, kind: kindWord('a', expectedType) } }
            : suggestion ? '' : { key: 'ref.expects', params: { keyword, kind: kindWord('a', expectedType), where, name } };
        const message = localized('ref.unresolved', {
            unknown: { key: 'ref.unknown', params: parts },
            didYouMean: suggestion ? { key: 'ref.didYouMean', params: parts } : '',
            detail
        });
        const data: UnresolvedReferenceData = { code: RuleIds.unresolvedReference, refText: name, expectedType, ...(suggestion ? { suggestion } : {}) };
        return { range, severity: 1, code: RuleIds.unresolvedReference, message, data };
    }

    private suggest(info: ReferenceInfo, name: string, journey: Journey | undefined, expectedType: string, lookups: Lookups): string | undefined {
        // Same kind, same journey, same name: same scope, same answer.
        const key = `${expectedType}\u0000${journey?.name ?? ''}\u0000${name}`;
        if (lookups.suggestions.has(key)) return lookups.suggestions.get(key);
        const suggestion = lookups.suggestions.size < SUGGESTION_BUDGET
            ? closestName(name, this.services.references.ScopeProvider.getScope(info).getAllElements().map(description => description.name))
            : undefined;
        lookups.suggestions.set(key, suggestion);
        return suggestion;
    }

    /** A declaration named `name` that the reference could not see or that has another kind. */
    private findElsewhere(name: string, journey: Journey | undefined, expectedType: string, lookups: Lookups): NamedElsewhere | undefined {
        if (journey) {
            let byName = lookups.journeyDeclarations.get(journey);
            if (!byName) {
                byName = new Map();
                for (const node of journeyDeclarations(journey)) {
                    const declared = (node as { name?: string }).name;
                    // Stages come before touchpoints: the first of a name is kept.
                    if (declared && !byName.has(declared)) byName.set(declared, node);
                }
                lookups.journeyDeclarations.set(journey, byName);
            }
            const node = byName.get(name);
            if (node && node.$type !== expectedType) return { type: node.$type, where: placeOf(node) };
        }
        if (!lookups.exported) {
            lookups.exported = new Map();
            const roots = this.services.references.WorkspaceRoots;
            for (const description of declarationsOfRoot(this.services.shared.workspace.IndexManager, roots, lookups.root)) {
                const types = lookups.exported.get(description.name);
                if (types) types.push(description.type);
                else lookups.exported.set(description.name, [description.type]);
            }
        }
        const exportedType = lookups.exported.get(name)?.find(type => type !== expectedType);
        if (exportedType) return { type: exportedType };
        // Stages are local to their journey, and of another file only its exports are read (README):
        // a stage of another journey is looked for in this file only, so lint of one file, of its
        // folder and on threads agree.
        if (expectedType === 'Stage' && journey && isModel(journey.$container)) {
            const journeys = journey.$container.journeys;
            const other = journeys.find(j => j !== journey && j.stages.some(stage => stage.name === name));
            if (other) return otherJourneyStage(other);
        }
        return undefined;
    }
}

function placeOf(node: AstNode): MessageParams[string] | undefined {
    return isTouchpoint(node) ? { key: 'ref.ofStage', params: { stage: node.$container.name } } : undefined;
}

function otherJourneyStage(other: Journey): NamedElsewhere {
    return { type: 'Stage', where: { key: 'ref.inJourney', params: { journey: other.name } }, journey: other };
}

/** Two journeys of one name (a duplicate-name error) are told apart by their lines. */
function otherJourneyParams(other: Journey | undefined, journey: Journey | undefined): MessageParams {
    const line = (j: Journey | undefined): MessageParams[string] => other?.name === journey?.name && j?.$cstNode
        ? { key: 'diag.whereOnLine', params: { line: j.$cstNode.range.start.line + 1 } }
        : '';
    return { other: other?.name ?? '', otherLine: line(other), journey: journey?.name ?? '', journeyLine: line(journey) };
}

function stageList(journey: Journey | undefined): string {
    const names = journey?.stages.map(stage => stage.name).filter(Boolean) ?? [];
    if (names.length === 0) return '';
    const shown = names.length > 6 ? [...names.slice(0, 6), '…'] : names;
    return ` (${shown.join(', ')})`;
}
