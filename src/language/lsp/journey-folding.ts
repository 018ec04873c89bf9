import { CstUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor } from 'langium/lsp';
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { TERMINAL } from '../grammar-facts.js';

/**
 * Langium's folding of every multi-line block; comments fold as TypeScript's server folds them,
 * from their first line to their last: a `/* … *\/` comment of two lines or more (Langium's own
 * folds from three lines, and leaves the last one out, so a two-line comment never folded), and a
 * run of two or more `//` lines, each comment the first thing on its line (a file's header, notes
 * above a stage). One fold per start line: VS Code keeps only one of those starting on a line, so
 * a comment opened on a block's first line (`stage S "S" { /* …`) gives way to the block's wider fold.
 */
export class JourneyFoldingRangeProvider extends DefaultFoldingRangeProvider {
    override getFoldingRanges(document: LangiumDocument): FoldingRange[] {
        const ranges: FoldingRange[] = [];
        this.collectFolding(document, range => ranges.push(range));
        return widestPerStartLine(ranges);
    }

    protected override collectCommentFolding(_document: LangiumDocument, node: AstNode, acceptor: FoldingRangeAcceptor): void {
        if (!node.$cstNode) return;
        blockComments(node.$cstNode).forEach(comment => acceptor(comment));
        lineCommentRuns(node.$cstNode).forEach(run => acceptor(run));
    }
}

/** The widest of the ranges starting on each line; of equal ones, the first (blocks come before comments). */
function widestPerStartLine(ranges: FoldingRange[]): FoldingRange[] {
    const kept = new Map<number, FoldingRange>();
    for (const range of ranges) {
        const other = kept.get(range.startLine);
        if (!other || range.endLine > other.endLine) kept.set(range.startLine, range);
    }
    return [...kept.values()];
}

/** The `/* … *\/` comments of two lines or more under `root`, each as a comment range. */
function blockComments(root: CstNode): FoldingRange[] {
    return CstUtils.flattenCst(root)
        .filter(leaf => leaf.tokenType.name === TERMINAL.ML_COMMENT && leaf.range.end.line > leaf.range.start.line)
        .map(leaf => commentRange(leaf, leaf))
        .toArray();
}

function commentRange(first: CstNode, last: CstNode): FoldingRange {
    return FoldingRange.create(first.range.start.line, last.range.end.line, first.range.start.character, last.range.end.character, FoldingRangeKind.Comment);
}

/** The runs of two or more consecutive `//` lines under `root`, each as one comment range. */
function lineCommentRuns(root: CstNode): FoldingRange[] {
    const runs: FoldingRange[] = [];
    let first: CstNode | undefined;
    let last: CstNode | undefined;
    let previousEndLine = -1;
    const close = () => {
        if (first && last && last.range.start.line > first.range.start.line) {
            runs.push(commentRange(first, last));
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
