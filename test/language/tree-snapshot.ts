import { CstUtils, type CstNode, type LangiumDocument, type LeafCstNode } from 'langium';

/**
 * A parse tree as lines to compare with a fresh parse's: each node's offset, length and range, its
 * token or grammar rule, and whether it is linked into its tree (`BROKEN` when its root or container
 * says otherwise, or when its AST node points at another CST node): what an edit of the tree in place
 * (src/language/journey-document-factory.ts) must leave as a parse of the new text would.
 */
export function cstOf(root: CstNode): string[] {
    return CstUtils.streamCst(root).map(node => {
        const { start, end } = node.range;
        const where = `${node.offset}+${node.length} ${start.line}:${start.character}-${end.line}:${end.character}`;
        const links = node.root === root.root && (node === root || node.container !== undefined) ? '' : ' BROKEN';
        return 'tokenType' in node ? `leaf ${where} ${(node as LeafCstNode).tokenType.name}${node.hidden ? ' hidden' : ''} ${JSON.stringify(node.text)}${links}`
            : `node ${where} ${node.grammarSource?.$type ?? ''} ${node.astNode.$type} ${node.astNode.$cstNode === node}${links}`;
    }).toArray();
}

/** A document's diagnostics as lines: range, rule and message. */
export function diagnosticsOf(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map(d => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.message}`);
}
