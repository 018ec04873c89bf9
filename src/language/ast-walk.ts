// Walking a document's AST in Langium's order (`AstUtils.streamAst`: each node before its
// children, children in property order, then array order) without its streams: a stream
// allocates two iterators and an `Object.keys` array per node, a real share of building a
// 10,000-touchpoint map. Shared by the validator's walk and the linker's (the language server's
// and the CLI's alike).
import { isAstNode, isMultiReference, isReference, type AstNode, type ReferenceInfo } from 'langium';

/**
 * How many nodes a walk visits between two looks at the cancellation token (Langium's
 * `interruptAndCheck`, which also lets other messages in every 10 ms): awaited at every node,
 * as Langium's walks do, it was a third of linking at 10,000 touchpoints.
 */
export const NODES_PER_POLL = 256;

/** `$`: the first character of the properties Langium keeps for itself (`$type`, `$container`, `$cstNode`…). */
const DOLLAR = 0x24;

/** The node's children, last first (so they pop in `AstUtils.streamContents` order: properties, then array elements). */
export function pushChildrenReversed(node: AstNode, pending: AstNode[]): void {
    const start = pending.length;
    for (const property in node) {
        if (property.charCodeAt(0) === DOLLAR) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (Array.isArray(value)) {
            for (const element of value) if (isAstNode(element)) pending.push(element);
        } else if (isAstNode(value)) {
            pending.push(value);
        }
    }
    reverseFrom(pending, start);
}

/**
 * Calls `visit` with each reference the node holds itself, as `AstUtils.streamReferences` lists
 * them, and pushes its children as `pushChildrenReversed` does: the linker's step, in one pass
 * over the node's properties (child nodes tested first: asking a node whether it is a reference
 * reads a `$refText` no node has, most of a walk's own time when asked first).
 */
export function visitReferencesAndPushChildren(node: AstNode, visit: (info: ReferenceInfo) => void, pending: AstNode[]): void {
    const start = pending.length;
    for (const property in node) {
        if (property.charCodeAt(0) === DOLLAR) continue;
        const value = (node as unknown as Record<string, unknown>)[property];
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
            for (let index = 0; index < value.length; index++) {
                const element: unknown = value[index];
                if (isAstNode(element)) pending.push(element);
                else if (isReference(element)) visit({ reference: element, container: node, property, index });
            }
        } else if (isAstNode(value)) {
            pending.push(value);
        } else if (isReference(value) || isMultiReference(value)) {
            visit({ reference: value, container: node, property });
        }
    }
    reverseFrom(pending, start);
}

/** Reverses `items` from `start` to the end, in place. */
function reverseFrom(items: AstNode[], start: number): void {
    for (let low = start, high = items.length - 1; low < high; low++, high--) {
        const swap = items[low];
        items[low] = items[high];
        items[high] = swap;
    }
}
