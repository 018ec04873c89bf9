import { isOperationCancelled, ValidationRegistry, type AstNode, type MaybePromise, type ValidationAcceptor } from 'langium';
import { RuleIds } from '../rules.js';

/**
 * Checks never throw past their boundary: a failing check becomes one
 * `internal-error` diagnostic on the node it was checking, and the other
 * checks still run.
 */
export class JourneyValidationRegistry extends ValidationRegistry {
    protected override async handleException(functionality: () => MaybePromise<void>, messageContext: string, accept: ValidationAcceptor, node: AstNode): Promise<void> {
        try {
            await functionality();
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            console.error(`Journey: ${messageContext} (${node.$type}):`, error);
            const detail = error instanceof Error ? error.message : String(error);
            accept('error', `Internal error in a check of this ${node.$type.toLowerCase()}: ${detail}. This is a bug in Journey; the other checks still ran.`,
                { node, code: RuleIds.internalError });
        }
    }
}
