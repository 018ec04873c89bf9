// Structural keystrokes inside one stage (re-parsed alone and spliced in by the server,
// src/language/journey-document-factory.ts) over a real LSP session with the bundled server:
// the diagram, errors and diagnostics are those of the same text opened afresh.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DiagramRequest, DocumentChangedNotification } from '../../src/common/server-protocol.js';
import { startStdioServer } from '../lsp/stdio-server.js';
import { EXAMPLES } from '../examples.js';

const WITHIN_MS = 10_000;
const folder = mkdtempSync(join(tmpdir(), 'journey-stage-edit-'));
writeFileSync(join(folder, 'common.journey'), readFileSync(join(EXAMPLES, 'common.journey'), 'utf8'));
const retail = readFileSync(join(EXAMPLES, 'retail-ideal.journey'), 'utf8');

let connection: MessageConnection;
let stop: () => void;
const changed: string[] = [];
const diagnostics = new Map<string, Diagnostic[]>();

async function changedTimes(count: number, of: string): Promise<void> {
    const deadline = Date.now() + WITHIN_MS;
    while (changed.filter(u => u === of).length < count) {
        if (Date.now() > deadline) throw new Error(`no journey/documentChanged #${count} for ${of}`);
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

beforeAll(async () => {
    const server = startStdioServer();
    connection = server.connection;
    connection.onNotification(DocumentChangedNotification, params => changed.push(...params.uris));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => diagnostics.set(params.uri, params.diagnostics));
    stop = () => server.stop();
    await server.initialize(folder, {});
});

afterAll(() => stop?.());

describe('structural keystrokes inside a stage', () => {
    test('give the diagram, errors and diagnostics of the same text opened afresh', async () => {
        const typing = pathToFileURL(join(folder, 'typing.journey')).toString();
        let text = retail;
        let version = 1;
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: typing, languageId: 'journey', version, text } });
        await changedTimes(1, typing);
        const type = async (offset: number, removed: number, inserted: string) => {
            const position = (at: number) => {
                const lines = text.slice(0, at).split('\n');
                return { line: lines.length - 1, character: lines[lines.length - 1].length };
            };
            const range = { start: position(offset), end: position(offset + removed) };
            text = text.slice(0, offset) + inserted + text.slice(offset + removed);
            const count = changed.filter(u => u === typing).length + 1;
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri: typing, version: ++version }, contentChanges: [{ range, text: inserted }] });
            await changedTimes(count, typing);
        };
        // A touchpoint line added to the stage `Achat`, one character at a time with its line break.
        const achat = text.indexOf('stage Achat');
        const end = text.indexOf('\n', text.indexOf('{', achat)) + 1;
        let at = end;
        for (const piece of ['\n', '    touchpoint Ajout', ' { emotion -', '1 }']) {
            await type(at, 0, piece);
            at += piece.length;
        }
        // The touchpoint `next Préparation` points at renamed, then named back.
        const name = text.indexOf('touchpoint Préparation') + 'touchpoint Préparation'.length;
        await type(name, 0, 'X');
        await type(name, 1, '');
        await type(text.indexOf('emotion 2') + 8, 1, '1'); // a number
        const lineStart = text.indexOf('\n', end) + 1;
        await type(end, lineStart - end, ''); // the blank line removed
        const typed = await connection.sendRequest(DiagramRequest, { uri: typing });
        expect(typed.diagrams[0].cards.some(card => card.id === 'touchpoint:Ajout')).toBe(true);

        const shown = (of: string) => (diagnostics.get(of) ?? []).map(d => ({ range: d.range, code: d.code, severity: d.severity, message: d.message }));
        const typedDiagnostics = shown(typing);
        await connection.sendNotification('textDocument/didClose', { textDocument: { uri: typing } });
        const fresh = pathToFileURL(join(folder, 'z-fresh.journey')).toString();
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'journey', version, text } });
        await changedTimes(1, fresh);
        const expected = await connection.sendRequest(DiagramRequest, { uri: fresh });
        expect(typed.errors).toEqual(expected.errors);
        expect(typed.diagrams).toEqual(expected.diagrams);
        expect(typedDiagnostics).toEqual(shown(fresh));
        expect(typedDiagnostics.length).toBeGreaterThan(0);
    });
});
