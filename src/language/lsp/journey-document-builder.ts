import { DefaultDocumentBuilder, OperationCancelled, UriUtils, type DocumentState, type URI } from 'langium';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/**
 * A document the editor has just opened is not in the workspace until the update of its opening
 * runs, and that update waits behind the build under way (the whole first build of the folder, at
 * start-up). Langium answers requests about it "No document found" (ServerCancelled, which VS Code
 * drops and other clients show as an error); this builder makes them wait until it is built, as
 * they wait for a document being rebuilt. Only while its update is queued: a document the
 * workspace let go (closed with no file on disk) is still "No document found" at once.
 */
export class JourneyDocumentBuilder extends DefaultDocumentBuilder {
    /** The documents whose update is queued (JourneyDocumentUpdateHandler says so), by URI. */
    private readonly queued = new Set<string>();

    /** The update handler has queued an update of these documents. */
    expect(changed: readonly URI[]): void {
        for (const uri of changed) this.queued.add(uri.toString());
    }

    override async update(changed: URI[], deleted: URI[], cancelToken?: CancellationToken): Promise<void> {
        // The documents changed are in the workspace from the update's first step.
        for (const uri of changed) this.queued.delete(uri.toString());
        return super.update(changed, deleted, cancelToken);
    }

    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: CancellationToken): Promise<URI> {
        if (this.langiumDocuments.hasDocument(uri) || !this.queued.has(uri.toString())) {
            return super.awaitDocumentState(state, uri, cancelToken);
        }
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return new Promise((resolve, reject) => {
            const watches = [
                this.onDocumentPhase(state, document => {
                    if (UriUtils.equals(document.uri, uri)) finish(() => resolve(document.uri));
                }),
                // Closed before it was ever built: after the update of its closing, the workspace does not hold it.
                this.onUpdate(() => {
                    if (!this.langiumDocuments.hasDocument(uri) && !this.queued.has(uri.toString())) finish(() => reject(notFound(uri)));
                }),
                cancelToken.onCancellationRequested(() => finish(() => reject(OperationCancelled)))
            ];
            const finish = (settle: () => void) => {
                watches.forEach(watch => watch.dispose());
                settle();
            };
        });
    }
}

function notFound(uri: URI): ResponseError<void> {
    return new ResponseError(LSPErrorCodes.ServerCancelled, `No document found for URI: ${uri.toString()}`);
}
