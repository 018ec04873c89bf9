import {
    AstUtils, Cancellation, DefaultIndexManager, DefaultReferenceDescriptionProvider, interruptAndCheck, OperationCancelled,
    type AstNode, type Disposable, type IndexManager, type LangiumDocument, type ReferenceDescription, type Stream, type URI
} from 'langium';
import { changedSince, pauseUnlessChanged, versionOf, type DocumentVersion } from './journey-walk-pause.js';

/** Nodes described between two cancellation checks: a check per node (Langium's pass) made describing a 5 MB map markedly slower. */
const NODES_PER_CHECK = 256;

/**
 * Langium's descriptions of a document's references, also computed in one synchronous pass
 * (Langium's own pass awaits a cancellation check after every node of the AST).
 */
export class JourneyReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** The same descriptions as `createDescriptions`, in the same order. */
    describe(document: LangiumDocument): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        for (const node of AstUtils.streamAst(document.parseResult.value)) this.describeNode(node, descriptions);
        return descriptions;
    }

    /**
     * The same descriptions, pausing as Langium's pass does (every 10 ms the messages that came in
     * are handled, a cancelled request ends with OperationCancelled); undefined when `current()` no
     * longer holds after a pause (a keystroke came in: what is described would mix two versions).
     */
    async describeWithPauses(document: LangiumDocument, cancelToken: Cancellation.CancellationToken, current: () => boolean): Promise<ReferenceDescription[] | undefined> {
        const descriptions: ReferenceDescription[] = [];
        let nodes = 0;
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (++nodes % NODES_PER_CHECK === 0) {
                await interruptAndCheck(cancelToken);
                if (!current()) return undefined;
            }
            this.describeNode(node, descriptions);
        }
        return descriptions;
    }

    private describeNode(node: AstNode, descriptions: ReferenceDescription[]): void {
        for (const info of AstUtils.streamReferences(node)) {
            if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
        }
    }
}

/**
 * The editor's index of who references what, built for a document when first asked for
 * instead of after every build. Only find references, rename and the document builder's
 * "is this document affected by that change" read it, and none of them reads the document
 * being typed in: re-indexing it on every keystroke was about a tenth of the server's time
 * per keystroke (a CPU profile of the preview bench's edits, 60 and 10,000 touchpoints).
 * A document waits here from the moment it is linked until it is read, reset or removed
 * (Langium removes a document's references whenever it is unlinked), so what is read is
 * what Langium would have indexed.
 */
export class JourneyIndexManager extends DefaultIndexManager {
    /** Linked documents whose references are not indexed yet, by URI. */
    private readonly unindexed = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (!(this.describer(document) instanceof JourneyReferenceDescriptionProvider)) return super.updateReferences(document, cancelToken);
        const uri = document.uri.toString();
        this.referenceIndex.delete(uri);
        this.unindexed.set(uri, document);
    }

    override removeReferences(uri: URI): void {
        this.unindexed.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        for (const uri of [...this.unindexed.keys()]) this.index(uri);
        return super.findAllReferences(targetNode, astNodePath);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        this.index(document.uri.toString());
        return super.isAffected(document, changedUris);
    }

    /**
     * Indexes every document still waiting, as `findAllReferences` would, but pausing: the first index
     * of a 5 MB map after an edit took about a second in one synchronous step, which held up every
     * message behind it (the next keystroke, a hover) for a request that the next keystroke made stale
     * anyway. A request that reads the index awaits this first; then `findAllReferences` has nothing left
     * to index, unless a document changed during a pause: that one stays waiting, and the request, which
     * checks its own document after this, ends, or indexes what it still needs at once. Requests that
     * come while a document is being indexed wait for that same pass (each starting its own, six inlay
     * hints requests after a burst of keystrokes described a 5 MB map six times over).
     */
    async indexPending(cancelToken: Cancellation.CancellationToken): Promise<void> {
        for (const uri of [...this.unindexed.keys()]) {
            await untilSettled(this.indexing.get(uri) ?? this.startIndexing(uri), cancelToken);
        }
    }

    /** The pass under way for each document, by URI. */
    private readonly indexing = new Map<string, Promise<void>>();

    /**
     * Describes the document pausing, on a token of its own (the pass is shared: one request cancelled
     * must not end it for the others), until it is done or the document changes.
     */
    private startIndexing(uri: string): Promise<void> {
        const document = this.unindexed.get(uri)!;
        const describer = this.describer(document);
        if (!(describer instanceof JourneyReferenceDescriptionProvider)) return Promise.resolve();
        const since = versionOf(document);
        const current = () => this.unindexed.get(uri) === document && !changedSince(document, since);
        const pass = describer.describeWithPauses(document, new Cancellation.CancellationTokenSource().token, current).then(descriptions => {
            if (!descriptions || !current()) return;
            this.unindexed.delete(uri);
            this.referenceIndex.set(uri, descriptions);
        }).finally(() => this.indexing.delete(uri));
        this.indexing.set(uri, pass);
        return pass;
    }

    private index(uri: string): void {
        const document = this.unindexed.get(uri);
        if (!document) return;
        this.unindexed.delete(uri);
        this.referenceIndex.set(uri, (this.describer(document) as JourneyReferenceDescriptionProvider).describe(document));
    }

    private describer(document: LangiumDocument) {
        return this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
    }
}

/** `pass` settled, or OperationCancelled as soon as the request is cancelled. */
function untilSettled(pass: Promise<void>, cancelToken: Cancellation.CancellationToken): Promise<void> {
    if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
    let listener: Disposable | undefined;
    const cancelled = new Promise<void>((_, reject) => { listener = cancelToken.onCancellationRequested(() => reject(OperationCancelled)); });
    return Promise.race([pass, cancelled]).finally(() => listener?.dispose());
}

/**
 * For a request on `document` (as `since` found it) that reads the reference index: brings the index
 * up to date pausing (indexPending), then ends the request with ContentModified if a keystroke came in
 * meanwhile (pauseUnlessChanged): its answer would mix two versions. Inlay hints' counts and the hover
 * of a persona, channel or team read it.
 */
export async function indexForRequest(indexManager: IndexManager, document: LangiumDocument, since: DocumentVersion, cancelToken: Cancellation.CancellationToken): Promise<void> {
    if (!(indexManager instanceof JourneyIndexManager)) return;
    await indexManager.indexPending(cancelToken);
    await pauseUnlessChanged(document, since, cancelToken);
}
