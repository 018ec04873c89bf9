// The preview's side of the language server: answers `journey/diagram` from the
// last parsed AST, even when the text has errors, and sends one `journey/documentChanged` per
// build, listing its documents, so the client asks again (a workspace of 1,000 files is one
// notification, not 1,000). A service of the server module (server-module.ts); start.ts
// registers it on the connection.
import { randomUUID } from 'node:crypto';
import { delayNextTick, DocumentState, isOperationCancelled, OperationCancelled, URI, type LangiumDocument } from 'langium';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { DiagramResult } from '../common/webview-messages.js';
import { DiagramChangesRequest, DiagramRequest, DocumentChangedNotification, type DiagramChangesParams, type DiagramParams, type DocumentChangedParams } from '../common/server-protocol.js';
import { diagramAnswer, type DiagramAnswer, type HeldDiagrams } from '../common/diagram-answers.js';
import type { JourneyServerLanguageServices } from './server-module.js';
import { changedSince, versionOf } from '../language/lsp/journey-walk-pause.js';

/** The last answers to `journey/diagramChanges` kept (one per document, the newest documents): a few previews at most show at once. */
const ANSWERS_KEPT = 4;

export class DiagramRequestHandler {
    /** The last `journey/diagramChanges` answer by document URI, oldest first: the base of the next one's changes. */
    private readonly answers = new Map<string, HeldDiagrams>();
    /** Answer ids start with this process's own prefix: a client's base from a server before a restart matches none. */
    private readonly session = randomUUID();
    private answered = 0;

    constructor(private readonly services: JourneyServerLanguageServices) {}

    /** Answers the preview's requests on this connection, and tells it when a document was rebuilt. */
    register(connection: Connection): void {
        connection.onRequest(DiagramRequest, (params, token) => this.diagram(params, token));
        connection.onRequest(DiagramChangesRequest, (params, token) => this.diagramChanges(params, token));
        this.services.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, built => {
            if (built.length === 0) return;
            const params: DocumentChangedParams = { uris: built.map(document => document.uri.toString()) };
            void connection.sendNotification(DocumentChangedNotification, params);
        });
    }

    /**
     * The diagram of a document once it is validated. Rejects with ServerCancelled when the document
     * is unknown, and RequestCancelled when the request is cancelled (Langium's OperationCancelled
     * would reach the client as an internal error); the client keeps its map and asks again on the
     * next documentChanged. The models of a 5 MB map took seconds to build and send: the cancellation
     * is read before the build (the messages that came meanwhile are let in first) and after it,
     * so a cancelled request sends no megabytes of models.
     */
    async diagram(params: DiagramParams, token: CancellationToken): Promise<DiagramResult> {
        const document = await this.validated(URI.parse(params.uri), token);
        const result = this.services.diagram.ModelBuilder.result(document, params);
        await pauseForCancellation(token);
        return result;
    }

    /**
     * The document once validated, after a pause for the messages that came meanwhile: a keystroke
     * among them changes the text at once and the tree when the document is built again, so the
     * model would mix two versions; the request then waits for that build.
     */
    private async validated(uri: URI, token: CancellationToken): Promise<LangiumDocument> {
        const { DocumentBuilder, LangiumDocuments } = this.services.shared.workspace;
        for (;;) {
            await DocumentBuilder.waitUntil(DocumentState.Validated, uri, token).catch(rethrowCancellation);
            const document = LangiumDocuments.getDocument(uri)!;
            const since = versionOf(document);
            await pauseForCancellation(token);
            if (!changedSince(document, since) && document.state >= DocumentState.Validated) return document;
        }
    }

    /** The diagram as an answer the client keeps: what changed since its `base` when that is the last answer for the document, else whole. */
    async diagramChanges(params: DiagramChangesParams, token: CancellationToken): Promise<DiagramAnswer> {
        const result = await this.diagram(params, token);
        const uri = params.uri;
        const next: HeldDiagrams = { answer: `${this.session}:${++this.answered}`, result };
        const answer = diagramAnswer(this.answers.get(uri), params.base, next.answer, result);
        this.answers.delete(uri);
        this.answers.set(uri, next);
        if (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
        return answer;
    }
}

/**
 * Lets the messages that came in run (a `$/cancelRequest` among them), then ends a cancelled request
 * with RequestCancelled. Always yields, unlike Langium's interruptAndCheck (every 10 ms only): the
 * build after it is one long synchronous step. Two ticks: vscode-jsonrpc decodes a message read from
 * the pipe in an immediate of its own, queued behind the first tick's (a cancellation that came
 * during the build was decoded after that tick, and the whole answer sent).
 */
async function pauseForCancellation(token: CancellationToken): Promise<void> {
    await delayNextTick();
    await delayNextTick();
    if (token.isCancellationRequested) rethrowCancellation(OperationCancelled);
}

function rethrowCancellation(error: unknown): never {
    throw isOperationCancelled(error) ? new ResponseError(LSPErrorCodes.RequestCancelled, 'journey/diagram cancelled') : error;
}
