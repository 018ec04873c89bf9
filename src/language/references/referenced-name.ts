import type { AstNode, Reference } from 'langium';

/**
 * The name a reference shows: its target's, or the text written there when it does not resolve;
 * '' when the text has none yet (`metric Taux` being typed, before its `in Stage`: the parser
 * leaves the reference out although the AST type says it is there).
 */
export function referencedName(reference: Reference<AstNode & { name?: string }> | undefined): string {
    return reference?.ref?.name ?? reference?.$refText ?? '';
}
