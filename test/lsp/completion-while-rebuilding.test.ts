// Completion proposes the names declared in every map of the workspace, read from the index. A map
// reported changed (a save, a file watcher's event, twice when the server watches the folder itself
// and the client reports it too) leaves the index until its build has indexed it again, while a
// map that does not name anything of it is not rebuilt: Langium lets a request wait only for its own
// map's state, so a completion asked meanwhile missed that map's names (test/lsp/server.test.ts,
// under load: "expected [ 'Lectrice', 'Abonné' ] to include 'Nouveau'").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, OperationCancelled, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, type CompletionList } from 'vscode-languageserver';
import { afterEach, describe, expect, test } from 'vitest';
import { generateMap, SHARED_DECLARATIONS } from '../../bench/generate-maps.js';
import { buildWorkspace } from '../test-services.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';

const NEW_PERSONA = 'persona Nouveau "Nouveau venu"\n';
/** A map naming the shared personas, and where completion proposes them (before `Lectrice`). */
const SMALL = 'journey Petit "Petit" {\n  stage S "S" {\n    touchpoint T { channel Site personas Lectrice }\n  }\n}\n';
const PERSONAS_AT = { line: 2, character: SMALL.split('\n')[2].indexOf('Lectrice') };

describe('completion while another map is rebuilt', () => {
    test('in process: a build cancelled after the map left the index, completion waits for the next', async () => {
        const workspace = await buildWorkspace({ 'shared.journey': SHARED_DECLARATIONS, 'extra.journey': NEW_PERSONA, 'small.journey': SMALL });
        const { DocumentBuilder, TextDocuments } = workspace.shared.workspace;
        const extra = workspace.documents.get('extra.journey')!;
        const small = workspace.documents.get('small.journey')!;
        // The builder rereads a changed map: from the editor's text, here the same as before.
        TextDocuments!.set(TextDocument.create(extra.uri.toString(), 'journey', 2, NEW_PERSONA));
        // Cancelled as soon as the change is taken in (as the next edit cancels a build): the map stays out of the index.
        const cancel = new CancellationTokenSource();
        const listening = DocumentBuilder.onUpdate(() => cancel.cancel());
        await expect(DocumentBuilder.update([extra.uri], [], cancel.token)).rejects.toBe(OperationCancelled);
        listening.dispose();
        expect(extra.state).toBe(DocumentState.Changed);
        expect(small.state).toBe(DocumentState.Validated);

        const completion = workspace.Journey.lsp.CompletionProvider!.getCompletion(small, { textDocument: { uri: small.uri.toString() }, position: PERSONAS_AT });
        await DocumentBuilder.update([], []);
        expect((await completion)!.items.map(item => item.label)).toEqual(expect.arrayContaining(['Lectrice', 'Abonné', 'Inès', 'Nouveau']));
    });
});

describe('over stdio', () => {
    let folder: string;
    let server: StdioServer;

    afterEach(() => {
        server.stop();
        rmSync(folder, { recursive: true, force: true });
    });

    test('a big map reported changed: a completion in another map asked meanwhile still proposes its names', async () => {
        folder = mkdtempSync(join(tmpdir(), 'journey-completion-rebuild-'));
        // Big enough that rebuilding it takes the server hundreds of milliseconds, a window the completion falls in.
        writeFileSync(join(folder, 'shared.journey'), SHARED_DECLARATIONS);
        writeFileSync(join(folder, 'big.journey'), `${NEW_PERSONA}${generateMap(0, 3000)}`);
        writeFileSync(join(folder, 'small.journey'), SMALL);
        const uri = (name: string) => pathToFileURL(join(folder, name)).toString();
        server = startStdioServer();
        // A client that watches files: the server does not watch the folder itself, its reports are the test's alone.
        await server.initialize(folder, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
        await server.waitForDiagnostics(() => ['shared', 'big', 'small'].every(name => server.diagnostics.has(uri(`${name}.journey`))), 'the folder built');
        await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('big.journey'), type: 2 }] });
        const completion = await server.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri: uri('small.journey') }, position: PERSONAS_AT });
        expect(completion.items.map(item => item.label)).toEqual(expect.arrayContaining(['Lectrice', 'Abonné', 'Inès', 'Nouveau']));
    }, 60_000);

    test('in process: an update with nothing to rebuild does not hold completion until the next build', async () => {
        const workspace = await buildWorkspace({ 'shared.journey': SHARED_DECLARATIONS, 'small.journey': SMALL });
        const { DocumentBuilder } = workspace.shared.workspace;
        const small = workspace.documents.get('small.journey')!;
        const update = DocumentBuilder.update([], [URI.file('/nowhere/gone.journey')]);
        const completion = workspace.Journey.lsp.CompletionProvider!.getCompletion(small, { textDocument: { uri: small.uri.toString() }, position: PERSONAS_AT });
        await update;
        const answer = await Promise.race([completion, new Promise(resolve => setTimeout(() => resolve('still waiting after 5 s'), 5_000))]) as CompletionList | string;
        expect(typeof answer === 'string' ? answer : answer.items.map(item => item.label)).toContain('Lectrice');
    });
});
