// What the document factory changed in a document's tree in place, edit by edit
// (src/language/journey-document-factory.ts): a value or comment edited inside one line, or one
// stage re-parsed and spliced in. A full parse builds new nodes and is recorded as such. The
// diagram model reuses the parts of the last model that none of the edits since touched
// (src/diagram/stage-parts.ts): a keystroke on a 10,000-touchpoint map rebuilds one stage's cards.
import type { AstNode, LangiumDocument } from 'langium';
import type { Stage } from './generated/ast.js';

/** One change of the tree; lines are 0-based, in the text as it was before the edit. */
export type TreeEdit =
    /** A string's value or a comment changed in place on `line`: values of `node` only, columns on that line only. */
    | { readonly kind: 'value'; readonly node: AstNode; readonly line: number }
    /** The stage `stage` replaced by a new one; it spanned `startLine`–`endLine`, everything after moved by `lineDelta` lines. */
    | { readonly kind: 'stage'; readonly stage: Stage; readonly startLine: number; readonly endLine: number; readonly lineDelta: number }
    /** Parsed whole: every node is new. */
    | { readonly kind: 'parse' };

interface EditLog {
    /** The generation of the tree: one more with each edit. */
    generation: number;
    /** The last edits, the newest last: `edits[i]` made generation `generation - edits.length + i + 1`. */
    readonly edits: TreeEdit[];
}

/** Enough edits for the keystrokes typed while one model is built; the model is built again whole past them. */
const EDITS_KEPT = 64;

const logs = new WeakMap<LangiumDocument, EditLog>();

/** Records an edit of the document's tree. */
export function recordTreeEdit(document: LangiumDocument, edit: TreeEdit): void {
    let log = logs.get(document);
    if (!log) logs.set(document, log = { generation: 0, edits: [] });
    log.generation++;
    log.edits.push(edit);
    if (log.edits.length > EDITS_KEPT) log.edits.shift();
}

/** The generation of the document's tree now (0: as first parsed, or never edited here). */
export function treeGeneration(document: LangiumDocument): number {
    return logs.get(document)?.generation ?? 0;
}

/**
 * The edits of the document's tree since generation `since`, oldest first; undefined when they are
 * not all known (too many since, or a whole parse among them): then nothing of the old tree is kept.
 */
export function treeEditsSince(document: LangiumDocument, since: number): readonly TreeEdit[] | undefined {
    const log = logs.get(document);
    if (!log) return since === 0 ? [] : undefined;
    const count = log.generation - since;
    if (count < 0 || count > log.edits.length) return undefined;
    const edits = log.edits.slice(log.edits.length - count);
    return edits.some(edit => edit.kind === 'parse') ? undefined : edits;
}
