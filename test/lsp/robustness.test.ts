// The language server against hostile input, over stdio as an editor meets it: files that once
// overflowed the stack while being built, requests before `initialize`, broken message framing.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO } from '../examples.js';
import { examplesDir, readExample } from '../test-services.js';
import { startStdioServer, type StdioServer } from './stdio-server.js';
import { printedBy } from '../child-output.js';

const ANSWER_WITHIN_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
    return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS))]);
}

/** 70,000 comment lines before a small map: 140,000 hidden tokens in a row. */
export const MANY_COMMENTS = '// note\n'.repeat(70_000) + 'journey Long "Long" {\n  stage S { touchpoint T }\n}\n';
/** A title of 5 million characters. */
export const HUGE_STRING = `journey Wide "${'a'.repeat(5_000_000)}" {\n  stage S { touchpoint T }\n}\n`;

describe('one hostile file never wedges the server', () => {
    let folder: string;
    let server: StdioServer;
    const uri = (name: string) => pathToFileURL(join(folder, name)).toString();

    beforeAll(async () => {
        folder = mkdtempSync(join(tmpdir(), 'journey-lsp-hostile-'));
        copyFileSync(join(examplesDir, 'common.journey'), join(folder, 'common.journey'));
        writeFileSync(join(folder, 'comments.journey'), MANY_COMMENTS);
        writeFileSync(join(folder, 'string.journey'), HUGE_STRING);
        server = startStdioServer();
        await withTimeout(server.initialize(folder, {}), 'initialize');
    }, 60_000);
    afterAll(() => {
        server?.stop();
        rmSync(folder, { recursive: true, force: true });
    });

    test('the hostile files are built and diagnosed like any other', async () => {
        await server.waitForDiagnostics(() => server.diagnostics.has(uri('comments.journey')) && server.diagnostics.has(uri('string.journey')), 'the hostile files built', 40_000);
        for (const name of ['comments.journey', 'string.journey']) {
            expect(server.diagnostics.get(uri(name))!.filter(d => d.code === 'syntax' || d.code === 'internal-error')).toEqual([]);
        }
        expect(server.stderr()).not.toMatch(/RangeError|unhandled rejection/);
    }, 60_000);

    test('another document still gets hover and diagnostics', async () => {
        const text = readExample('media-subscription.journey');
        const mediaUri = uri('media.journey');
        await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mediaUri, languageId: 'journey', version: 1, text } });
        const before = text.split('\n');
        const line = before.findIndex(l => l.includes('stage '));
        const hover = await withTimeout(server.connection.sendRequest<Hover | null>('textDocument/hover', {
            textDocument: { uri: mediaUri }, position: { line, character: before[line].indexOf('stage ') + 7 }
        }), 'hover');
        expect(hover).not.toBeNull();
        await server.waitForDiagnostics(() => server.diagnostics.has(mediaUri), 'the opened document built', ANSWER_WITHIN_MS);
    }, 60_000);
});

describe('the protocol', () => {
    test('a request before initialize gets ServerNotInitialized (-32002)', async () => {
        const server = startStdioServer();
        try {
            const answer = await withTimeout(server.connection.sendRequest('textDocument/hover', {
                textDocument: { uri: 'file:///x.journey' }, position: { line: 0, character: 0 }
            }).then(() => 'answered', (error: { code?: number }) => error.code), 'hover before initialize');
            expect(answer).toBe(-32002);
            // The server is still usable: initialize succeeds afterwards.
            const folder = mkdtempSync(join(tmpdir(), 'journey-lsp-init-'));
            const result = await withTimeout(server.initialize(folder, {}), 'initialize');
            expect(result.capabilities.hoverProvider).toBeTruthy();
            rmSync(folder, { recursive: true, force: true });
        } finally {
            server.stop();
        }
    }, 30_000);

    for (const [what, header] of [
        ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n'],
        ['a message without Content-Length', 'Content-Type: application/json\r\n\r\n'],
        ['a Content-Length too large', 'Content-Length: 100000\r\n\r\n'],
        ['a Content-Length too small', 'Content-Length: 5\r\n\r\n']
    ] as const) {
        test(`after ${what}, the server answers the next requests`, async () => {
            const child = spawn(process.execPath, ['out/server.cjs', '--stdio'], { cwd: REPO });
            const stdout = printedBy(child, child.stdout);
            const send = (body: object, head?: string) => {
                const json = JSON.stringify(body);
                child.stdin.write((head ?? `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n`) + json);
            };
            try {
                send({ jsonrpc: '2.0', id: 1, method: 'shutdown' }, header);
                send({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
                send({ jsonrpc: '2.0', method: 'initialized', params: {} });
                send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
                // Both answers, in either order; fails, with what the server wrote, if it exits first.
                await stdout.until(/^(?=[^]*"id":2)(?=[^]*"id":3)/, 'the answers to initialize (2) and shutdown (3)', ANSWER_WITHIN_MS);
                expect(stdout.text()).toContain('"id":2');
                expect(stdout.text()).toContain('"id":3');
            } finally {
                child.kill();
            }
        }, 30_000);
    }
});
