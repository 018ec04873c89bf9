import type { AstNode, Reference } from 'langium';

/** The name a reference shows: its target's, or the text written there when it does not resolve. */
export function referencedName(reference: Reference<AstNode & { name?: string }>): string {
    return reference.ref?.name ?? reference.$refText ?? '';
}
