import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';
import type {
    ClientCapabilities, CompletionList, Diagnostic, DocumentSymbol, Hover, InitializeResult, LocationLink,
    SemanticTokens, TextEdit, WorkspaceEdit
} from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatText } from '../../src/language/pretty-printer.js';
import { examplesDir, journeyLexer, offsetOf, readExample } from '../test-services.js';
import { startStdioServer } from './stdio-server.js';

/** Bounds every wait: a server that does not answer fails the test instead of hanging it. */
const ANSWER_WITHIN_MS = 10_000;

/** A client that offers only what the base protocol requires (as many editors do). */
const PLAIN_CLIENT: ClientCapabilities = {};
/** A client that, like VS Code, offers workspace/configuration and dynamic registration. */
const VSCODE_LIKE_CLIENT: ClientCapabilities = {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
    textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown', 'plaintext'] } }
};

interface Session {
    child: ChildProcessWithoutNullStreams;
    connection: MessageConnection;
    diagnostics: ReadonlyMap<string, Diagnostic[]>;
    stderr: () => string;
    /** Requests the server sent to the client, by method. */
    serverRequests: string[];
    exited: Promise<number | null>;
    request<R>(method: string, params: unknown): Promise<R>;
    /** Once the published diagnostics show `what` (stdio-server.ts `waitForDiagnostics`). */
    waitFor(predicate: () => boolean, what: string): Promise<void>;
}

function startServer(args: string[], options: { answerConfiguration?: boolean } = {}): Session {
    const serverRequests: string[] = [];
    const server = startStdioServer(args, {
        // Sent only to a client that claims the capability; the plain client must never receive them.
        onServerRequest: (method: string) => serverRequests.push(method),
        configuration: (items: unknown[]) => options.answerConfiguration === false ? new Promise(() => undefined) : items.map(() => ({ rules: {} }))
    });
    const { child, connection, diagnostics, exited, stderr } = server;
    return {
        child, connection, diagnostics, exited, serverRequests, stderr,
        request: <R>(method: string, params: unknown) => withTimeout(connection.sendRequest<R>(method, params), method),
        waitFor: (predicate, what) => server.waitForDiagnostics(predicate, what)
    };
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS))]);
}

function workspaceFolder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'journey-lsp-'));
    copyFileSync(join(examplesDir, 'common.journey'), join(folder, 'common.journey'));
    copyFileSync(join(examplesDir, 'media-subscription.journey'), join(folder, 'media.journey'));
    copyFileSync(join(examplesDir, 'invalid/broken-references.journey'), join(folder, 'broken.journey'));
    return folder;
}

const uriOf = (folder: string, name: string) => pathToFileURL(join(folder, name)).toString();

/** The position of `needle` (plus `shift` characters) in `text`. */
function positionOf(text: string, needle: string, shift = 0) {
    const offset = offsetOf(text, needle, shift);
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

const servers: Array<[string, string[], ClientCapabilities]> = [
    ['node out/server.cjs --stdio (VS Code-like client)', ['out/server.cjs', '--stdio'], VSCODE_LIKE_CLIENT],
    ['node bin/journey.js lsp --stdio (plain client)', ['bin/journey.js', 'lsp', '--stdio'], PLAIN_CLIENT]
];

for (const [name, args, capabilities] of servers) {
    describe(`the bundled server over stdio: ${name}`, () => {
        const folder = workspaceFolder();
        const media = readExample('media-subscription.journey');
        const mediaUri = uriOf(folder, 'media.journey');
        const commonUri = uriOf(folder, 'common.journey');
        let session: Session;
        /** Whether the diagnostics last published for `uri` name `name`: proof that its text, not an earlier one, was built. */
        const mentions = (uri: string, name: string) => (session.diagnostics.get(uri) ?? []).some(d => d.message.includes(`'${name}'`));
        let initialize: InitializeResult;

        beforeAll(async () => {
            session = startServer(args);
            initialize = await session.request<InitializeResult>('initialize', {
                processId: process.pid,
                rootUri: pathToFileURL(folder).toString(),
                workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'maps' }],
                capabilities
            });
            await session.connection.sendNotification('initialized', {});
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mediaUri, languageId: 'journey', version: 1, text: media } });
        });

        afterAll(() => {
            session.connection.dispose();
            if (session.child.exitCode === null) session.child.kill();
        });

        test('initialize advertises exactly the implemented features', () => {
            const caps = initialize.capabilities;
            expect({
                completion: Boolean(caps.completionProvider), hover: caps.hoverProvider, definition: caps.definitionProvider,
                references: caps.referencesProvider, highlights: caps.documentHighlightProvider, documentSymbols: caps.documentSymbolProvider,
                workspaceSymbols: Boolean(caps.workspaceSymbolProvider), folding: caps.foldingRangeProvider, rename: Boolean(caps.renameProvider),
                formatting: caps.documentFormattingProvider, rangeFormatting: caps.documentRangeFormattingProvider, codeActions: caps.codeActionProvider,
                semanticTokens: Boolean(caps.semanticTokensProvider), inlayHints: Boolean(caps.inlayHintProvider)
            }).toEqual({
                completion: true, hover: true, definition: true, references: true, highlights: true, documentSymbols: true,
                workspaceSymbols: true, folding: true, rename: true, formatting: true, rangeFormatting: true, codeActions: true,
                semanticTokens: true, inlayHints: true
            });
            expect(caps.completionProvider!.triggerCharacters).toEqual([',']);
            for (const absent of ['typeDefinitionProvider', 'implementationProvider', 'declarationProvider', 'signatureHelpProvider',
                'callHierarchyProvider', 'typeHierarchyProvider', 'documentLinkProvider', 'codeLensProvider', 'documentOnTypeFormattingProvider',
                'executeCommandProvider']) {
                expect(caps[absent as keyof typeof caps] || undefined, absent).toBeUndefined();
            }
        });

        test('asks the client only for what it offers', async () => {
            await session.waitFor(() => session.diagnostics.size > 0, 'the workspace build');
            expect(session.serverRequests.sort()).toEqual(capabilities === PLAIN_CLIENT ? [] : ['client/registerCapability', 'client/registerCapability', 'workspace/configuration']);
        });

        test('publishes diagnostics with rule ids for the workspace files, opened or not', async () => {
            const brokenUri = uriOf(folder, 'broken.journey');
            await session.waitFor(() => session.diagnostics.has(brokenUri) && session.diagnostics.has(mediaUri), 'diagnostics');
            const codes = new Set(session.diagnostics.get(brokenUri)!.map(d => d.code));
            expect([...codes]).toEqual(expect.arrayContaining(['unresolved-reference', 'duplicate-name', 'persona-unused', 'emotion-range']));
            expect(session.diagnostics.get(mediaUri)!.filter(d => d.severity === 1 || d.severity === 2)).toEqual([]);
        });

        test('completion, definition, hover across the two files', async () => {
            const completion = await session.request<CompletionList>('textDocument/completion', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 9)
            });
            expect(completion.items.map(i => i.label)).toEqual(expect.arrayContaining(['Lectrice', 'Abonné']));
            const definition = await session.request<LocationLink[]>('textDocument/definition', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'owner Marketing', 7)
            });
            expect(definition.map(d => d.targetUri)).toEqual([commonUri]);
            const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Abonné', 10) });
            expect((hover.contents as { value: string }).value).toMatch(/^\*\*Persona\*\* `Abonné` — Paul, abonné fidèle/);
        });

        test('snippets only for a client that can expand them', async () => {
            const uri = uriOf(folder, 'empty.journey');
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text: '' } });
            const completion = await session.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 0 } });
            const snippets = completion.items.filter(i => i.kind === 15 /* Snippet */).map(i => i.label).sort();
            expect(snippets).toEqual(capabilities === PLAIN_CLIENT ? [] : ['journey', 'persona']);
            expect(completion.items.map(i => i.label)).toEqual(expect.arrayContaining(['journey', 'persona', 'channel', 'team']));
        });

        test('rename edits both files', async () => {
            const edit = await session.request<WorkspaceEdit>('textDocument/rename', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 10), newName: 'Lecteur'
            });
            expect(Object.keys(edit.changes!).sort()).toEqual([commonUri, mediaUri].sort());
            const refused = await session.connection.sendRequest('textDocument/rename', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 10), newName: 'not a name'
            }).then(() => 'accepted', (error: Error) => error.message);
            expect(refused).toMatch(/not a valid name/);
        });

        test('formatting, symbols, semantic tokens, code actions answer', async () => {
            const messyUri = uriOf(folder, 'messy.journey');
            const messy = 'team A "A"\njourney J "J" { stage S "S" { touchpoint T "T" { owner A } } }';
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: messyUri, languageId: 'journey', version: 1, text: messy } });
            const edits = await session.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: messyUri }, options: { tabSize: 4, insertSpaces: true } });
            expect(applyEdits(messy, edits)).toBe(formatText(messy, journeyLexer));
            const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: mediaUri } });
            expect(symbols.map(s => s.name)).toEqual(['AbonnementMédia']);
            const tokens = await session.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: mediaUri } });
            expect(tokens.data.length).toBeGreaterThan(0);
            const brokenUri = uriOf(folder, 'broken.journey');
            const webb = session.diagnostics.get(brokenUri)!.find(d => d.message.includes("'Webb'"))!;
            const actions = await session.request<Array<{ title: string }>>('textDocument/codeAction', {
                textDocument: { uri: brokenUri }, range: webb.range, context: { diagnostics: [webb] }
            });
            expect(actions.map(a => a.title)).toContain("Change to 'Web'");
        });

        test('tracks a file that is not open when the client reports its change', async () => {
            const extra = uriOf(folder, 'extra.journey');
            // First empty, as a writer seen between truncating and writing leaves it (the server that watches itself may
            // report that moment): its diagnostics prove nothing about the text written next, only a message naming it does.
            writeFileSync(join(folder, 'extra.journey'), '');
            await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: extra, type: 1 }] });
            await session.waitFor(() => session.diagnostics.has(extra), 'the empty file to be built');
            writeFileSync(join(folder, 'extra.journey'), 'persona Nouveau "Nouveau venu"\n');
            await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: extra, type: 2 }] });
            await session.waitFor(() => mentions(extra, 'Nouveau'), 'the new file to be built');
            const completion = await session.request<CompletionList>('textDocument/completion', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 9)
            });
            expect(completion.items.map(i => i.label)).toContain('Nouveau');
        });

        test('a map open in the editor and deleted on disk stays, with the editor\'s text, until it is closed', async () => {
            // VS Code keeps the tab of a file deleted on disk (a `git checkout`, an `mv` in a terminal), its text unsaved.
            const name = 'open-deleted.journey', text = 'persona Ouvert "Ouvert dans l\'éditeur"\n';
            const uri = uriOf(folder, name), marker = uriOf(folder, 'marker.journey');
            writeFileSync(join(folder, name), text);
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
            await session.waitFor(() => mentions(uri, 'Ouvert'), 'the opened map to be built');
            rmSync(join(folder, name));
            // Written after the deletion: once it is built, the deletion's update has run (updates run in order).
            writeFileSync(join(folder, 'marker.journey'), 'persona Marqueur "Marqueur"\n');
            await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }, { uri: marker, type: 1 }] });
            await session.waitFor(() => mentions(marker, 'Marqueur'), 'the file written after the deletion to be built');
            const personas = async () => (await session.request<CompletionList>('textDocument/completion', {
                textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 9)
            })).items.map(i => i.label);
            expect(await personas()).toContain('Ouvert');
            const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } });
            expect((hover.contents as { value: string }).value).toContain('**Persona** `Ouvert`');
            expect(mentions(uri, 'Ouvert')).toBe(true);
            // Closed, it has no file to go back to: it leaves, and its problems with it.
            await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
            await session.waitFor(() => session.diagnostics.get(uri)?.length === 0, 'the closed map without a file to be dropped');
            expect(await personas()).not.toContain('Ouvert');
            rmSync(join(folder, 'marker.journey'));
            await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: marker, type: 3 }] });
        });

        // Only a client that cannot register file watchers gets the server's own.
        if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
            test('a client without file watchers: the server sees files written and deleted on disk itself', async () => {
                const path = join(folder, 'on-disk.journey');
                const personasAt = async () => (await session.request<CompletionList>('textDocument/completion', {
                    textDocument: { uri: mediaUri }, position: positionOf(media, 'personas Lectrice', 9)
                })).items.map(i => i.label);
                writeFileSync(path, 'persona Disque "Écrit sur le disque"\n');
                await session.waitFor(() => mentions(uriOf(folder, 'on-disk.journey'), 'Disque'), 'the file written on disk to be built');
                expect(await personasAt()).toContain('Disque');
                rmSync(path);
                // A file deleted gets its problems cleared once it has left the index (Langium's builder, on update).
                await session.waitFor(() => session.diagnostics.get(uriOf(folder, 'on-disk.journey'))?.length === 0, 'the file deleted on disk to be dropped');
                expect(await personasAt()).not.toContain('Disque');
            });
        }

        test('soak: random edits, every request answered, the server stays up', async () => {
            const uri = uriOf(folder, 'soak.journey');
            let text = readExample('taxi-vs-vtc.journey');
            await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'journey', version: 1, text } });
            const fragments = ['touchpoint X "X" {', '}', '{', 'personas ', 'next ', '"', '// c\n', '/*', '\n', 'emotion 9', 'channel', ',', 'stage', ''];
            let seed = 42;
            const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
            for (let version = 2; version <= 120; version++) {
                const start = random(text.length + 1);
                const end = Math.min(text.length, start + random(12));
                const insert = fragments[random(fragments.length)];
                const range = { start: positionAtOffset(text, start), end: positionAtOffset(text, end) };
                text = text.slice(0, start) + insert + text.slice(end);
                await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
                if (version % 4 === 0) {
                    const position = positionAtOffset(text, random(text.length + 1));
                    const answers = await Promise.allSettled([
                        session.request('textDocument/completion', { textDocument: { uri }, position }),
                        session.request('textDocument/hover', { textDocument: { uri }, position }),
                        session.request('textDocument/documentSymbol', { textDocument: { uri } }),
                        session.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })
                    ]);
                    for (const answer of answers) {
                        // A request overtaken by an edit may be cancelled or answered late; it must never go unanswered.
                        if (answer.status === 'rejected') expect(String(answer.reason)).not.toMatch(/no answer/);
                    }
                }
            }
            const symbols = await session.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
            expect(Array.isArray(symbols)).toBe(true);
            expect(session.child.exitCode).toBeNull();
        });

        test('closing a document goes back to the file on disk, or drops a document that has none', async () => {
            const unresolved = (uri: string) => (session.diagnostics.get(uri) ?? []).some(d => d.code === 'unresolved-reference');
            const edited = media.replace('personas Lectrice', 'personas Personne');
            await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: mediaUri, version: 1000 }, contentChanges: [{ text: edited }] });
            await session.waitFor(() => unresolved(mediaUri), 'the unsaved edit to be validated');
            // The edit is discarded: the editor closes the document without saving.
            await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: mediaUri } });
            await session.waitFor(() => session.diagnostics.has(mediaUri) && !unresolved(mediaUri), 'the file on disk to be validated again');
            // soak.journey was never saved: closing it removes it, and its problems.
            const soak = uriOf(folder, 'soak.journey');
            await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: soak } });
            await session.waitFor(() => session.diagnostics.get(soak)?.length === 0, 'the unsaved document\'s problems to be cleared');
        });

        test('shutdown and exit end the process with code 0', async () => {
            await session.request('shutdown', null);
            await session.connection.sendNotification('exit');
            expect(await withTimeout(session.exited, 'exit')).toBe(0);
        });
    });
}

function positionAtOffset(text: string, offset: number) {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}

function applyEdits(text: string, edits: TextEdit[]): string {
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    return edits.map(e => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText }))
        .sort((a, b) => b.start - a.start)
        .reduce((result, e) => result.slice(0, e.start) + e.newText + result.slice(e.end), text);
}

describe('a client that sends only rootUri and claims workspace/configuration but never answers', () => {
    test('still gets every file validated at startup, with the default settings', async () => {
        const folder = workspaceFolder();
        const session = startServer(['out/server.cjs', '--stdio'], { answerConfiguration: false });
        try {
            await session.request('initialize', { processId: process.pid, rootUri: pathToFileURL(folder).toString(), capabilities: VSCODE_LIKE_CLIENT });
            await session.connection.sendNotification('initialized', {});
            await session.waitFor(() => session.diagnostics.has(uriOf(folder, 'broken.journey')), 'diagnostics without configuration');
            expect(session.serverRequests).toContain('workspace/configuration');
            await session.request('shutdown', null);
            await session.connection.sendNotification('exit');
            expect(await withTimeout(session.exited, 'exit')).toBe(0);
        } finally {
            session.connection.dispose();
            if (session.child.exitCode === null) session.child.kill();
        }
    });
});
