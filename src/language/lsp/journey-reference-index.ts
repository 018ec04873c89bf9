import {
    AstUtils, Cancellation, DefaultIndexManager, DefaultReferenceDescriptionProvider,
    type AstNode, type LangiumDocument, type ReferenceDescription, type Stream, type URI
} from 'langium';

/**
 * Langium's descriptions of a document's references, also computed in one synchronous pass
 * (Langium's own pass awaits a cancellation check after every node of the AST).
 */
export class JourneyReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    /** The same descriptions as `createDescriptions`, in the same order. */
    describe(document: LangiumDocument): ReferenceDescription[] {
        const descriptions: ReferenceDescription[] = [];
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            for (const info of AstUtils.streamReferences(node)) {
                if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
            }
        }
        return descriptions;
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
