// Walking a document's AST in Langium's order (`AstUtils.streamAst`: each node before its
// children, children in property order, then array order) without its streams: a stream
// allocates two iterators and an `Object.keys` array per node, a real share of building a
// 10,000-touchpoint map. Shared by the validator's walk and the linker's.
import { isAstNode, isMultiReference, isReference, type AstNode, type ReferenceInfo } from 'langium';

/**
 * How many nodes a walk visits between two looks at the cancellation token (Langium's
 * `interruptAndCheck`, which also lets other messages in every 10 ms): awaited at every node,
 * as Langium's walks do, it was a third of linking at 10,000 touchpoints.
 */
export const NODES_PER_POLL = 256;

/** The node's children, last first (so they pop in `AstUtils.streamContents` order: properties, then array elements). */
export function pushChildrenReversed(node: AstNode, pending: AstNode[]): void {
    const start = pending.length;
    for (const property in node) {
        if (property.startsWith('$')) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (Array.isArray(value)) {
            for (const element of value) if (isAstNode(element)) pending.push(element);
        } else if (isAstNode(value)) {
            pending.push(value);
        }
    }
    // Reverse what was added, in place.
    for (let low = start, high = pending.length - 1; low < high; low++, high--) {
        const swap = pending[low];
        pending[low] = pending[high];
        pending[high] = swap;
    }
}

/** Calls `visit` with each reference the node holds itself, as `AstUtils.streamReferences` lists them, in its order. */
export function forEachReference(node: AstNode, visit: (info: ReferenceInfo) => void): void {
    for (const property in node) {
        if (property.startsWith('$')) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property });
        } else if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const element: unknown = value[index];
                if (isReference(element)) visit({ reference: element, container: node, property, index });
            }
        }
    }
}
