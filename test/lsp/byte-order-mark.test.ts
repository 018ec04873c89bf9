// The language server and maps saved with a UTF-8 byte order mark. A file it reads from disk
// (not open in the editor) is a document without the mark, as the editor will send it once opened
// (VS Code drops the mark) and as it shows it: ranges into it, its own or related information
// of another file's diagnostic, are the editor's. A document the client sends with the mark keeps
// it: the client's positions count it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStdioServer, type StdioServer } from './stdio-server.js';
import { journey } from '../cli/run-cli.js';

const BOM = '\uFEFF';
const WAIT_MS = 10_000;

describe('the server and maps saved with a byte order mark', () => {
    const folder = mkdtempSync(join(tmpdir(), 'journey-lsp-bom-'));
    const uri = (name: string) => pathToFileURL(join(folder, name)).toString();
    let server: StdioServer;

    /** The diagnostics of `name` once `ready` holds for them. */
    async function published(name: string, ready: (found: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
        await server.waitForDiagnostics(() => ready(server.diagnostics.get(uri(name)) ?? []), `such diagnostics of ${name}`, WAIT_MS);
        return server.diagnostics.get(uri(name))!;
    }

    beforeAll(async () => {
        // On disk only: a persona no journey uses, and a team another map declares again.
        writeFileSync(join(folder, 'a-disk.journey'), `${BOM}team Ops "Ops" persona Lonely "Lonely"\n`);
        writeFileSync(join(folder, 'b-open.journey'), 'team Ops "Ops again"\n');
        server = startStdioServer();
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

// A journey.config.json is read as the CLI reads it: its byte order mark is no part of the JSON, and
// is dropped once, as editors drop it. A second U+FEFF right after it is a character of the file, which
// the CLI reports (invalid JSON at 1:1): the server, reading the file through its map file system
// and then the config reader, used to drop it too and take the file.
describe('the server and a journey.config.json saved with a byte order mark', () => {
    const folder = mkdtempSync(join(tmpdir(), 'journey-lsp-config-bom-'));
    const uri = (name: string) => pathToFileURL(join(folder, name)).toString();
    let server: StdioServer;

    beforeAll(async () => {
        // On disk only, each below its own config: a persona no journey uses (`persona-unused`, turned off by both configs).
        for (const [sub, marks] of [['one', BOM], ['two', BOM + BOM]]) {
            mkdirSync(join(folder, sub));
            writeFileSync(join(folder, sub, 'journey.config.json'), `${marks}{ "rules": { "persona-unused": "off" } }\n`);
            writeFileSync(join(folder, sub, 'a.journey'), `persona Lonely_${sub} "Lonely"\n`);
        }
        server = startStdioServer();
        await server.initialize(folder, {});
    });

    afterAll(() => {
        server.stop();
        rmSync(folder, { recursive: true, force: true });
    });

    async function published(name: string): Promise<Diagnostic[]> {
        await server.waitForDiagnostics(() => server.diagnostics.has(uri(name)), `diagnostics of ${name}`, WAIT_MS);
        return server.diagnostics.get(uri(name))!;
    }

    test('one mark: the config applies (the persona is not reported)', async () => {
        expect(await published('one/a.journey')).toEqual([]);
    });

    test('a second U+FEFF after the mark: the config is unusable at line 1, column 1, as `journey lint` says', async () => {
        const found = await published('two/a.journey');
        expect(found.map(d => d.message)).toContainEqual(expect.stringMatching(/journey\.config\.json cannot be used.*line 1, column 1: invalid JSON/));
        // The defaults apply instead.
        expect(found.map(d => d.code)).toContain('persona-unused');
        const cli = await journey(['lint', 'a.journey'], { cwd: join(folder, 'two') });
        expect(cli.stderr).toMatch(/journey\.config\.json:1:1: invalid JSON/);
    });
});
