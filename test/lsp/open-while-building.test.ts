// A map opened while the server is still building the workspace (at start-up, or after an edit of a
// big map) is not in the workspace until the queued update of its opening runs. Requests about it
// sent meanwhile (an editor asks for folding ranges, symbols and completion as soon as it opens a
// file) must wait for it and answer, not fail with "No document found": a map that is not on disk
// yet (a new file) is the case, since a map on disk is loaded with the workspace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, URI } from 'langium';
import { CancellationTokenSource } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import type { JourneyDocumentBuilder } from '../../src/language/lsp/journey-document-builder.js';
import { createTestServices } from '../test-services.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

/** Big enough that building it takes the server hundreds of milliseconds, a window requests fall in. */
const BIG = `${SHARED_DECLARATIONS}${generateMap(0, 3000)}`;
const NEW_MAP = 'journey Nouveau "Nouveau" {\n  stage S "S" {\n    touchpoint T { channel Site }\n  }\n}\n';

let folder: string;
let server: StdioServer;

beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'journey-open-building-'));
    writeFileSync(join(folder, 'big.journey'), BIG);
    server = startStdioServer();
});

afterEach(() => {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
});

/** Opens a map that is not on disk and, without waiting, asks what an editor asks on opening it. */
async function openAndAsk(name: string): Promise<unknown[]> {
    const uri = pathToFileURL(join(folder, name)).toString();
    const textDocument = { uri };
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text: NEW_MAP } });
    // Before `Site`, after `channel `: the channels are proposed.
    const position = { line: 2, character: NEW_MAP.split('\n')[2].indexOf('Site') };
    return Promise.all([
        server.connection.sendRequest('textDocument/foldingRange', { textDocument }),
        server.connection.sendRequest('textDocument/documentSymbol', { textDocument }),
        server.connection.sendRequest('textDocument/completion', { textDocument, position }),
        server.connection.sendRequest('textDocument/hover', { textDocument, position: { line: 0, character: 10 } })
    ]);
}

describe('requests about a map opened while the workspace builds', () => {
    test('at start-up, before the first build of the folder ends', async () => {
        await server.initialize(folder, {});
        const [folding, symbols, completion] = await openAndAsk('nouveau.journey') as [unknown[], Array<{ name: string }>, { items: Array<{ label: string }> }];
        expect(folding.length).toBeGreaterThan(0);
        expect(symbols.map(symbol => symbol.name)).toContain('Nouveau');
        expect(completion.items.map(item => item.label)).toContain('Site');
    }, 60_000);
});

describe('the document builder, in process', () => {
    /** A map the editor opened, its update queued (as JourneyDocumentUpdateHandler queues it), not run yet. */
    function opened() {
        const { shared } = createTestServices();
        const { DocumentBuilder, TextDocuments } = shared.workspace;
        const uri = URI.file('/ws/opened.journey');
        TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', 1, NEW_MAP));
        (DocumentBuilder as JourneyDocumentBuilder).expect([uri]);
        return { DocumentBuilder, TextDocuments: TextDocuments!, uri, waiting: DocumentBuilder.waitUntil(DocumentState.Validated, uri) };
    }

    test('a request about an opened map not yet in the workspace waits for its build', async () => {
        const { DocumentBuilder, uri, waiting } = opened();
        await DocumentBuilder.update([uri], []);
        await expect(waiting).resolves.toEqual(uri);
    });

    test('and ends, "No document found", when the map is closed before it was built', async () => {
        const { DocumentBuilder, TextDocuments, uri, waiting } = opened();
        const ended = expect(waiting).rejects.toThrow(/No document found/);
        TextDocuments.delete(uri);
        // The opening's update runs first, cancelled by the closing's (the workspace lock cancels the write under way).
        const cancelled = new CancellationTokenSource();
        cancelled.cancel();
        await DocumentBuilder.update([uri], [], cancelled.token).catch(() => undefined);
        await DocumentBuilder.update([], [uri]);
        await ended;
    });

    test('a map the workspace let go while it stays open (deleted on disk) is "No document found" at once, not a wait for its next edit', async () => {
        const { shared } = createTestServices();
        const { DocumentBuilder, TextDocuments } = shared.workspace;
        const uri = URI.file('/ws/deleted.journey');
        TextDocuments!.set(TextDocument.create(uri.toString(), 'journey', 1, NEW_MAP));
        await DocumentBuilder.update([uri], []);
        await DocumentBuilder.update([], [uri]);
        await expect(DocumentBuilder.waitUntil(DocumentState.Validated, uri)).rejects.toThrow(/No document found/);
    });
});
