import { isOperationCancelled, ValidationRegistry, type AstNode, type MaybePromise, type ValidationAcceptor } from 'langium';
import { RuleIds } from '../rules.js';
import { internalErrorMessage, logError } from '../../common/errors.js';

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
            logError(`${messageContext} (${node.$type})`, error);
            accept('error', internalErrorMessage(`checking this ${node.$type.toLowerCase()}`, error, 'the other checks still ran'),
                { node, code: RuleIds.internalError });
        }
    }
}
