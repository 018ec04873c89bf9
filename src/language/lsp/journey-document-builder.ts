import { DefaultDocumentBuilder, OperationCancelled, UriUtils, type DocumentState, type URI } from 'langium';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/**
 * A document the editor has opened but the workspace does not hold yet is on its way: its
 * opening's update waits behind the build under way (the whole first build of the folder, at
 * start-up). Langium answers requests about it "No document found" (ServerCancelled, which VS Code
 * drops and other clients show as an error); this builder makes them wait until it is built,
 * as they wait for a document being rebuilt.
 */
export class JourneyDocumentBuilder extends DefaultDocumentBuilder {
    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: CancellationToken): Promise<URI> {
        if (this.langiumDocuments.hasDocument(uri) || !this.textDocuments?.get(uri.toString())) {
            return super.awaitDocumentState(state, uri, cancelToken);
        }
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return new Promise((resolve, reject) => {
            const watches = [
                this.onDocumentPhase(state, document => {
                    if (UriUtils.equals(document.uri, uri)) finish(() => resolve(document.uri));
                }),
                // Closed before it was ever built: after the update of its closing, neither holds it.
                this.onUpdate(() => {
                    if (!this.langiumDocuments.hasDocument(uri) && !this.textDocuments?.get(uri.toString())) finish(() => reject(notFound(uri)));
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
