// The language server and maps saved with a UTF-8 byte order mark. A file it reads from disk
// (not open in the editor) is a document without the mark, as the editor will send it once opened
// (VS Code drops the mark) and as it shows it: ranges into it, its own or related information
// of another file's diagnostic, are the editor's. A document the client sends with the mark keeps
// it: the client's positions count it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStdioServer, type StdioServer } from './stdio-server.js';

const BOM = '\uFEFF';
const WAIT_MS = 10_000;

describe('the server and maps saved with a byte order mark', () => {
    const folder = mkdtempSync(join(tmpdir(), 'journey-lsp-bom-'));
    const uri = (name: string) => pathToFileURL(join(folder, name)).toString();
    const diagnostics = new Map<string, Diagnostic[]>();
    let server: StdioServer;

    /** The diagnostics of `name` once `ready` holds for them. */
    async function published(name: string, ready: (found: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        const deadline = Date.now() + WAIT_MS;
        while (!ready(diagnostics.get(uri(name)) ?? [])) {
            if (Date.now() > deadline) throw new Error(`no such diagnostics of ${name}: ${JSON.stringify(diagnostics.get(uri(name)))}\n${server.stderr()}`);
            await new Promise(resolve => setTimeout(resolve, 20));
        }
        return diagnostics.get(uri(name))!;
    }

    beforeAll(async () => {
        // On disk only: a persona no journey uses, and a team another map declares again.
        writeFileSync(join(folder, 'a-disk.journey'), `${BOM}team Ops "Ops" persona Lonely "Lonely"\n`);
        writeFileSync(join(folder, 'b-open.journey'), 'team Ops "Ops again"\n');
        server = startStdioServer();
        server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => diagnostics.set(params.uri, params.diagnostics));
        await server.initialize(folder, {});
    });

    afterAll(() => {
        server.stop();
        rmSync(folder, { recursive: true, force: true });
    });

    test('a file read from disk: its diagnostics and the related information pointing into it start where the editor shows the names', async () => {
        const own = await published('a-disk.journey', found => found.some(d => d.code === 'persona-unused'));
        expect(own.find(d => d.code === 'persona-unused')!.range).toEqual({ start: { line: 0, character: 23 }, end: { line: 0, character: 29 } });
        const duplicate = (await published('b-open.journey', found => found.some(d => d.code === 'duplicate-name'))).find(d => d.code === 'duplicate-name')!;
        expect(duplicate.relatedInformation?.[0].location).toEqual({ uri: uri('a-disk.journey'), range: { start: { line: 0, character: 5 }, end: { line: 0, character: 8 } } });
    });

    test('the same file opened by a client that drops the mark (VS Code): the same ranges', async () => {
        await server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri: uri('a-disk.journey'), languageId: 'journey', version: 1, text: 'team Ops "Ops" persona Lonely "Lonely"\npersona Other "Other"\n' }
        });
        const own = await published('a-disk.journey', found => found.filter(d => d.code === 'persona-unused').length === 2);
        expect(own.find(d => d.code === 'persona-unused')!.range.start).toEqual({ line: 0, character: 23 });
    });

    test('a document the client sends with the mark: positions in the client\'s text, the mark counted', async () => {
        await server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri: uri('c-client.journey'), languageId: 'journey', version: 1, text: `${BOM}persona Sent "Sent"\n` }
        });
        const own = await published('c-client.journey', found => found.some(d => d.code === 'persona-unused'));
        expect(own.find(d => d.code === 'persona-unused')!.range.start).toEqual({ line: 0, character: 9 });
    });
});
