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
 * listed once, not gathered into a new stream per node (`checksOf`).
 */
export class JourneyValidationRegistry extends ValidationRegistry {
    /**
     * Per set of categories, by its names: Langium's builder gives every document a new
     * `categories` array (of the same few names), so an array is no key to keep them by.
     */
    private checksByCategories = new Map<string, Map<string, readonly ValidationCheck[]>>();

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
        this.checksByCategories = new Map();
    }

    /**
     * `getChecks` as an array kept per node type (and categories), in the same order; the
     * categories are looked up once per walk of a document, the type once per node.
     */
    checksOf(categories?: readonly ValidationCategory[]): (type: string) => readonly ValidationCheck[] {
        // No category name holds a comma, nor is empty: `''` is no set's key but none's (every check).
        const key = categories ? `,${categories.join()}` : '';
        let byType = this.checksByCategories.get(key);
        if (!byType) this.checksByCategories.set(key, byType = new Map());
        const checksOfType = byType;
        return type => {
            let checks = checksOfType.get(type);
            if (!checks) {
                checks = this.getChecks(type, categories as ValidationCategory[] | undefined).toArray();
                checksOfType.set(type, checks);
            }
            return checks;
        };
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
