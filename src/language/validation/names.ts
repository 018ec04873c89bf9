import { AstUtils, type AstNode, type AstNodeDescription, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Journey, JourneyAstType, Model } from '../generated/ast.js';
import type { JourneyCoreServices } from '../journey-core-module.js';
import { RuleIds } from '../rules.js';
import { kindWord, parsedWhileRecovering, report } from './diagnostics.js';
import { localized } from '../localized-messages.js';
import type { MessageParams } from '../../i18n/index.js';
import { hasParserErrors, type WorkspaceFacts } from './workspace-facts.js';

type Named = AstNode & { name?: string };

/**
 * duplicate-name (the language's scoping): names are unique per kind within their
 * scope. Stages, touchpoints, metrics and journey-local personas, channels and
 * teams within their journey; top-level personas, channels, teams and journeys
 * across the workspace. Each declaration after the first is reported, with the
 * first as related information.
 */
export function nameChecks(services: JourneyCoreServices, facts: WorkspaceFacts): ValidationChecks<JourneyAstType> {
    const nameProvider = services.references.NameProvider;

    const checkJourneyScope = (journey: Journey, accept: ValidationAcceptor): void => {
        const groups: readonly Named[][] = [
            journey.personas, journey.channels, journey.teams, journey.stages,
            journey.stages.flatMap(stage => stage.touchpoints), journey.metrics
        ];
        for (const group of groups) {
            const first = new Map<string, Named>();
            for (const node of group) {
                if (!node.name) continue;
                const earlier = first.get(node.name);
                if (!earlier) {
                    first.set(node.name, node);
                    continue;
                }
                // A declaration the parser read while recovering from a syntax error may be text of a
                // skipped block (a touchpoint's `channel Site`): not a second declaration.
                if (parsedWhileRecovering(node)) continue;
                if (parsedWhileRecovering(earlier)) {
                    first.set(node.name, node);
                    continue;
                }
                const where = earlier.$cstNode ? { key: 'diag.whereOnLine' as const, params: { line: earlier.$cstNode.range.start.line + 1 } } : '';
                const related = nameProvider.getNameNode(earlier) ?? earlier.$cstNode;
                const document = AstUtils.getDocument(node);
                report(accept, RuleIds.duplicateName,
                    { key: 'diag.duplicateInJourney', params: { kind: kindWord('the', node.$type), name: node.name, journey: journey.name, where } },
                    {
                        node, property: 'name',
                        relatedInformation: related ? [{
                            location: { uri: document.uri.toString(), range: related.range },
                            message: firstDeclaration(node.$type, node.name)
                        }] : undefined
                    });
            }
        }
    };

    const checkWorkspaceScope = (model: Model, accept: ValidationAcceptor): void => {
        const document = AstUtils.getDocument(model);
        // After a syntax error, recovery may have moved entries to the top level (`channel App` out of a touchpoint).
        if (hasParserErrors(document)) return;
        const declarations: readonly Named[] = [...model.personas, ...model.channels, ...model.teams, ...model.journeys];
        for (const node of declarations) {
            if (!node.name) continue;
            const same = facts.topLevelNamed(node.$type, node.name, node);
            if (same.length < 2 || facts.isSame(same[0], node, document)) continue;
            const first = same[0];
            const inThisFile = first.documentUri.toString() === document.uri.toString();
            const line = (first.nameSegment?.range.start.line ?? 0) + 1;
            const where: MessageParams[string] = inThisFile ? { key: 'diag.lineHere', params: { line } } : { key: 'diag.lineInFile', params: { file: fileName(first), line } };
            report(accept, RuleIds.duplicateName,
                { key: 'diag.duplicateInWorkspace', params: { kind: kindWord('the', node.$type), name: node.name, where } },
                { node, property: 'name', relatedInformation: relatedTo(first, firstDeclaration(node.$type, node.name)) });
        }
    };

    return { Journey: checkJourneyScope, Model: checkWorkspaceScope };
}

/** The related information's text: said in the document's language with the diagnostic. */
function firstDeclaration(type: string, name: string): string {
    return localized('diag.firstDeclaration', { kind: kindWord('name', type), name });
}

function relatedTo(description: AstNodeDescription, message: string): DiagnosticRelatedInformation[] | undefined {
    const range = description.nameSegment?.range ?? description.selectionSegment?.range;
    return range ? [{ location: { uri: description.documentUri.toString(), range }, message }] : undefined;
}

function fileName(description: AstNodeDescription): string {
    const path = description.documentUri.path;
    return path.slice(path.lastIndexOf('/') + 1);
}
