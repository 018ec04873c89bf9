import { CstUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor } from 'langium/lsp';
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { TERMINAL } from '../grammar-facts.js';

/**
 * Langium's folding (every multi-line block, and block comments), plus runs of `//` line comments:
 * two lines or more, each comment the first thing on its line, fold as one comment range, as
 * TypeScript's server folds them (a file's header, notes above a stage).
 */
export class JourneyFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override collectCommentFolding(document: LangiumDocument, node: AstNode, acceptor: FoldingRangeAcceptor): void {
        super.collectCommentFolding(document, node, acceptor);
        if (node.$cstNode) lineCommentRuns(node.$cstNode).forEach(run => acceptor(run));
    }
}

/** The runs of two or more consecutive `//` lines under `root`, each as one comment range. */
function lineCommentRuns(root: CstNode): FoldingRange[] {
    const runs: FoldingRange[] = [];
    let first: CstNode | undefined;
    let last: CstNode | undefined;
    let previousEndLine = -1;
    const close = () => {
        if (first && last && last.range.start.line > first.range.start.line) {
            runs.push(FoldingRange.create(first.range.start.line, last.range.end.line, first.range.start.character, last.range.end.character, FoldingRangeKind.Comment));
        }
        first = last = undefined;
    };
    for (const leaf of CstUtils.flattenCst(root)) {
        const { start, end } = leaf.range;
        const ownLine = start.line > previousEndLine;
        previousEndLine = end.line;
        if (leaf.tokenType.name !== TERMINAL.SL_COMMENT || !ownLine) {
            // A token (whitespace is no leaf) or a comment after code on its line ends the run.
            close();
            continue;
        }
        if (!last || start.line !== last.range.end.line + 1) close();
        first ??= leaf;
        last = leaf;
    }
    close();
    return runs;
}
