import { interruptAndCheck, type Cancellation, type LangiumDocument, type ParseResult } from 'langium';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The document as a request found it: the editor's text (and its version) and the tree parsed from it. */
export interface DocumentVersion {
    readonly textDocument: TextDocument;
    readonly version: number;
    readonly parseResult: ParseResult;
}

export function versionOf(document: LangiumDocument): DocumentVersion {
    return { textDocument: document.textDocument, version: document.textDocument.version, parseResult: document.parseResult };
}

/**
 * Langium's pause in a long walk of the tree (every 10 ms it lets the next messages in, then throws
 * OperationCancelled if the request was cancelled meanwhile), then a check that no keystroke came in
 * with them: a keystroke changes the editor's text at once, and the tree in place or by a new parse
 * (journey-document-factory.ts) when the document is built, so the rest of the walk would read
 * another version than the part before the pause. The request then ends with ContentModified, which
 * the protocol provides for this; the editor asks again for the new text.
 */
export async function pauseUnlessChanged(document: LangiumDocument, since: DocumentVersion, cancelToken: Cancellation.CancellationToken): Promise<void> {
    await interruptAndCheck(cancelToken);
    if (changedSince(document, since)) {
        throw new ResponseError(LSPErrorCodes.ContentModified, `'${document.uri.toString()}' changed while the request was answered.`);
    }
}

/** True when the editor's text or the tree is no longer the one `since` found. */
export function changedSince(document: LangiumDocument, since: DocumentVersion): boolean {
    return document.parseResult !== since.parseResult || document.textDocument !== since.textDocument || document.textDocument.version !== since.version;
}
