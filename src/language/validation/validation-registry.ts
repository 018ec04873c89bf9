import {
    isOperationCancelled, ValidationRegistry,
    type AstNode, type Cancellation, type MaybePromise, type ValidationAcceptor, type ValidationCategory, type ValidationCheck
} from 'langium';
import { RuleIds } from '../rules.js';
import { internalErrorMessage, logError } from '../../common/errors.js';

/**
 * Checks never throw past their boundary: a failing check becomes one
 * `internal-error` diagnostic on the node it was checking, and the other
 * checks still run.
 *
 * Every check runs once per node of every document, so the wrapping costs count
 * (`npm run bench -- lint`): a synchronous check (all of the language's are) is
 * called without a promise around it, and the checks of each node type are
 * listed once, not gathered into a new stream per node (`checksFor`).
 */
export class JourneyValidationRegistry extends ValidationRegistry {
    private checksByType = new Map<string, readonly ValidationCheck[]>();
    /** Per `categories` array (a build passes the same one for every node): no key to build per node. */
    private checksByCategories = new WeakMap<readonly ValidationCategory[], Map<string, readonly ValidationCheck[]>>();

    protected override async handleException(functionality: () => MaybePromise<void>, messageContext: string, accept: ValidationAcceptor, node: AstNode): Promise<void> {
        try {
            await functionality();
        } catch (error) {
            this.reportFailure(error, messageContext, accept, node);
        }
    }

    /** Like Langium's, with the same report, but a check that returns no promise gets none. */
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        const messageContext = 'An error occurred during validation';
        return (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => {
            try {
                const result = check.call(thisObj, node, accept, cancelToken);
                if (isPromiseLike(result)) return Promise.resolve(result).catch(error => this.reportFailure(error, messageContext, accept, node));
            } catch (error) {
                this.reportFailure(error, messageContext, accept, node);
            }
            return undefined;
        };
    }

    protected override addEntry(type: string, entry: Parameters<ValidationRegistry['addEntry']>[1]): void {
        super.addEntry(type, entry);
        this.checksByType = new Map();
        this.checksByCategories = new WeakMap();
    }

    /** `getChecks` as an array kept per node type (and categories), in the same order. */
    checksFor(type: string, categories?: readonly ValidationCategory[]): readonly ValidationCheck[] {
        let byType = this.checksByType;
        if (categories) {
            byType = this.checksByCategories.get(categories) ?? new Map();
            this.checksByCategories.set(categories, byType);
        }
        let checks = byType.get(type);
        if (!checks) {
            checks = this.getChecks(type, categories as ValidationCategory[] | undefined).toArray();
            byType.set(type, checks);
        }
        return checks;
    }

    private reportFailure(error: unknown, messageContext: string, accept: ValidationAcceptor, node: AstNode): void {
        if (isOperationCancelled(error)) throw error;
        logError(`${messageContext} (${node.$type})`, error);
        accept('error', internalErrorMessage(`checking this ${node.$type.toLowerCase()}`, error, 'the other checks still ran'),
            { node, code: RuleIds.internalError });
    }
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
    return typeof (value as PromiseLike<void> | undefined)?.then === 'function';
}
