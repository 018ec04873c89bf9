// The `journey/diagramChanges` answer on both ends: the server sends a document's models whole,
// or only what changed since the answer the client says it holds (when the server still has that
// one); the client rebuilds the models from the answer it holds. Any mismatch ends in a whole
// answer, so the client's models never drift from the server's. Types and pure functions only:
// the server (src/server/diagram-handler.ts), the extension and the bench share them.
import type { DiagramError, DiagramResult } from './webview-messages.js';
import { applyJsonChanges, jsonChanges, type JsonChange } from './json-changes.js';

/** An answer and the result it stands for, as each end keeps it. */
export interface HeldDiagrams {
    /** The answer's id: unique per server process (a restarted server knows none of the old ones). */
    answer: string;
    result: DiagramResult;
}

/** The models whole, with the errors and version. */
export interface WholeDiagramAnswer extends DiagramResult {
    answer: string;
}

/** What changed in the models since answer `base`; the errors and version whole (they are small). */
export interface DiagramChangesAnswer {
    answer: string;
    base: string;
    /** From the models of `base` to these; absent when they are the same. */
    changes?: JsonChange;
    errors: DiagramError[];
    version?: number;
}

export type DiagramAnswer = WholeDiagramAnswer | DiagramChangesAnswer;

/**
 * The server's answer with `result` as answer `answer`: the changes since `held` when the client's
 * `base` is the answer held, else the whole result.
 */
export function diagramAnswer(held: HeldDiagrams | undefined, base: string | undefined, answer: string, result: DiagramResult): DiagramAnswer {
    if (base === undefined || held?.answer !== base) return { answer, ...result };
    const changes = jsonChanges(held.result.diagrams, result.diagrams);
    return { answer, base, ...(changes && { changes }), errors: result.errors, ...(result.version !== undefined && { version: result.version }) };
}

/**
 * The client's result of `answer`, built from the one it holds when the answer is changes. Throws
 * when those changes are not from the answer held (the client then asks without a base: a whole answer).
 */
export function takeDiagramAnswer(held: HeldDiagrams | undefined, answer: DiagramAnswer): HeldDiagrams {
    if (!('base' in answer)) {
        const { answer: id, ...result } = answer;
        return { answer: id, result };
    }
    if (held?.answer !== answer.base) throw new Error(`diagram changes since answer ${answer.base}, but the one held is ${held?.answer ?? 'none'}`);
    const diagrams = applyJsonChanges(held.result.diagrams, answer.changes);
    return { answer: answer.answer, result: { diagrams, errors: answer.errors, ...(answer.version !== undefined && { version: answer.version }) } };
}
